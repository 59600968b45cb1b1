import type { Page } from 'playwright-core';
import { expectAccessible, expectNoBrowserProblems, screenshot, startBrowserPlatform, type TestBrowser } from '../support/browser';
import { type TestPlatform } from '../support/platform';
import { registerQualifiedSigner } from '../support/signing';

// The citizen's paid journey from the browser alone: sign in, apply through the steps, sign with the
// browser's own key, submit, pay on the payment system's page, watch the status change live, get
// the result document and rate the service. The officer's part is made through GraphQL (their
// screens are tested apart).
const AIGUL = { login: 'aigul@example.kg', password: 'Citizen2026!' };
const GRS_OFFICER = { login: 'officer.grs@portal.kg', password: 'Officer2026!', pin: '11107198700042', name: 'Gulnara Mamytova' };
const SERVICE_CODE = 'grs-birth-certificate-duplicate';

jest.setTimeout(180_000);

describe("the citizen's paid journey in a browser", () => {
  let platform: TestPlatform;
  let browser: TestBrowser;
  let origin: string;

  beforeAll(async () => {
    ({ browser, platform, origin } = await startBrowserPlatform());
  });

  afterAll(async () => {
    await browser?.close();
    await platform?.close();
  });

  afterEach(() => expectNoBrowserProblems(browser));


  it('applies through the steps, signs in the browser, pays on the payment page and gets the result, live', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${origin}/login?next=${encodeURIComponent(`/services/${SERVICE_CODE}`)}`);
    await page.getByLabel('ПИН, электрондук почта же телефон').fill(AIGUL.login);
    await page.getByLabel('Сырсөз').fill(AIGUL.password);
    await page.getByRole('button', { name: 'Кирүү', exact: true }).click();
    await expectHeading(page, 'Төрөлгөндүгү тууралуу күбөлүктү кайталап берүү');

    await page.getByRole('button', { name: 'Арыз берүү' }).click();
    await expectHeading(page, 'Арыз: Төрөлгөндүгү тууралуу күбөлүктү кайталап берүү');
    const applicationId = /\/applications\/([^/]+)\/form/.exec(page.url())![1]!;
    // the applicant step comes prefilled from the population register
    await page.getByText('Айрым талаалар Калктын мамлекеттик реестринен толтурулду.').waitFor();
    expect(await page.locator('input[name="pin"]').inputValue()).toBe('11505199012345');
    expect(await page.locator('[aria-current="step"]').textContent()).toBe('Арыз ээси');
    await expectAccessible(page, 'form, applicant step (ky)');
    await screenshot(page, 'citizen-form-step1-ky');

    await page.getByRole('button', { name: 'Кийинки' }).click();
    await page.locator('h2#step-heading', { hasText: 'Күбөлүк тууралуу маалыматтар' }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('step-heading');

    // Next with nothing filled: every required field is marked, its message tied to it
    await page.getByRole('button', { name: 'Кийинки' }).click();
    await page.getByRole('alert').filter({ hasText: 'Бул кадамдагы каталарды оңдоңуз: 5' }).waitFor();
    for (const name of ['issuedFor', 'personFullName', 'personBirthDate', 'reason', 'registryOffice']) {
      expect({ name, invalid: await page.getAttribute(`[name="${name}"]`, 'aria-invalid') }).toEqual({ name, invalid: 'true' });
      expect(await describedText(page, name)).toContain('Бул талааны толтуруңуз.');
    }
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('issuedFor');
    await expectAccessible(page, 'form with errors (ky)');
    await screenshot(page, 'citizen-form-errors-ky');

    // a message as you type, from the field's rules (at least 3 characters), gone once it is right
    await page.locator('[name="personFullName"]').fill('Ас');
    expect(await describedText(page, 'personFullName')).toContain('Кеминде 3 белги (азыр 2).');
    await page.locator('[name="personFullName"]').fill('Асанова Айгуль Маратовна');
    expect(await page.getAttribute('[name="personFullName"]', 'aria-invalid')).toBeNull();
    await page.locator('[name="issuedFor"]').selectOption('self');
    await page.locator('[name="personBirthDate"]').fill('1990-05-15');
    await page.locator('[name="reason"]').selectOption('lost');
    await page.locator('[name="registryOffice"]').selectOption('bishkek');
    await page.getByRole('button', { name: 'Кийинки' }).click();
    await page.locator('h2#step-heading', { hasText: 'Текшерүү жана кол коюу' }).waitFor();
    await page.getByTestId('review-certificate').getByText('Асанова Айгуль Маратовна').waitFor();
    await expectAccessible(page, 'review (ky)');

    await page.getByRole('button', { name: 'Русский' }).click();
    await page.locator('h2#step-heading', { hasText: 'Проверка и подпись' }).waitFor();
    await page.getByTestId('review-certificate').getByText('Утеряно').waitFor();
    await expectAccessible(page, 'review (ru)');
    await screenshot(page, 'citizen-form-review-ru');

    await page.getByRole('button', { name: 'Подписать и подать' }).click();
    await submittedOrRefused(page, /^Заявление KG-/);
    expect(page.url()).toBe(`${origin}/applications/${applicationId}`);
    await page.getByTestId('application-status').filter({ hasText: 'Подано' }).waitFor();
    // the documents the portal fetches from the registries, with their state
    await page.getByTestId('registry-documents').getByRole('row').nth(1).waitFor();

    // the key stayed in the browser: registered once, its private half not extractable
    const citizen = await platform.login(AIGUL.login, AIGUL.password);
    const keys = (await platform.ok('{ me { signingKeys { id level revokedAt } } }', {}, citizen)).me.signingKeys as Array<{ id: string; level: string }>;
    expect(keys).toHaveLength(1);
    expect(keys[0]!.level).toBe('SIMPLE');
    const stored = await page.evaluate(
      () =>
        new Promise<{ extractable: boolean; keyId: string | null }>((resolve, reject) => {
          const open = indexedDB.open('portal-signing');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const read = open.result.transaction('keys').objectStore('keys').getAll();
            read.onsuccess = () => {
              const [entry] = read.result as Array<{ keyPair: CryptoKeyPair; keyId: string | null }>;
              resolve({ extractable: entry!.keyPair.privateKey.extractable, keyId: entry!.keyId });
            };
          };
        }),
    );
    expect(stored).toEqual({ extractable: false, keyId: keys[0]!.id });
    const submitted = (await platform.ok('query($id: ID!) { application(id: $id) { number data } }', { id: applicationId }, citizen)).application;
    expect(submitted.data).toMatchObject({ issuedFor: 'self', personFullName: 'Асанова Айгуль Маратовна', personBirthDate: '1990-05-15', fullName: 'Asanova Aigul' });

    // the officer accepts: the page shows the fee to pay, without a reload
    const officer = await platform.login(GRS_OFFICER.login, GRS_OFFICER.password);
    await platform.ok('mutation($id: ID!) { acceptApplication(applicationId: $id) { status } }', { id: applicationId }, officer);
    await page.getByTestId('application-status').filter({ hasText: 'Ожидает оплаты' }).waitFor({ timeout: 30_000 });
    const payButton = page.getByRole('button', { name: /^Оплатить 200,00/ });
    await payButton.waitFor({ timeout: 30_000 });
    await expectAccessible(page, 'application awaiting payment (ru)');
    await screenshot(page, 'citizen-awaiting-payment-ru');

    // the payment system's page opens in a new tab; paying there changes the status here
    const [paymentPage] = await Promise.all([context.waitForEvent('page'), payButton.click()]);
    await paymentPage.waitForLoadState();
    expect(paymentPage.url().startsWith(platform.paymentSystem.url)).toBe(true);
    await paymentPage.getByRole('button', { name: 'Тастыктоо' }).click();
    await paymentPage.locator('h1', { hasText: 'Төлөм кабыл алынды' }).waitFor();
    await paymentPage.close();
    await page.getByTestId('application-status').filter({ hasText: 'На рассмотрении' }).waitFor({ timeout: 30_000 });
    await page.getByTestId('accrual-status').filter({ hasText: 'Оплачено' }).waitFor({ timeout: 30_000 });
    const receipt = page.getByTestId('receipt').getByRole('link');
    await receipt.waitFor({ timeout: 30_000 });
    // the receipt's address is the payments' RECEIPT_BASE_URL (a dev default in tests): the link is checked, not fetched
    expect(await receipt.getAttribute('href')).toMatch(/^https?:\/\/.+/);

    // the officer approves with a signed result document: it appears, with its link
    const officerSigner = await registerQualifiedSigner(platform, officer, { pin: GRS_OFFICER.pin, name: GRS_OFFICER.name, organization: 'GRS' });
    await platform.settle(); // the key reaches applications through the event log
    const resultDocument = { title: 'Повторное свидетельство о рождении', applicationNumber: submitted.number, holder: 'Асанова Айгуль Маратовна' };
    await platform.ok(
      'mutation($input: DecideInput!) { decideApplication(input: $input) { status } }',
      { input: { applicationId, approve: true, resultDocument, signature: await officerSigner.sign(resultDocument), signingKeyId: officerSigner.keyId } },
      officer,
    );
    await page.getByTestId('application-status').filter({ hasText: 'Одобрено' }).waitFor({ timeout: 30_000 });
    await page.getByTestId('announcer').filter({ hasText: 'Статус заявления изменён: Одобрено' }).waitFor({ state: 'attached' });
    const resultLink = page.getByTestId('result-link');
    await resultLink.waitFor({ timeout: 30_000 });
    const download = await fetch(new URL((await resultLink.getAttribute('href'))!, origin));
    expect(download.status).toBe(200);
    expect(await download.text()).toContain('Повторное свидетельство о рождении');

    // rating after the decision: the wrong input is refused next to its field, then the score is kept
    await page.getByRole('button', { name: 'Оценить' }).click();
    expect(await describedText(page, 'score')).toContain('Заполните это поле.');
    await page.getByLabel('Оценка от 1 до 5').selectOption('5');
    await page.getByLabel('Комментарий (необязательно)').fill('Быстро и понятно');
    await page.getByRole('button', { name: 'Оценить' }).click();
    await page.getByRole('region', { name: 'Оценка услуги' }).getByRole('status').filter({ hasText: 'Спасибо! Ваша оценка: 5 из 5.' }).waitFor();
    expect((await platform.ok('query($id: ID!) { application(id: $id) { rating } }', { id: applicationId }, citizen)).application.rating).toBe(5);
    await expectAccessible(page, 'approved application (ru)');
    await screenshot(page, 'citizen-approved-ru');

    await page.getByRole('button', { name: 'Кыргызча' }).click();
    await page.getByTestId('application-status').filter({ hasText: 'Жактырылды' }).waitFor();
    await expectAccessible(page, 'approved application (ky)');

    // the officer's reads are in the citizen's data-access log
    await page.goto(`${origin}/cabinet`);
    await page.getByRole('link', { name: 'Менин маалыматтарымды ким окуду' }).click();
    await expectHeading(page, 'Менин маалыматтарымды ким окуду');
    await page.getByTestId('data-access-log').getByRole('cell', { name: submitted.number }).first().waitFor();
    await expectAccessible(page, 'data-access log (ky)');
    await screenshot(page, 'citizen-data-access-ky');
    await page.getByRole('button', { name: 'Русский' }).click();
    await expectHeading(page, 'Кто читал мои данные');
    await page.getByTestId('data-access-log').waitFor();
    await expectAccessible(page, 'data-access log (ru)');
    await context.close();
  });

  it('keeps the browser key across sign-ins (a second application signed with the same key), withdraws one and appeals the other', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${origin}/login?next=${encodeURIComponent('/services/mvd-no-criminal-record')}`);
    await page.getByLabel('ПИН, электрондук почта же телефон').fill('bakyt@example.kg');
    await page.getByLabel('Сырсөз').fill('Citizen2026!');
    await page.getByRole('button', { name: 'Кирүү', exact: true }).click();
    await page.getByRole('button', { name: 'Арыз берүү' }).click();
    await page.locator('[aria-current="step"]').waitFor();
    await completeAndSubmit(page);
    const bakyt = await platform.login('bakyt@example.kg', 'Citizen2026!');
    const first = (await platform.ok('{ me { signingKeys { id } } }', {}, bakyt)).me.signingKeys as Array<{ id: string }>;
    expect(first).toHaveLength(1);

    // signed out and in again in the same browser: the key in IndexedDB is used, not a new one
    await page.getByRole('button', { name: 'Чыгуу' }).click();
    await page.goto(`${origin}/login?next=${encodeURIComponent('/services/mvd-no-criminal-record')}`);
    await page.getByLabel('ПИН, электрондук почта же телефон').fill('bakyt@example.kg');
    await page.getByLabel('Сырсөз').fill('Citizen2026!');
    await page.getByRole('button', { name: 'Кирүү', exact: true }).click();
    await page.getByRole('button', { name: 'Арыз берүү' }).click();
    await page.locator('[aria-current="step"]').waitFor();
    await completeAndSubmit(page);
    expect((await platform.ok('{ me { signingKeys { id } } }', {}, bakyt)).me.signingKeys).toEqual(first);
    const secondId = /\/applications\/([^/]+)$/.exec(page.url())![1]!;

    // withdrawn from its page, asked twice
    await page.getByRole('button', { name: 'Арызды кайтарып алуу' }).click();
    await page.getByRole('button', { name: 'Ооба, кайтарып алуу' }).click();
    await page.getByTestId('application-status').filter({ hasText: 'Кайтарылып алынды' }).waitFor();
    expect((await platform.ok('query($id: ID!) { application(id: $id) { status } }', { id: secondId }, bakyt)).application.status).toBe('WITHDRAWN');

    // the first one is rejected at intake by the officer: the page offers the appeal, an empty one is refused next to its field
    const mvdOfficer = await platform.login('officer.mvd@portal.kg', 'Officer2026!');
    const firstId = (await platform.ok('{ me { applications(first: 5, filter: { status: [SUBMITTED] }) { edges { node { id } } } } }', {}, bakyt)).me.applications.edges[0].node.id as string;
    await platform.ok('mutation($id: ID!) { rejectApplication(applicationId: $id, reason: "Документтер толук эмес") { status } }', { id: firstId }, mvdOfficer);
    await page.goto(`${origin}/applications/${firstId}`);
    await page.getByTestId('application-status').filter({ hasText: 'Кароого кабыл алынган жок' }).waitFor();
    await page.getByRole('button', { name: 'Даттануу берүү' }).click();
    expect(await describedText(page, 'appeal')).toContain('Бул талааны толтуруңуз.');
    await page.getByLabel(/^Даттануунун тексти/).fill('Бардык документтер порталда бар.');
    await page.getByRole('button', { name: 'Даттануу берүү' }).click();
    await page.getByTestId('appeals').getByText('Бардык документтер порталда бар.', { exact: false }).waitFor();
    expect((await platform.ok('query($id: ID!) { application(id: $id) { appeals { text status } } }', { id: firstId }, bakyt)).application.appeals).toEqual([{ text: 'Бардык документтер порталда бар.', status: 'REGISTERED' }]); // registered with the provider's appeal body at once
    await expectAccessible(page, 'rejected application with an appeal (ky)');
    await screenshot(page, 'citizen-appeal-ky');
    await context.close();
  });
});

/** Goes through the free no-criminal-record form (prefilled applicant, one purpose to choose) and submits it. */
async function completeAndSubmit(page: Page): Promise<void> {
  for (let step = 0; step < 5; step += 1) {
    if (await page.locator('h2#step-heading', { hasText: 'Текшерүү жана кол коюу' }).isVisible()) break;
    for (const select of await page.locator('form select').all()) {
      if ((await select.inputValue()) === '') await select.selectOption({ index: 1 });
    }
    const heading = await page.locator('h2#step-heading').textContent();
    await page.getByRole('button', { name: 'Кийинки' }).click();
    await page.waitForFunction((previous) => document.querySelector('h2#step-heading')?.textContent !== previous, heading);
  }
  await page.getByRole('button', { name: 'Кол коюу жана берүү' }).click();
  await submittedOrRefused(page, /арызы$/);
  await page.getByTestId('application-status').filter({ hasText: 'Берилди' }).waitFor();
}

/** Waits for the submitted application's page; a refusal shown instead fails with its text. */
async function submittedOrRefused(page: Page, heading: RegExp): Promise<void> {
  const submitted = page.locator('h1', { hasText: heading });
  const refusal = page.locator('.form-error');
  await submitted.or(refusal).first().waitFor();
  if (await refusal.isVisible()) throw new Error(`the submission was refused: ${await refusal.textContent()}`);
}

async function expectHeading(page: Page, text: string): Promise<void> {
  await page.locator('h1', { hasText: text }).waitFor();
}

/** The text of everything a field's aria-describedby names: what a screen reader reads with it. */
function describedText(page: Page, name: string): Promise<string> {
  return page.evaluate((field) => {
    const input = document.querySelector(`[name="${field}"]`);
    const ids = input?.getAttribute('aria-describedby')?.split(/\s+/) ?? [];
    return ids.map((id) => document.getElementById(id)?.textContent ?? '').join(' ');
  }, name);
}

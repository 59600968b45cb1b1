import type { BrowserContext, Page } from 'playwright-core';
import { certificateFor, describedText, expectAccessible as expectPageAccessible, expectNoBrowserProblems, registerOfficerKeyThroughPage, screenshot, signInThroughForm, startBrowserPlatform, tabTo, type TestBrowser } from '../support/browser';
import { BIRTH_CERTIFICATE_DUPLICATE, submitApplication, type SubmittedApplication } from '../support/journey';
import { type TestPlatform } from '../support/platform';
import { registerSimpleSigner, revokeTestCertificate, type Signer } from '../support/signing';

// The officer's workspace in headless Chromium against the whole platform: the GRS officer works
// the queue of the paid birth-certificate duplicate, which a citizen submits through the API.
const AIGUL = { login: 'aigul@example.kg', password: 'Citizen2026!' };
const GRS_OFFICER = { login: 'officer.grs@portal.kg', password: 'Officer2026!', pin: '11107198700042', name: 'Gulnara Mamytova', organization: 'GRS' };
const DATA = { issuedFor: 'self', personFullName: 'Асанова Айгуль Маратовна', personBirthDate: '1990-05-15', reason: 'lost', registryOffice: 'bishkek' };

// a test here is several screens in a real browser: on a loaded machine one may take longer than jest's 60 s
jest.setTimeout(180_000);

describe("the officer's workspace in a browser", () => {
  let platform: TestPlatform;
  let browser: TestBrowser;
  let origin: string;
  let citizen: { token: string; signer: Signer };
  let context: BrowserContext;
  let page: Page;
  /** Accepted with the keyboard in one test, decided with a signed result in a later one. */
  let accepted: SubmittedApplication;

  beforeAll(async () => {
    ({ browser, platform, origin } = await startBrowserPlatform());
    const token = await platform.login(AIGUL.login, AIGUL.password);
    citizen = { token, signer: await registerSimpleSigner(platform, token) };
    await platform.settle();
    // one officer session for the file, as an officer keeps the workspace open
    context = await browser.newContext();
    page = await context.newPage();
    await signInThroughForm(page, origin, GRS_OFFICER.login, GRS_OFFICER.password);
  });

  afterAll(async () => {
    platform?.tunduk.setMode('normal');
    await context?.close();
    await browser?.close();
    await platform?.close();
  });

  afterEach(() => expectNoBrowserProblems(browser));

  const expectAccessible = (screen: string) => expectPageAccessible(page, screen);

  const heading = (text: string) => page.locator('h1', { hasText: text }).waitFor();
  const submit = () => submitApplication(platform, citizen, BIRTH_CERTIFICATE_DUPLICATE, DATA);
  const status = (text: string) => page.getByTestId('application-status').filter({ hasText: text }).waitFor({ timeout: 30_000 });

  async function registryDocumentsSettled(id: string) {
    await platform.until(
      () => platform.ok('query($id: ID!) { application(id: $id) { registryDocuments { status } } }', { id }, citizen.token),
      (d) => d.application.registryDocuments.every((doc: { status: string }) => doc.status !== 'PENDING'),
      'the registry documents',
    );
  }

  it('shows a new application in the queue live, filters the queue, and lets the officer take it', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Арыздар кезеги' }).click();
    await heading('Арыздар кезеги');
    await page.getByTestId('queue-count').waitFor();
    await page.getByText('Мекеме: ').waitFor();
    await expectAccessible('queue (ky)');

    // no reload: the provider's feed brings the new application and announces it politely
    const fresh = await submit();
    const row = page.getByTestId(`queue-row-${fresh.number}`);
    await row.waitFor({ timeout: 30_000 });
    await page.getByTestId('announcer').filter({ hasText: `Жаңы арыз ${fresh.number}` }).waitFor({ state: 'attached' });
    expect(await row.textContent()).toContain('Берилди');
    expect(await row.textContent()).toContain('дайындала элек');
    await screenshot(page, 'officer-queue-ky');

    // filters live in the address; an application on time is not among the overdue ones
    await page.getByLabel('Мөөнөтү', { exact: true }).selectOption('true');
    await page.getByRole('button', { name: 'Көрсөтүү' }).click();
    await page.waitForURL(/overdue=true/);
    await page.getByTestId('queue-count').waitFor();
    await expectCount(row, 0);
    await page.getByLabel('Мөөнөтү', { exact: true }).selectOption('false');
    await page.getByLabel('Абалы', { exact: true }).selectOption('SUBMITTED');
    await page.getByRole('button', { name: 'Көрсөтүү' }).click();
    await page.waitForURL(/status=SUBMITTED/);
    await row.waitFor();
    expect(await row.textContent()).not.toContain('Мөөнөтү өттү');

    // once its intake deadline has passed it is flagged, in words (not by colour alone), and found among the overdue
    await platform.subgraphs.applications.orm.em.fork().execute(`update applications.application set intake_due_at = now() - interval '1 minute' where id = ?`, [fresh.id]);
    await page.getByLabel('Мөөнөтү', { exact: true }).selectOption('true');
    await page.getByRole('button', { name: 'Көрсөтүү' }).click();
    await page.waitForURL(/overdue=true/);
    await row.filter({ hasText: 'Мөөнөтү өттү' }).waitFor();
    expect(await row.getAttribute('class')).toContain('overdue-row');
    await expectAccessible('queue with an overdue application (ky)');

    // taking it: the executor is the officer, and "assigned to me" now finds it
    await page.getByRole('button', { name: `${fresh.number} арызын өзүмө алуу` }).click();
    await row.filter({ hasText: GRS_OFFICER.name }).waitFor();
    await page.getByTestId('announcer').filter({ hasText: `${fresh.number} арызы сизге дайындалды.` }).waitFor({ state: 'attached' });
    await page.getByLabel('Мага дайындалгандар гана').check();
    await page.getByRole('button', { name: 'Көрсөтүү' }).click();
    await page.waitForURL(/mine=1/);
    await row.waitFor();
    const executor = await platform.ok('query($id: ID!) { application(id: $id) { executor { fullName } } }', { id: fresh.id }, await platform.login(GRS_OFFICER.login, GRS_OFFICER.password));
    expect(executor.application.executor.fullName).toBe(GRS_OFFICER.name);

    await page.getByRole('button', { name: 'Русский' }).click();
    await heading('Очередь заявлений');
    await page.getByTestId('queue-count').waitFor();
    await row.filter({ hasText: 'Подано' }).waitFor();
    await expectAccessible('queue (ru)');
    await screenshot(page, 'officer-queue-ru');
    await page.getByRole('button', { name: 'Кыргызча' }).click();
    await heading('Арыздар кезеги');
  });

  it('shows the application with its data and registry documents; a missing one is waived with a reason, then it is accepted with the keyboard alone', async () => {
    platform.tunduk.setMode('unavailable');
    try {
      accepted = await submit();
      await page.goto(`${origin}/officer?status=SUBMITTED`);
      await page.getByRole('link', { name: accepted.number }).click();
      await heading(`${accepted.number} арызы`);
      await status('Берилди');
      await page.getByTestId('form-data').filter({ hasText: 'Асанова Айгуль Маратовна' }).waitFor();
      await page.getByTestId('registry-documents').filter({ hasText: 'Реестрдин жообу күтүлүүдө' }).waitFor();
      await expectAccessible('officer application, documents pending (ky)');
      await screenshot(page, 'officer-application-pending-ky');

      // while a document is pending intake is refused, and the refusal is shown
      await page.getByRole('button', { name: 'Кароого кабыл алуу' }).click();
      await page.getByRole('alert').first().waitFor();
      expect(await page.getByRole('alert').first().textContent()).not.toBe('');

      // each pending document: waived with a reason, the empty reason refused next to its field
      const waiveButtons = page.getByRole('button', { name: /документисиз кабыл алуу$/ });
      const pending = await waiveButtons.count();
      expect(pending).toBeGreaterThan(0);
      for (let i = 0; i < pending; i += 1) {
        await waiveButtons.first().click();
        const form = page.locator('form[data-waive]');
        await form.getByRole('button', { name: 'Документсиз кабыл алуу' }).click();
        const reason = form.locator('textarea');
        expect(await reason.getAttribute('aria-invalid')).toBe('true');
        expect(await describedText(page, (await reason.getAttribute('name')) ?? '')).toContain('Себебин көрсөтүңүз.');
        await reason.fill('Арыз ээси тейлөө борборунда түп нускасын көрсөттү.');
        await form.getByRole('button', { name: 'Документсиз кабыл алуу' }).click();
        await form.waitFor({ state: 'detached' });
      }
      await page.getByTestId('registry-documents').filter({ hasText: 'Документсиз кабыл алынды' }).waitFor();
      await page.getByTestId('registry-documents').filter({ hasText: GRS_OFFICER.name }).waitFor();
    } finally {
      platform.tunduk.setMode('normal');
    }

    // the keyboard alone: from the heading, Tab to "accept", Enter; the paid service now waits for its fee
    await page.reload();
    await heading(`${accepted.number} арызы`);
    await page.locator('h1').focus();
    await tabTo(page, 'button.primary');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Кароого кабыл алуу');
    await page.keyboard.press('Enter');
    await status('Төлөм күтүлүүдө');
    await page.getByTestId('announcer').filter({ hasText: `${accepted.number} арызы кабыл алынды.` }).waitFor({ state: 'attached' });
    await page.getByTestId('payment').filter({ hasText: 'Төлөм күтүлүүдө' }).waitFor({ timeout: 30_000 });
    await expectAccessible('officer application, awaiting payment (ky)');
  });

  it('rejects an application at intake with a reason, from the keyboard alone', async () => {
    const rejected = await submit();
    await registryDocumentsSettled(rejected.id);
    await page.goto(`${origin}/officer/applications/${rejected.id}`);
    await heading(`${rejected.number} арызы`);
    await status('Берилди');
    await page.locator('h1').focus();
    await tabTo(page, 'button[aria-expanded]');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Кабыл алуудан баш тартуу');
    await page.keyboard.press('Enter');
    // the opened form's field has the focus; an empty reason is refused next to it
    await page.waitForFunction(() => document.activeElement?.getAttribute('name') === 'reason');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.locator('textarea[name="reason"][aria-invalid="true"]').waitFor();
    await page.waitForFunction(() => document.activeElement?.getAttribute('name') === 'reason');
    expect(await describedText(page, 'reason')).toContain('Себебин көрсөтүңүз.');
    await expectAccessible('reject form with an error (ky)');
    await page.keyboard.type('Туулган жылы паспорттогу маалыматка дал келбейт.');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await status('Кароого кабыл алынган жок');
    await page.getByTestId('application-history').getByRole('cell', { name: 'Туулган жылы паспорттогу маалыматка дал келбейт.' }).waitFor();
    await page.getByText('Азыр арыз боюнча аракет жок.').waitFor();
    await screenshot(page, 'officer-application-rejected-ky');
    const seen = await platform.ok('query($id: ID!) { application(id: $id) { status refusalReason } }', { id: rejected.id }, citizen.token);
    expect(seen.application).toEqual({ status: 'REJECTED', refusalReason: 'Туулган жылы паспорттогу маалыматка дал келбейт.' });
  });

  it("registers the officer's qualified browser key from a CA certificate (a revoked one is refused at the field) and signs the result with it", async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Кол тамга ачкычы' }).click();
    await heading('Квалификациялуу кол тамганын ачкычы');
    await page.getByTestId('key-state').filter({ hasText: 'катала элек' }).waitFor();
    await expectAccessible('signing key (ky)');
    await screenshot(page, 'officer-signing-key-ky');

    // a certificate revoked before it is registered: refused, the reason next to the chain field, in Kyrgyz
    const jwk = JSON.parse((await page.getByTestId('public-jwk').textContent()) ?? '{}') as unknown;
    const revoked = await certificateFor(platform.certificationAuthority.url, jwk, GRS_OFFICER);
    await revokeTestCertificate(platform, revoked.serialNumber);
    await page.locator('textarea[name="certificateChainPem"]').fill(revoked.chainPem.join('\n'));
    await page.getByRole('button', { name: 'Ачкычты каттоо' }).click();
    await page.locator('textarea[name="certificateChainPem"][aria-invalid="true"]').waitFor();
    expect(await describedText(page, 'certificateChainPem')).toMatch(/[А-Яа-яӨөҮүҢң]/);
    await expectAccessible('signing key refused (ky)');
    await page.getByRole('button', { name: 'Русский' }).click();
    await heading('Ключ квалифицированной подписи');
    await expectAccessible('signing key (ru)');
    await page.getByRole('button', { name: 'Кыргызча' }).click();

    await registerOfficerKeyThroughPage(page, origin, platform.certificationAuthority.url, GRS_OFFICER);
    await page.getByTestId('key-state').filter({ hasText: 'квалификациялуу катары катталган' }).waitFor();
    expect(await page.getByTestId('key-level').textContent()).toBe('Квалификациялуу электрондук кол тамга');
    await page.getByTestId('key-expiry').waitFor();
    await expectAccessible('signing key registered (ky)');
    await screenshot(page, 'officer-signing-key-registered-ky');

    // the citizen pays; the open page follows to IN_REVIEW by itself
    await page.goto(`${origin}/officer/applications/${accepted.id}`);
    await heading(`${accepted.number} арызы`);
    const accrual = (await platform.ok('query($id: ID!) { application(id: $id) { accrual { id } } }', { id: accepted.id }, citizen.token)).application.accrual;
    const session = (await platform.ok('mutation($id: ID!) { startPayment(accrualId: $id) { paymentUrl } }', { id: accrual.id }, citizen.token)).startPayment;
    expect((await fetch(session.paymentUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ outcome: 'success' }) })).status).toBe(200);
    await status('Каралууда');
    await page.getByTestId('payment').filter({ hasText: 'Төлөндү' }).waitFor({ timeout: 30_000 });

    // the service's result form, its title and application number already filled in
    await page.getByRole('button', { name: 'Жактыруу жана документ берүү' }).click();
    expect(await page.locator('input[name="applicationNumber"]').inputValue()).toBe(accepted.number);
    await page.getByLabel('Жыйынтыгы', { exact: true }).fill('Туулгандыгы тууралуу күбөлүк кайра берилди.');
    await expectAccessible('approve form (ky)');
    await page.getByRole('button', { name: 'Кол коюу жана жактыруу' }).click();
    await status('Жактырылды');
    await page.getByTestId('result').filter({ hasText: GRS_OFFICER.name }).waitFor();
    await expectAccessible('officer application, approved (ky)');
    await screenshot(page, 'officer-application-approved-ky');
    const result = (await platform.ok('query($id: ID!) { application(id: $id) { status result { number document signedBy { fullName } } } }', { id: accepted.id }, citizen.token)).application;
    expect(result.status).toBe('APPROVED');
    expect(result.result.signedBy.fullName).toBe(GRS_OFFICER.name);
    expect(result.result.document).toEqual(expect.objectContaining({ applicationNumber: accepted.number, result: 'Туулгандыгы тууралуу күбөлүк кайра берилди.' }));
  });

  it("warns, in another browser of the same officer, that a certificate naming another organization cannot sign the provider's results", async () => {
    const otherContext = await browser.newContext();
    const other = await otherContext.newPage();
    await signInThroughForm(other, origin, GRS_OFFICER.login, GRS_OFFICER.password);
    await registerOfficerKeyThroughPage(other, origin, platform.certificationAuthority.url, { ...GRS_OFFICER, organization: 'MVD' });
    const warning = other.getByRole('alert').filter({ hasText: 'MVD' });
    await warning.waitFor();
    expect(await warning.textContent()).toContain('GRS');
    await expectPageAccessible(other, 'signing key of another organization (ky)');
    await screenshot(other, 'officer-signing-key-wrong-organization-ky');
    await otherContext.close();
  });

  it('refuses an application in review with a motivated reason, in Russian', async () => {
    const reviewed = await submit();
    await registryDocumentsSettled(reviewed.id);
    const officer = await platform.login(GRS_OFFICER.login, GRS_OFFICER.password);
    await platform.ok('mutation($id: ID!) { acceptApplication(applicationId: $id) { id } }', { id: reviewed.id }, officer);
    const accrual = (await platform.until(() => platform.ok('query($id: ID!) { application(id: $id) { accrual { id } } }', { id: reviewed.id }, citizen.token), (d) => Boolean(d.application.accrual), 'the accrual')).application.accrual;
    const session = (await platform.ok('mutation($id: ID!) { startPayment(accrualId: $id) { paymentUrl } }', { id: accrual.id }, citizen.token)).startPayment;
    expect((await fetch(session.paymentUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ outcome: 'success' }) })).status).toBe(200);
    await platform.until(() => platform.ok('query($id: ID!) { application(id: $id) { status } }', { id: reviewed.id }, citizen.token), (d) => d.application.status === 'IN_REVIEW', 'the review');

    await page.goto(`${origin}/officer/applications/${reviewed.id}`);
    await page.getByRole('button', { name: 'Русский' }).click();
    await heading(`Заявление ${reviewed.number}`);
    await status('На рассмотрении');
    await page.getByTestId('payment').filter({ hasText: 'Оплачено' }).waitFor();
    await expectAccessible('officer application, in review (ru)');
    await page.getByRole('button', { name: 'Отказать в услуге' }).click();
    await page.getByRole('button', { name: 'Отказать', exact: true }).click();
    await page.locator('textarea[name="reason"][aria-invalid="true"]').waitFor();
    expect(await describedText(page, 'reason')).toContain('Укажите причину.');
    await expectAccessible('refuse form with an error (ru)');
    await page.locator('textarea[name="reason"]').fill('Запись о рождении в реестре закрыта по решению суда.');
    await page.getByRole('button', { name: 'Отказать', exact: true }).click();
    await status('Отказано');
    await page.getByText('Сейчас по заявлению действий нет.').waitFor();
    await expectAccessible('officer application, refused (ru)');
    await screenshot(page, 'officer-application-refused-ru');
    const seen = await platform.ok('query($id: ID!) { application(id: $id) { status refusalReason } }', { id: reviewed.id }, citizen.token);
    expect(seen.application).toEqual({ status: 'REFUSED', refusalReason: 'Запись о рождении в реестре закрыта по решению суда.' });
    await page.getByRole('button', { name: 'Кыргызча' }).click();
  });

  it('pages through a queue longer than a page, forward and back', async () => {
    const officer = await platform.login(GRS_OFFICER.login, GRS_OFFICER.password);
    const open = async () => (await platform.ok('{ applicationQueue(filter: { status: [SUBMITTED, AWAITING_PAYMENT, IN_REVIEW] }, first: 1) { totalCount } }', {}, officer)).applicationQueue.totalCount as number;
    // a page is 20 rows: fill the open queue to 22
    for (let missing = 22 - (await open()); missing > 0; missing -= 2) await Promise.all([submit(), submit()]);
    await page.goto(`${origin}/officer`);
    await heading('Арыздар кезеги');
    const rows = page.locator('[data-testid="queue"] tbody tr');
    await rows.nth(19).waitFor();
    expect(await rows.count()).toBe(20);
    const firstPage = await rows.first().textContent();
    const pages = page.getByRole('navigation', { name: 'Кезектин барактары' });
    await pages.getByRole('button', { name: 'Кийинки барак' }).click();
    await pages.getByText('2-барак').waitFor();
    await expectCount(rows, (await open()) - 20);
    expect(await pages.getByRole('button', { name: 'Кийинки барак' }).isDisabled()).toBe(true);
    await expectAccessible('queue, second page (ky)');
    await pages.getByRole('button', { name: 'Мурунку барак' }).click();
    await pages.getByText('1-барак').waitFor();
    await rows.nth(19).waitFor();
    expect(await rows.first().textContent()).toBe(firstPage);
  });

  it('is for provider officers only: a citizen is told so, and the API refuses the queue', async () => {
    const citizenContext = await browser.newContext();
    const citizenPage = await citizenContext.newPage();
    await signInThroughForm(citizenPage, origin, AIGUL.login, AIGUL.password);
    expect(await citizenPage.getByRole('navigation').getByRole('link', { name: 'Арыздар кезеги' }).count()).toBe(0);
    await citizenPage.goto(`${origin}/officer`);
    await citizenPage.getByText('Бул мекемелердин кызматкерлеринин иш орду.').waitFor();
    const refused = await platform.gql('{ applicationQueue(first: 1) { totalCount } }', {}, { token: citizen.token });
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    await citizenContext.close();
  });
});

/** Waits a moment for a list to settle to `count` items (the count assertion of @playwright/test, which this suite does not use). */
async function expectCount(locator: { count(): Promise<number> }, count: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const seen = await locator.count();
    if (seen === count || Date.now() > deadline) return expect(seen).toBe(count);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

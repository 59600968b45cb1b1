import type { BrowserContext, Page } from 'playwright-core';
import { describedText, expectAccessible, expectNoBrowserProblems, registerOfficerKeyThroughPage, screenshot, signInThroughForm, startBrowserPlatform, type TestBrowser } from '../support/browser';
import { BIRTH_CERTIFICATE_DUPLICATE, submitApplication } from '../support/journey';
import { type TestPlatform } from '../support/platform';
import { registerSimpleSigner, type Signer } from '../support/signing';

// Results the provider defines in headless Chromium: the GRS officer
// approves through the service's result form, the citizen collects an in-person result and chooses
// a record in the information system for MVD's no-criminal-record certificate, and the service
// page says where and when to come. axe checks every new or changed screen in Kyrgyz and Russian.
const AIGUL = { login: 'aigul@example.kg', password: 'Citizen2026!' };
const BAKYT = { login: 'bakyt@example.kg', password: 'Citizen2026!' };
const MVD_OFFICER = { login: 'officer.mvd@portal.kg', password: 'Officer2026!', pin: '22004198200031', name: 'Azamat Sydykov', organization: 'MVD' };
const GRS_OFFICER = { login: 'officer.grs@portal.kg', password: 'Officer2026!', pin: '11107198700042', name: 'Gulnara Mamytova', organization: 'GRS' };
const DATA = { issuedFor: 'self', personFullName: 'Асанова Айгуль Маратовна', personBirthDate: '1990-05-15', reason: 'lost', registryOffice: 'bishkek' };
const SERVICE_TITLE_KY = 'Төрөлгөндүгү тууралуу күбөлүктү кайталап берүү';

jest.setTimeout(180_000);

describe('results the provider defines, in a browser', () => {
  let platform: TestPlatform;
  let browser: TestBrowser;
  let origin: string;
  let citizen: { token: string; signer: Signer };
  /** Bakyt's no-criminal-record application, submitted with the result as a record in one test and decided in a later one. */
  let recordApplicationId: string;

  beforeAll(async () => {
    ({ browser, platform, origin } = await startBrowserPlatform());
    const token = await platform.login(AIGUL.login, AIGUL.password);
    citizen = { token, signer: await registerSimpleSigner(platform, token) };
    await platform.settle();
  });

  afterAll(async () => {
    await browser?.close();
    await platform?.close();
  });

  afterEach(() => expectNoBrowserProblems(browser));


  const heading = (page: Page, text: string | RegExp) => page.locator('h1', { hasText: text }).waitFor();
  const status = (page: Page, text: string) => page.getByTestId('application-status').filter({ hasText: text }).waitFor({ timeout: 30_000 });
  const toRussian = async (page: Page) => page.getByRole('button', { name: 'Русский' }).click();
  const toKyrgyz = async (page: Page) => page.getByRole('button', { name: 'Кыргызча' }).click();

  /** The birth-certificate duplicate submitted, accepted and paid through the API: in review, waiting for the officer's decision. */
  async function inReview(): Promise<{ id: string; number: string }> {
    const submitted = await submitApplication(platform, citizen, BIRTH_CERTIFICATE_DUPLICATE, DATA);
    await platform.until(
      () => platform.ok('query($id: ID!) { application(id: $id) { registryDocuments { status } } }', { id: submitted.id }, citizen.token),
      (d) => d.application.registryDocuments.every((doc: { status: string }) => doc.status !== 'PENDING'),
      'the registry documents',
    );
    const officer = await platform.login(GRS_OFFICER.login, GRS_OFFICER.password);
    await platform.ok('mutation($id: ID!) { acceptApplication(applicationId: $id) { id } }', { id: submitted.id }, officer);
    const accrual = (await platform.until(() => platform.ok('query($id: ID!) { application(id: $id) { accrual { id } } }', { id: submitted.id }, citizen.token), (d) => Boolean(d.application.accrual), 'the accrual')).application.accrual;
    const session = (await platform.ok('mutation($id: ID!) { startPayment(accrualId: $id) { paymentUrl } }', { id: accrual.id }, citizen.token)).startPayment;
    expect((await fetch(session.paymentUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ outcome: 'success' }) })).status).toBe(200);
    await platform.until(() => platform.ok('query($id: ID!) { application(id: $id) { status } }', { id: submitted.id }, citizen.token), (d) => d.application.status === 'IN_REVIEW', 'the review');
    return submitted;
  }

  it("approves through the service's result form: a required field left empty is refused next to it, then filled and signed; the citizen is told where to collect it", async () => {
    const application = await inReview();
    const officerContext: BrowserContext = await browser.newContext();
    const page = await officerContext.newPage();
    await signInThroughForm(page, origin, GRS_OFFICER.login, GRS_OFFICER.password);
    await registerOfficerKeyThroughPage(page, origin, platform.certificationAuthority.url, GRS_OFFICER);

    await page.goto(`${origin}/officer/applications/${application.id}`);
    await heading(page, `${application.number} арызы`);
    await status(page, 'Каралууда');
    await page.getByRole('button', { name: 'Жактыруу жана документ берүү' }).click();
    // the result form of the application's own service version, its head filled in
    const title = page.locator('input[name="title"]');
    await title.waitFor();
    expect(await title.inputValue()).toBe(SERVICE_TITLE_KY);
    expect(await page.locator('input[name="applicationNumber"]').inputValue()).toBe(application.number);
    expect(await page.locator('input[name="certificateSeries"]').inputValue()).toBe('');
    await page.getByTestId('result-step-result').filter({ hasText: 'Кызмат көрсөтүүнүн жыйынтыгы' }).waitFor();
    await expectAccessible(page, 'result form (ky)');

    // a required field left empty: nothing is signed, the message is next to the field, which has the focus
    await title.fill('');
    await page.getByRole('button', { name: 'Кол коюу жана жактыруу' }).click();
    await page.locator('input[name="title"][aria-invalid="true"]').waitFor();
    await page.waitForFunction(() => document.activeElement?.getAttribute('name') === 'title');
    expect(await describedText(page, 'title')).toContain('Бул талааны толтуруңуз.');
    expect((await platform.ok('query($id: ID!) { application(id: $id) { status } }', { id: application.id }, citizen.token)).application.status).toBe('IN_REVIEW');
    await expectAccessible(page, 'result form with an error (ky)');
    await screenshot(page, 'results-officer-form-error-ky');
    await toRussian(page);
    await heading(page, `Заявление ${application.number}`);
    await page.getByLabel('Серия и номер свидетельства').waitFor();
    expect(await describedText(page, 'title')).toContain('Заполните это поле.');
    await expectAccessible(page, 'result form with an error (ru)');
    await screenshot(page, 'results-officer-form-error-ru');
    await toKyrgyz(page);
    await heading(page, `${application.number} арызы`);

    await title.fill('Төрөлгөндүгү тууралуу кайталама күбөлүк');
    expect(await page.getAttribute('input[name="title"]', 'aria-invalid')).toBeNull();
    await page.getByLabel('Күбөлүктүн сериясы жана номери').fill('I-АН 123456');
    await page.getByLabel('Жыйынтыгы', { exact: true }).fill('Кайталама күбөлүк даярдалды.');
    await page.getByRole('button', { name: 'Кол коюу жана жактыруу' }).click();
    await status(page, 'Жактырылды');
    await page.getByTestId('result').filter({ hasText: GRS_OFFICER.name }).waitFor();
    const decided = (await platform.ok('query($id: ID!) { application(id: $id) { status resultFormat applicant { fullName } result { document } } }', { id: application.id }, citizen.token)).application;
    // the signed document is the filled form, field by field
    expect(decided.result.document).toEqual({
      title: 'Төрөлгөндүгү тууралуу кайталама күбөлүк',
      applicationNumber: application.number,
      holder: decided.applicant.fullName,
      certificateSeries: 'I-АН 123456',
      result: 'Кайталама күбөлүк даярдалды.',
    });
    expect(decided.resultFormat).toBe('DOCUMENT');
    await officerContext.close();

    // the citizen: an in-person result, so the page says where and when to collect it
    const citizenContext = await browser.newContext();
    const citizenPage = await citizenContext.newPage();
    await signInThroughForm(citizenPage, origin, AIGUL.login, AIGUL.password);
    await citizenPage.goto(`${origin}/applications/${application.id}`);
    await heading(citizenPage, `${application.number} арызы`);
    await status(citizenPage, 'Жактырылды');
    const collect = citizenPage.getByTestId('collect-result');
    await collect.filter({ hasText: 'Жыйынтыкты кайдан алуу' }).waitFor();
    expect(await collect.textContent()).toContain('Арызда тандалган жарандык абал актыларын каттоо бөлүмү');
    expect(await citizenPage.getByTestId('result-format').textContent()).toBe('Кол коюлган электрондук документ');
    await expectAccessible(citizenPage, 'approved in-person application (ky)');
    await screenshot(citizenPage, 'results-citizen-collect-ky');
    await toRussian(citizenPage);
    await collect.filter({ hasText: 'Где получить результат' }).waitFor();
    expect(await collect.textContent()).toContain('Отдел ЗАГС, выбранный в заявлении');
    expect(await collect.textContent()).toContain('пн-пт 9:00-17:00');
    await expectAccessible(citizenPage, 'approved in-person application (ru)');
    await citizenContext.close();
  });

  it("lets the citizen choose the result as a record in the information system for MVD's certificate, on the review step, and shows it on the application page", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${origin}/login?next=${encodeURIComponent('/services/mvd-no-criminal-record')}`);
    await page.getByLabel('ПИН, электрондук почта же телефон').fill(BAKYT.login);
    await page.getByLabel('Сырсөз').fill(BAKYT.password);
    await page.getByRole('button', { name: 'Кирүү', exact: true }).click();
    await page.getByText('Документтин ордуна маалыматтык системадагы маалыматты тандоого болот').waitFor();
    await page.getByRole('button', { name: 'Арыз берүү' }).click();
    await page.locator('[aria-current="step"]').waitFor();
    await reachReview(page);

    const choice = page.getByTestId('result-format');
    await choice.filter({ hasText: 'Жыйынтыкты кантип алуу' }).waitFor();
    expect(await page.getByLabel('Кол коюлган электрондук документ').isChecked()).toBe(true);
    await expectAccessible(page, 'review with the result format (ky)');
    await page.getByLabel('Мекеменин маалыматтык системасындагы маалымат').check();
    await page.getByTestId('announcer').filter({ hasText: 'Жыйынтыкты алуу ыкмасы сакталды.' }).waitFor({ state: 'attached' });
    const applicationId = /\/applications\/([^/]+)\/form$/.exec(page.url())![1]!;
    recordApplicationId = applicationId;
    const bakyt = await platform.login(BAKYT.login, BAKYT.password);
    // saved with the draft, before the submission
    expect((await platform.ok('query($id: ID!) { application(id: $id) { status resultFormat } }', { id: applicationId }, bakyt)).application).toEqual({ status: 'DRAFT', resultFormat: 'INFORMATION_SYSTEM_RECORD' });
    await screenshot(page, 'results-citizen-format-ky');
    await toRussian(page);
    await choice.filter({ hasText: 'Как получить результат' }).waitFor();
    expect(await page.getByLabel('Сведения в информационной системе ведомства').isChecked()).toBe(true);
    await expectAccessible(page, 'review with the result format (ru)');
    await toKyrgyz(page);
    await choice.filter({ hasText: 'Жыйынтыкты кантип алуу' }).waitFor();

    await page.getByRole('button', { name: 'Кол коюу жана берүү' }).click();
    const submitted = page.locator('h1', { hasText: /арызы$/ });
    const refusal = page.locator('.form-error');
    await submitted.or(refusal).first().waitFor();
    if (await refusal.isVisible()) throw new Error(`the submission was refused: ${await refusal.textContent()}`);
    await status(page, 'Берилди');
    expect(await page.getByTestId('result-format').textContent()).toBe('Мекеменин маалыматтык системасындагы маалымат');
    expect((await platform.ok('query($id: ID!) { application(id: $id) { status resultFormat } }', { id: applicationId }, bakyt)).application).toEqual({ status: 'SUBMITTED', resultFormat: 'INFORMATION_SYSTEM_RECORD' });
    await expectAccessible(page, 'application with a record as its result (ky)');
    await toRussian(page);
    await page.getByTestId('result-format').filter({ hasText: 'Сведения в информационной системе ведомства' }).waitFor();
    await expectAccessible(page, 'application with a record as its result (ru)');
    await context.close();
  });

  it("shows decideApplication's refusal of a result field next to that field, then approves the record", async () => {
    const bakyt = await platform.login(BAKYT.login, BAKYT.password);
    const officer = await platform.login(MVD_OFFICER.login, MVD_OFFICER.password);
    await platform.until(
      () => platform.ok('query($id: ID!) { application(id: $id) { registryDocuments { status } } }', { id: recordApplicationId }, bakyt),
      (d) => d.application.registryDocuments.every((doc: { status: string }) => doc.status !== 'PENDING'),
      'the registry documents',
    );
    await platform.ok('mutation($id: ID!) { acceptApplication(applicationId: $id) { id } }', { id: recordApplicationId }, officer);
    await platform.until(() => platform.ok('query($id: ID!) { application(id: $id) { status } }', { id: recordApplicationId }, bakyt), (d) => d.application.status === 'IN_REVIEW', 'the review');

    const context = await browser.newContext();
    const page = await context.newPage();
    await signInThroughForm(page, origin, MVD_OFFICER.login, MVD_OFFICER.password);
    await registerOfficerKeyThroughPage(page, origin, platform.certificationAuthority.url, MVD_OFFICER);
    await page.goto(`${origin}/officer/applications/${recordApplicationId}`);
    await status(page, 'Каралууда');
    await page.getByRole('button', { name: 'Жактыруу жана документ берүү' }).click();
    await page.locator('input[name="pin"]').waitFor();
    // fourteen digits pass the browser's check; the impossible date in them only the server knows
    await page.locator('input[name="pin"]').fill('29999999999999');
    await page.getByLabel('Соттуулугу жөнүндө маалымат', { exact: false }).fill('Соттуулугу жок.');
    await page.getByRole('button', { name: 'Кол коюу жана жактыруу' }).click();
    await page.locator('input[name="pin"][aria-invalid="true"]').waitFor();
    expect(await describedText(page, 'pin')).toMatch(/[ҮүӨөҢң]/);
    expect((await platform.ok('query($id: ID!) { application(id: $id) { status } }', { id: recordApplicationId }, bakyt)).application.status).toBe('IN_REVIEW');
    await expectAccessible(page, 'result form with a server error (ky)');
    await screenshot(page, 'results-officer-server-error-ky');

    await page.locator('input[name="pin"]').fill('20308198500017');
    expect(await page.getAttribute('input[name="pin"]', 'aria-invalid')).toBeNull();
    await page.getByRole('button', { name: 'Кол коюу жана жактыруу' }).click();
    await status(page, 'Жактырылды');
    const decided = (await platform.ok('query($id: ID!) { application(id: $id) { resultFormat result { document } } }', { id: recordApplicationId }, bakyt)).application;
    expect(decided.resultFormat).toBe('INFORMATION_SYSTEM_RECORD');
    expect(decided.result.document).toEqual(expect.objectContaining({ pin: '20308198500017', result: 'Соттуулугу жок.' }));
    await context.close();
  });

  it("shows on GRS's birth-certificate duplicate page where and when to come, and that a personal visit is needed", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${origin}/services/grs-birth-certificate-duplicate`);
    await heading(page, SERVICE_TITLE_KY);
    const reception = page.getByRole('region', { name: 'Мекемеде кабыл алуу' });
    await reception.waitFor();
    expect(await reception.textContent()).toContain('Бул кызмат үчүн мекемеге жеке келүү керек');
    expect(await reception.getByTestId('reception').textContent()).toContain('Арызда тандалган жарандык абал актыларын каттоо бөлүмү');
    expect(await reception.getByTestId('reception').textContent()).toContain('дүйшөмбү-жума 9:00-17:00');
    await expectAccessible(page, 'service page with the reception (ky)');
    await screenshot(page, 'results-service-reception-ky');
    await toRussian(page);
    const receptionRu = page.getByRole('region', { name: 'Приём в ведомстве' });
    await receptionRu.filter({ hasText: 'Отдел ЗАГС, выбранный в заявлении' }).waitFor();
    expect(await receptionRu.textContent()).toContain('нужен личный визит');
    expect(await receptionRu.textContent()).toContain('пн-пт 9:00-17:00, перерыв 12:30-13:30');
    await expectAccessible(page, 'service page with the reception (ru)');
    await screenshot(page, 'results-service-reception-ru');

    // a service without a visit or an in-person result has no reception section
    await page.goto(`${origin}/services/mvd-no-criminal-record`);
    await heading(page, 'Справка о наличии или отсутствии судимости');
    expect(await page.getByRole('region', { name: 'Приём в ведомстве' }).count()).toBe(0);
    await context.close();
  });
});

/** Goes through the free no-criminal-record form (prefilled applicant, one purpose to choose) to its review step. */
async function reachReview(page: Page): Promise<void> {
  for (let step = 0; step < 5; step += 1) {
    if (await page.locator('h2#step-heading', { hasText: 'Текшерүү жана кол коюу' }).isVisible()) return;
    for (const select of await page.locator('form select').all()) {
      if ((await select.inputValue()) === '') await select.selectOption({ index: 1 });
    }
    const heading = await page.locator('h2#step-heading').textContent();
    await page.getByRole('button', { name: 'Кийинки' }).click();
    await page.waitForFunction((previous) => document.querySelector('h2#step-heading')?.textContent !== previous, heading);
  }
  await page.locator('h2#step-heading', { hasText: 'Текшерүү жана кол коюу' }).waitFor();
}

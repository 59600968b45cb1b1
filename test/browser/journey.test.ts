import type { Page } from 'playwright-core';
import { expectAccessible, expectNoBrowserProblems, registerOfficerKeyThroughPage, screenshot, signInThroughForm, startBrowserPlatform, type TestBrowser } from '../support/browser';
import { type TestPlatform } from '../support/platform';

// THE journey in two browsers at once: the citizen watches their application's page while the
// officer, in another browser context, sees it arrive in the queue, accepts it and decides with a
// result signed by the officer's qualified key in that browser. Every change reaches the citizen's
// page live. The citizen applies through the form, signs with the browser's key and pays on the
// payment system's page.
const AIGUL = { login: 'aigul@example.kg', password: 'Citizen2026!' };
const SERVICE_CODE = 'grs-birth-certificate-duplicate';
const GRS_OFFICER = { login: 'officer.grs@portal.kg', password: 'Officer2026!', pin: '11107198700042', name: 'Gulnara Mamytova', organization: 'GRS' };

jest.setTimeout(240_000);

describe('the paid journey in two browsers at once', () => {
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


  const heading = (page: Page, text: string) => page.locator('h1', { hasText: text }).waitFor();
  const citizenStatus = (page: Page, text: string) => page.getByTestId('application-status').filter({ hasText: text }).waitFor({ timeout: 30_000 });

  it('the officer sees the submission arrive, accepts it and approves it with a signed result; the citizen sees each change live', async () => {
    const citizenContext = await browser.newContext();
    const officerContext = await browser.newContext();
    const citizenPage = await citizenContext.newPage();
    const officerPage = await officerContext.newPage();

    // the officer: signed in, qualified key registered in this browser, the queue open
    await signInThroughForm(officerPage, origin, GRS_OFFICER.login, GRS_OFFICER.password);
    await registerOfficerKeyThroughPage(officerPage, origin, platform.certificationAuthority.url, GRS_OFFICER);
    await officerPage.goto(`${origin}/officer`);
    await heading(officerPage, 'Арыздар кезеги');
    await officerPage.getByTestId('queue-count').waitFor();

    // the citizen, in the other browser, applies through the form, signs with the browser's key and submits
    await signInThroughForm(citizenPage, origin, AIGUL.login, AIGUL.password);
    await citizenPage.goto(`${origin}/services/${SERVICE_CODE}`);
    await citizenPage.getByRole('button', { name: 'Арыз берүү' }).click();
    await heading(citizenPage, 'Арыз: Төрөлгөндүгү тууралуу күбөлүктү кайталап берүү');
    await citizenPage.getByRole('button', { name: 'Кийинки' }).click();
    await citizenPage.locator('h2#step-heading', { hasText: 'Күбөлүк тууралуу маалыматтар' }).waitFor();
    await citizenPage.locator('[name="issuedFor"]').selectOption('self');
    await citizenPage.locator('[name="personFullName"]').fill('Асанова Айгуль Маратовна');
    await citizenPage.locator('[name="personBirthDate"]').fill('1990-05-15');
    await citizenPage.locator('[name="reason"]').selectOption('lost');
    await citizenPage.locator('[name="registryOffice"]').selectOption('bishkek');
    await citizenPage.getByRole('button', { name: 'Кийинки' }).click();
    await citizenPage.locator('h2#step-heading', { hasText: 'Текшерүү жана кол коюу' }).waitFor();
    await citizenPage.getByRole('button', { name: 'Кол коюу жана берүү' }).click();
    const submittedHeading = citizenPage.locator('h1', { hasText: /^KG-\d{4}-\d+ арызы$/ });
    const refusal = citizenPage.locator('.form-error');
    await submittedHeading.or(refusal).first().waitFor();
    if (await refusal.isVisible()) throw new Error(`the submission was refused: ${await refusal.textContent()}`);
    const applicationId = /\/applications\/([^/?]+)$/.exec(citizenPage.url())![1]!;
    const token = await platform.login(AIGUL.login, AIGUL.password);
    const submitted = (await platform.ok('query($id: ID!) { application(id: $id) { id number } }', { id: applicationId }, token)).application as { id: string; number: string };
    await citizenStatus(citizenPage, 'Берилди');

    // the officer's queue shows it without a reload, announced
    const row = officerPage.getByTestId(`queue-row-${submitted.number}`);
    await row.waitFor({ timeout: 30_000 });
    await officerPage.getByTestId('announcer').filter({ hasText: `Жаңы арыз ${submitted.number}` }).waitFor({ state: 'attached' });
    await screenshot(officerPage, 'journey-officer-queue');

    await platform.until(
      () => platform.ok('query($id: ID!) { application(id: $id) { registryDocuments { status } } }', { id: submitted.id }, token),
      (d) => d.application.registryDocuments.every((doc: { status: string }) => doc.status === 'FETCHED'),
      'the registry documents',
    );
    await row.getByRole('link', { name: submitted.number }).click();
    await heading(officerPage, `${submitted.number} арызы`);
    await officerPage.getByTestId('registry-documents').filter({ hasText: 'Алынды' }).waitFor();
    await officerPage.getByRole('button', { name: 'Кароого кабыл алуу' }).click();
    await officerPage.getByTestId('application-status').filter({ hasText: 'Төлөм күтүлүүдө' }).waitFor();

    // the citizen's page follows by itself
    await citizenStatus(citizenPage, 'Төлөм күтүлүүдө');
    await citizenPage.getByTestId('announcer').filter({ hasText: 'Арыздын абалы өзгөрдү: Төлөм күтүлүүдө' }).waitFor({ state: 'attached' });
    await screenshot(citizenPage, 'journey-citizen-awaiting-payment');

    // the citizen pays on the payment system's page (a new tab); both pages move on to IN_REVIEW
    const payButton = citizenPage.getByRole('button', { name: /сом төлөө$/ });
    await payButton.waitFor({ timeout: 30_000 });
    const [paymentPage] = await Promise.all([citizenContext.waitForEvent('page'), payButton.click()]);
    await paymentPage.waitForLoadState();
    await paymentPage.getByRole('button', { name: 'Тастыктоо' }).click();
    await paymentPage.locator('h1', { hasText: 'Төлөм кабыл алынды' }).waitFor();
    await paymentPage.close();
    await citizenStatus(citizenPage, 'Каралууда');
    await officerPage.getByTestId('application-status').filter({ hasText: 'Каралууда' }).waitFor({ timeout: 30_000 });

    // the decision, signed in the officer's browser
    await officerPage.getByRole('button', { name: 'Жактыруу жана документ берүү' }).click();
    await officerPage.getByLabel('Жыйынтыгы', { exact: true }).fill('Туулгандыгы тууралуу күбөлүк кайра берилди.');
    await officerPage.getByRole('button', { name: 'Кол коюу жана жактыруу' }).click();
    await officerPage.getByTestId('application-status').filter({ hasText: 'Жактырылды' }).waitFor();
    await officerPage.getByTestId('result').waitFor();
    await expectAccessible(officerPage, 'journey: officer, approved (ky)');
    await screenshot(officerPage, 'journey-officer-approved');

    await citizenStatus(citizenPage, 'Жактырылды');
    await citizenPage.getByTestId('announcer').filter({ hasText: 'Арыздын абалы өзгөрдү: Жактырылды' }).waitFor({ state: 'attached' });
    await citizenPage.getByTestId('application-history').getByRole('cell', { name: 'Жактырылды' }).waitFor();
    await expectAccessible(citizenPage, 'journey: citizen, approved (ky)');
    await screenshot(citizenPage, 'journey-citizen-approved');

    const decided = (await platform.ok('query($id: ID!) { application(id: $id) { status result { number signedBy { fullName } } } }', { id: submitted.id }, token)).application;
    expect(decided).toEqual({ status: 'APPROVED', result: { number: expect.stringMatching(/^DOC-/), signedBy: { fullName: GRS_OFFICER.name } } });
    await citizenContext.close();
    await officerContext.close();
  });
});

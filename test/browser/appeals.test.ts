import type { BrowserContext, Page } from 'playwright-core';
import { OUTDOOR_ADVERTISING_PERMIT, SAMPLE_PDF } from '../support/attachments';
import { describedText, expectAccessible, expectNoBrowserProblems, registerOfficerKeyThroughPage, screenshot, signInThroughForm, startBrowserPlatform, type TestBrowser } from '../support/browser';
import { NO_CRIMINAL_RECORD, submitApplication, type SubmittedApplication } from '../support/journey';
import { type TestPlatform } from '../support/platform';
import { registerSimpleSigner, type Signer } from '../support/signing';

// Complaints and uploads in headless Chromium against the whole platform: Aigul complains about a
// rejection at intake by MVD, MVD's appeal body (the demo's Ministry of Justice) hears it in its
// queue and upholds it with a qualified signature made in the browser; a file on a draft.
const AIGUL = { login: 'aigul@example.kg', password: 'Citizen2026!' };
const MINJUST_OFFICER = { login: 'officer.minjust@portal.kg', password: 'Officer2026!', pin: '12503197900053', name: 'Jyldyz Abdyrakhmanova', organization: 'MINJUST' };
const COMPLAINT = 'Бардык документтер тиркелген, кабыл алуудан баш тартуу негизсиз.';
const ANSWER = 'Документтер толук берилген: арыз кайра кароого кайтарылат.';

// a test here is several screens in a real browser: on a loaded machine one may take longer than jest's 60 s
jest.setTimeout(180_000);

describe('complaints and uploads in a browser', () => {
  let platform: TestPlatform;
  let browser: TestBrowser;
  let origin: string;
  let citizen: { token: string; signer: Signer };
  let citizenContext: BrowserContext;
  let citizenPage: Page;
  let rejected: SubmittedApplication;

  beforeAll(async () => {
    ({ browser, platform, origin } = await startBrowserPlatform());
    const token = await platform.login(AIGUL.login, AIGUL.password);
    citizen = { token, signer: await registerSimpleSigner(platform, token) };
    await platform.settle();
    citizenContext = await browser.newContext();
    citizenPage = await citizenContext.newPage();
    await signInThroughForm(citizenPage, origin, AIGUL.login, AIGUL.password);
  });

  afterAll(async () => {
    await citizenContext?.close();
    await browser?.close();
    await platform?.close();
  });

  afterEach(() => expectNoBrowserProblems(browser));


  async function inBothLanguages(page: Page, screen: string) {
    await expectAccessible(page, `${screen} (ky)`);
    await page.getByRole('button', { name: 'Русский' }).click();
    await page.locator('html[lang="ru"]').waitFor({ state: 'attached' });
    await expectAccessible(page, `${screen} (ru)`);
    await page.getByRole('button', { name: 'Кыргызча' }).click();
    await page.locator('html[lang="ky"]').waitFor({ state: 'attached' });
  }

  it('the citizen complains about a rejection, choosing what it is about, and sees it registered with its deadline', async () => {
    rejected = await submitApplication(platform, citizen, NO_CRIMINAL_RECORD, { purpose: 'employment' });
    const mvdOfficer = await platform.login('officer.mvd@portal.kg', 'Officer2026!');
    await platform.ok('mutation($id: ID!) { rejectApplication(applicationId: $id, reason: "Документтер толук эмес") { status } }', { id: rejected.id }, mvdOfficer);

    await citizenPage.goto(`${origin}/applications/${rejected.id}`);
    await citizenPage.getByTestId('application-status').filter({ hasText: 'Кароого кабыл алынган жок' }).waitFor();
    // a rejection offers the decision and the actions as subjects; the application is not overdue, so no inaction
    const subjects = await citizenPage.locator('[name="appealSubject"] option').allTextContents();
    expect(subjects).toEqual(['Мекеменин чечими (баш тартуу)', 'Мекеменин аракети']);
    await citizenPage.locator('[name="appealSubject"]').selectOption('DECISION');
    await citizenPage.getByLabel(/^Даттануунун тексти/).fill(COMPLAINT);
    await citizenPage.getByRole('button', { name: 'Даттануу берүү' }).click();
    const filed = citizenPage.getByTestId('appeals').locator('li', { hasText: COMPLAINT });
    await filed.getByTestId('appeal-status').filter({ hasText: 'Катталды' }).waitFor();
    await filed.getByText('Жооп берүү мөөнөтү').waitFor();
    const appeals = (await platform.ok('query($id: ID!) { application(id: $id) { appeals { subject status text dueAt } } }', { id: rejected.id }, citizen.token)).application.appeals;
    expect(appeals).toEqual([{ subject: 'DECISION', status: 'REGISTERED', text: COMPLAINT, dueAt: expect.any(String) }]);
    await inBothLanguages(citizenPage, 'application with a registered complaint');
    await screenshot(citizenPage, 'citizen-complaint-registered');
  });

  it("the appeal body's officer finds it in the queue, starts the review and upholds it with a qualified signature made in the browser", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInThroughForm(page, origin, MINJUST_OFFICER.login, MINJUST_OFFICER.password);
    await registerOfficerKeyThroughPage(page, origin, platform.certificationAuthority.url, MINJUST_OFFICER);

    await page.getByRole('navigation').getByRole('link', { name: 'Даттануулар' }).click();
    await page.locator('h1', { hasText: 'Даттануулар' }).waitFor();
    const row = page.getByTestId(`appeal-row-${rejected.number}`);
    await row.getByText('Катталды').waitFor();
    await row.getByText('Мекеменин чечими (баш тартуу)').waitFor();
    await inBothLanguages(page, "appeal body's queue");

    await row.getByRole('link', { name: rejected.number }).click();
    await page.locator('h1', { hasText: `${rejected.number} арызы боюнча даттануу` }).waitFor();
    const complaint = page.locator('article', { hasText: COMPLAINT });
    await complaint.getByRole('button', { name: 'Кароону баштоо' }).click();
    await complaint.getByTestId('appeal-status').filter({ hasText: 'Каралууда' }).waitFor();
    await inBothLanguages(page, 'complaint under review');

    // neither outcome nor answer: both said next to their place, nothing is sent
    await complaint.getByRole('button', { name: 'Кол коюп, жоопту жөнөтүү' }).click();
    await complaint.getByText('Даттануу боюнча чечимди тандаңыз.').waitFor();
    await complaint.getByText('Негизделген жоопту жазыңыз.').waitFor();

    await complaint.getByLabel('Канааттандыруу (арыз кайра ачылат)').check();
    await complaint.getByLabel(/^Негизделген жооп/).fill(ANSWER);
    await complaint.getByRole('button', { name: 'Кол коюп, жоопту жөнөтүү' }).click();
    await complaint.getByTestId('appeal-status').filter({ hasText: 'Канааттандырылды' }).waitFor();
    // reopened: the rejection is undone, the application is back with the provider's intake
    await page.getByTestId('application-status').filter({ hasText: 'Берилди' }).waitFor();
    await expectAccessible(page, 'answered complaint (ky)');
    await screenshot(page, 'appeal-body-answered');

    const officerToken = await platform.login(MINJUST_OFFICER.login, MINJUST_OFFICER.password);
    const keys = (await platform.ok('{ me { signingKeys { id level revokedAt } } }', {}, officerToken)).me.signingKeys as Array<{ level: string; revokedAt: string | null }>;
    expect(keys.filter((key) => key.level === 'QUALIFIED' && !key.revokedAt)).toHaveLength(1);
    await context.close();
  });

  it('the citizen sees the answer and the application reopened', async () => {
    await citizenPage.goto(`${origin}/applications/${rejected.id}`);
    await citizenPage.getByTestId('application-status').filter({ hasText: 'Берилди' }).waitFor();
    const appeal = citizenPage.getByTestId('appeals').locator('li', { hasText: COMPLAINT });
    await appeal.getByTestId('appeal-status').filter({ hasText: 'Канааттандырылды' }).waitFor();
    expect(await appeal.getByTestId('appeal-answer').textContent()).toBe(ANSWER);
    const answered = (await platform.ok('query($id: ID!) { application(id: $id) { status appeals { status answer reopenedTo } } }', { id: rejected.id }, citizen.token)).application;
    expect(answered).toEqual({ status: 'SUBMITTED', appeals: [{ status: 'UPHELD', answer: ANSWER, reopenedTo: 'SUBMITTED' }] });
    await inBothLanguages(citizenPage, 'application with an answered complaint');
  });

  it('uploads a file for a FILE field of a draft, shows what is stored and keeps it in the draft; a refused type is said next to the field', async () => {
    const draft = (
      await platform.ok(
        'mutation($input: SaveDraftInput!) { saveDraft(input: $input) { id } }',
        { input: { serviceId: OUTDOOR_ADVERTISING_PERMIT, currentStep: 'construction', data: { constructionType: 'signboard', placementAddress: 'г. Бишкек, пр. Чуй, 120', area: 2.5, periodMonths: 12 } } },
        citizen.token,
      )
    ).saveDraft as { id: string };
    await citizenPage.goto(`${origin}/applications/${draft.id}/form`);
    const input = citizenPage.getByLabel(/^Эскиз жана жайгашуу схемасы/);
    await input.waitFor();

    // a text file is not among the accepted types: the server's message, in Kyrgyz, next to the field
    await input.setInputFiles({ name: 'эскиз.txt', mimeType: 'text/plain', buffer: Buffer.from('эскиз') });
    await citizenPage.locator('input[name="sketchFile"][aria-invalid="true"]').waitFor();
    expect(await describedText(citizenPage, 'sketchFile')).toContain('Мындай түрдөгү файл кабыл алынбайт (text/plain)');
    await inBothLanguages(citizenPage, 'FILE field with a refused file');

    await citizenPage.getByLabel(/^Эскиз жана жайгашуу схемасы/).setInputFiles({ name: 'эскиз.pdf', mimeType: 'application/pdf', buffer: SAMPLE_PDF });
    await citizenPage.getByTestId('file-sketchFile').filter({ hasText: 'эскиз.pdf' }).waitFor();
    expect(await citizenPage.getByTestId('file-sketchFile').textContent()).toBe(`Тиркелген файл: эскиз.pdf (${SAMPLE_PDF.length} байт)`);
    await citizenPage.getByRole('button', { name: 'Долбоорду сактоо' }).click();
    const saved = await platform.until(
      () => platform.ok('query($id: ID!) { application(id: $id) { data attachments { field name size mimeType } } }', { id: draft.id }, citizen.token),
      (d) => Boolean(d.application.data.sketchFile),
      'the FILE value in the draft',
    );
    expect(saved.application.data.sketchFile).toEqual({ name: 'эскиз.pdf', size: SAMPLE_PDF.length, mimeType: 'application/pdf', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(saved.application.attachments).toEqual([{ field: 'sketchFile', name: 'эскиз.pdf', size: SAMPLE_PDF.length, mimeType: 'application/pdf' }]);
    await expectAccessible(citizenPage, 'FILE field with a stored file (ky)');
    await screenshot(citizenPage, 'citizen-file-uploaded');
  });
});

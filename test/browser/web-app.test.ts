import { createServer } from 'node:net';
import type { BrowserContext, Page } from 'playwright-core';
import { expectAccessible, expectNoBrowserProblems, screenshot, startBrowserPlatform, type TestBrowser } from '../support/browser';
import { type TestPlatform } from '../support/platform';
import { registerSimpleSigner } from '../support/signing';

// The web app as a citizen uses it, in headless Chromium against the whole platform: the gateway
// serves the built app (web/dist) at its origin, under its own CSP.
const NO_CRIMINAL_RECORD = '7c1e2d3a-4b5c-4d6e-8f70-000000000101';
const AIGUL = { login: 'aigul@example.kg', password: 'Citizen2026!', name: 'Aigul Asanova' };
const MVD_OFFICER = { login: 'officer.mvd@portal.kg', password: 'Officer2026!' };

// a test here is a few screens in a real browser: on a loaded machine (CI shares its cores) one may take longer than jest's 60 s
jest.setTimeout(120_000);

describe('the web app in a browser', () => {
  let platform: TestPlatform;
  let browser: TestBrowser;
  let origin: string;

  beforeAll(async () => {
    // the national-ID sign-in comes back to <origin>/callback, which must be on identity's allow-list
    const gatewayPort = await freePort();
    ({ browser, platform, origin } = await startBrowserPlatform({ gatewayPort, env: { NATIONAL_ID_REDIRECT_URIS: `http://127.0.0.1:${gatewayPort}/` } }));
  });

  afterAll(async () => {
    await browser?.close();
    await platform?.close();
  });

  afterEach(() => expectNoBrowserProblems(browser));


  async function openPage(context: BrowserContext, path: string): Promise<Page> {
    const page = await context.newPage();
    await page.goto(`${origin}${path}`);
    return page;
  }

  const heading = (page: Page) => page.locator('h1');

  it('is served at the gateway origin with the app policy, and client routes open the app', async () => {
    const response = await fetch(`${origin}/services/some-route`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(await response.text()).toContain('<div id="root">');
    // only GET and HEAD reach the files; anything else off /graphql is not found
    expect((await fetch(`${origin}/cabinet`, { method: 'POST', body: '{}' })).status).toBe(404);
    expect((await fetch(`${origin}/assets/nothing-here.js`)).status).toBe(404);
    expect((await fetch(`${origin}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ currentTermsVersion }"}' })).status).toBe(200);
  });

  it('searches the catalogue, filters it and opens a service standard, in Kyrgyz by default', async () => {
    const context = await browser.newContext();
    const page = await openPage(context, '/');
    await expectHeading(page, 'Кызматтар каталогу');
    expect(await page.getAttribute('html', 'lang')).toBe('ky');
    await page.getByTestId('results-count').waitFor();
    await expectAccessible(page, 'catalogue (ky)');
    await screenshot(page, 'catalogue-ky');

    await page.getByLabel('Кызматты издөө').fill('соттуулугу');
    await page.getByRole('button', { name: 'Издөө' }).click();
    await page.waitForURL(/\?q=/);
    await page.getByTestId('results-count').filter({ hasText: 'Табылган кызматтар: 1' }).waitFor();
    expect(await page.getByTestId('announcer').textContent()).toContain('Табылган кызматтар: 1');

    // the provider filter alone: only that provider's services
    await page.getByLabel('Кызматты издөө').fill('');
    await page.getByLabel('Мекеме').selectOption({ label: 'Кыргыз Республикасынын Ички иштер министрлиги' });
    await page.getByRole('button', { name: 'Издөө' }).click();
    await page.waitForURL(/provider=/);
    const cards = page.locator('.service-list li');
    await cards.first().waitFor();
    for (const card of await cards.all()) expect(await card.locator('.meta').first().textContent()).toContain('Ички иштер министрлиги');

    await page.getByRole('link', { name: 'Соттуулугу бар же жок экендиги жөнүндө маалымкат' }).click();
    await expectHeading(page, 'Соттуулугу бар же жок экендиги жөнүндө маалымкат');
    // focus moved to the new screen's heading (route change)
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    await page.getByRole('heading', { name: 'Керектүү документтер' }).waitFor();
    await page.getByRole('heading', { name: 'Даттануу тартиби' }).waitFor();
    await expectAccessible(page, 'service standard (ky)');
    await screenshot(page, 'service-ky');
    await context.close();
  });

  it('switches to Russian, keeps the choice across a reload, and stays accessible', async () => {
    const context = await browser.newContext();
    const page = await openPage(context, '/services/mvd-no-criminal-record');
    await expectHeading(page, 'Соттуулугу бар же жок экендиги жөнүндө маалымкат');
    await page.getByRole('button', { name: 'Русский' }).click();
    await expectHeading(page, 'Справка о наличии или отсутствии судимости');
    expect(await page.getAttribute('html', 'lang')).toBe('ru');
    expect(await page.getByRole('button', { name: 'Русский' }).getAttribute('aria-pressed')).toBe('true');
    await page.getByRole('heading', { name: 'Необходимые документы' }).waitFor();
    await expectAccessible(page, 'service standard (ru)');
    await screenshot(page, 'service-ru');

    await page.reload();
    await expectHeading(page, 'Справка о наличии или отсутствии судимости');
    await page.goto(`${origin}/`);
    await expectHeading(page, 'Каталог услуг');
    await page.getByTestId('results-count').waitFor();
    await expectAccessible(page, 'catalogue (ru)');
    await screenshot(page, 'catalogue-ru');
    await context.close();
  });

  it('signs a demo citizen in with the keyboard alone and shows the cabinet; logout ends it', async () => {
    const context = await browser.newContext();
    const page = await openPage(context, '/login');
    await expectHeading(page, 'Кирүү');
    await expectAccessible(page, 'login (ky)');

    // the first Tab reaches the skip link; then Tab through the page to the login field
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Негизги мазмунга өтүү');
    await tabTo(page, 'input[name="login"]');
    await page.keyboard.type(AIGUL.login);
    await page.keyboard.press('Tab');
    expect(await focusedName(page)).toBe('password');
    await page.keyboard.type('wrong-password-1');
    await page.keyboard.press('Enter');
    // a refusal is shown as an alert, in Kyrgyz
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).not.toBe('');
    await expectAccessible(page, 'login refused (ky)');

    // the alert took the focus; Tab goes on to the fields again
    await tabTo(page, 'input[name="password"]');
    await page.keyboard.press('Control+A');
    await page.keyboard.type(AIGUL.password);
    await page.keyboard.press('Enter');
    await expectHeading(page, 'Жеке кабинет');
    await page.getByTestId('cabinet-welcome').filter({ hasText: AIGUL.name }).waitFor();
    expect(await page.getByTestId('signed-in-user').textContent()).toContain(AIGUL.name);
    await expectAccessible(page, 'cabinet (ky)');
    await screenshot(page, 'cabinet-ky');

    await page.getByRole('button', { name: 'Русский' }).click();
    await expectHeading(page, 'Личный кабинет');
    await page.getByRole('heading', { name: 'Мои данные' }).waitFor();
    await expectAccessible(page, 'cabinet (ru)');

    await page.getByRole('button', { name: 'Выйти' }).click();
    await expectHeading(page, 'Каталог услуг');
    await page.getByRole('banner').getByRole('link', { name: 'Войти' }).waitFor();
    await page.goto(`${origin}/cabinet`);
    await expectHeading(page, 'Вход');
    expect(page.url()).toContain('/login?next=%2Fcabinet');
    await context.close();
  });

  it("signs in through the national ID: the national system's page, back to /callback, then the cabinet", async () => {
    const context = await browser.newContext();
    const page = await openPage(context, '/login?next=%2Fapplications');
    await page.getByRole('button', { name: 'Бирдиктүү идентификация системасы аркылуу кирүү' }).click();
    await page.waitForURL((url) => url.toString().startsWith(`${platform.nationalId.url}/authorize`));
    // the stand-in's sign-in page: a real system authenticates the person, the stand-in is told who it is
    await page.getByLabel('ПИН').fill('12205199800037');
    await page.getByLabel('ФИО').fill('Aibek Jumabaev');
    await page.getByRole('button', { name: 'Войти' }).click();
    await expectHeading(page, 'Менин арыздарым');
    expect(page.url()).toBe(`${origin}/applications`);
    expect(await page.getByTestId('signed-in-user').textContent()).toContain('Aibek Jumabaev');
    await expectAccessible(page, 'my applications (ky)');
    await context.close();
  });

  it('marks every wrong registration field, tied to its message, in the chosen language', async () => {
    const context = await browser.newContext();
    const page = await openPage(context, '/register');
    await expectHeading(page, 'Катталуу');
    await expectAccessible(page, 'registration (ky)');
    await page.getByRole('button', { name: 'Катталуу', exact: true }).click();
    expect(await page.getByLabel('ПИН (14 сан)').getAttribute('aria-invalid')).toBe('true');
    // the first wrong field has the focus, and its message is its description
    expect(await focusedName(page)).toBe('fullName');
    expect(await describedText(page, 'pin')).toContain('Бул талааны толтуруңуз.');
    expect(await describedText(page, 'password')).toContain('Бул талааны толтуруңуз.');
    await page.getByText('Жеке маалыматтарды иштетүүгө макулдуксуз катталуу мүмкүн эмес.').waitFor();
    await expectAccessible(page, 'registration with errors (ky)');
    await screenshot(page, 'registration-errors-ky');

    // what only the server knows (a PIN whose date cannot be) comes back next to the field, in Russian
    await page.getByRole('button', { name: 'Русский' }).click();
    await expectHeading(page, 'Регистрация');
    await page.getByLabel('Фамилия, имя, отчество').fill('Тест Тестов');
    await page.getByLabel('ПИН (14 цифр)').fill('29999999999999');
    await page.locator('input[name="password"]').fill('Stronger2026pass');
    await page.getByLabel(/Я принимаю условия/).check();
    await page.getByLabel(/Я согласен/).check();
    await page.getByRole('button', { name: 'Зарегистрироваться' }).click();
    await page.locator('input[name="pin"][aria-invalid="true"]').waitFor();
    expect(await describedText(page, 'pin')).toMatch(/[А-Яа-я]/);
    expect(await page.getAttribute('input[name="fullName"]', 'aria-invalid')).toBeNull();
    await expectAccessible(page, 'registration with a server error (ru)');
    await context.close();
  });

  it('registers a person of the population register through the form and opens their cabinet', async () => {
    platform.tunduk.addPerson({ pin: '12207199300042', surname: 'Жумабекова', name: 'Айдай', patronymic: 'Канатовна', birthDate: '1993-07-22', address: 'г. Бишкек, мкр. Джал, 23, кв. 7' });
    const context = await browser.newContext();
    const page = await openPage(context, '/register');
    await page.getByRole('button', { name: 'Русский' }).click();
    await expectHeading(page, 'Регистрация');
    await page.getByLabel('Фамилия, имя, отчество').fill('Жумабекова Айдай Канатовна');
    await page.getByLabel('ПИН (14 цифр)').fill('12207199300042');
    await page.getByLabel('Электронная почта').fill('aidai@example.kg');
    await page.locator('input[name="password"]').fill('Naryn-River-2026');
    await page.getByLabel(/Я принимаю условия/).check();
    await page.getByLabel(/Я согласен/).check();
    await page.getByRole('button', { name: 'Зарегистрироваться' }).click();
    await expectHeading(page, 'Личный кабинет');
    await page.getByTestId('cabinet-welcome').filter({ hasText: 'Жумабекова Айдай Канатовна' }).waitFor();
    await page.getByText('У вас пока нет заявлений. Выберите услугу в каталоге.').waitFor();
    await expectAccessible(page, 'cabinet of a new citizen (ru)');
    await screenshot(page, 'cabinet-new-citizen-ru');
    await context.close();
  });

  it("shows the citizen's application with its history, and its status changes live as the officer accepts it", async () => {
    const citizen = await platform.login(AIGUL.login, AIGUL.password);
    const officer = await platform.login(MVD_OFFICER.login, MVD_OFFICER.password);
    const signer = await registerSimpleSigner(platform, citizen);
    await platform.settle(); // the key reaches applications through the event log
    const draft = (await platform.ok('mutation($input: SaveDraftInput!) { saveDraft(input: $input) { id data } }', { input: { serviceId: NO_CRIMINAL_RECORD, data: { purpose: 'employment' } } }, citizen)).saveDraft;
    const signature = await signer.sign({ applicationId: draft.id, serviceId: NO_CRIMINAL_RECORD, data: draft.data });
    const submitted = (await platform.ok('mutation($input: SubmitApplicationInput!) { submitApplication(input: $input) { id number } }', { input: { applicationId: draft.id, signature, signingKeyId: signer.keyId } }, citizen)).submitApplication;

    const context = await browser.newContext();
    const page = await openPage(context, '/login');
    await page.getByLabel('ПИН, электрондук почта же телефон').fill(AIGUL.login);
    await page.getByLabel('Сырсөз').fill(AIGUL.password);
    await page.getByRole('button', { name: 'Кирүү', exact: true }).click();
    await expectHeading(page, 'Жеке кабинет');
    await page.getByRole('navigation').getByRole('link', { name: 'Менин арыздарым' }).click();
    await expectHeading(page, 'Менин арыздарым');
    await page.getByRole('link', { name: submitted.number }).click();
    await expectHeading(page, `${submitted.number} арызы`);
    await page.getByTestId('application-status').filter({ hasText: 'Берилди' }).waitFor();
    await expectAccessible(page, 'application (ky)');
    await screenshot(page, 'application-submitted-ky');

    await platform.ok('mutation($id: ID!) { acceptApplication(applicationId: $id) { id } }', { id: submitted.id }, officer);
    // no reload: the subscription brings the new status, the history row and an announcement
    await page.getByTestId('application-status').filter({ hasText: 'Каралууда' }).waitFor({ timeout: 20_000 });
    await page.getByTestId('application-history').getByRole('cell', { name: 'Мекеменин кызматкери' }).waitFor();
    await page.getByTestId('announcer').filter({ hasText: 'Арыздын абалы өзгөрдү: Каралууда' }).waitFor({ state: 'attached' });
    // the acceptance notice raises the unread count in the header, live too
    await page.getByTestId('unread-count').waitFor({ timeout: 20_000 });
    await screenshot(page, 'application-in-review-ky');

    await page.getByRole('navigation').getByRole('link', { name: /Билдирүүлөр/ }).click();
    await expectHeading(page, 'Билдирүүлөр');
    await page.locator('.notice-list li').first().waitFor();
    await expectAccessible(page, 'notices (ky)');
    await page.getByRole('button', { name: 'Русский' }).click();
    await expectHeading(page, 'Уведомления');
    await page.locator('.notice-list li').first().waitFor();
    await expectAccessible(page, 'notices (ru)');
    await page.goto(`${origin}/applications/${submitted.id}`);
    await expectHeading(page, `Заявление ${submitted.number}`);
    await page.getByTestId('application-status').filter({ hasText: 'На рассмотрении' }).waitFor();
    await expectAccessible(page, 'application (ru)');
    await screenshot(page, 'application-ru');
    await context.close();
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function expectHeading(page: Page, text: string): Promise<void> {
  await page.locator('h1', { hasText: text }).waitFor();
}

/** Presses Tab until the element matching `selector` has the focus (at most 30 times). */
async function tabTo(page: Page, selector: string): Promise<void> {
  for (let i = 0; i < 30; i += 1) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${selector}`);
}

function focusedName(page: Page): Promise<string | null> {
  return page.evaluate(() => document.activeElement?.getAttribute('name') ?? null);
}

/** The text of everything a field's aria-describedby names: what a screen reader reads with it. */
function describedText(page: Page, name: string): Promise<string> {
  return page.evaluate((field) => {
    const input = document.querySelector(`[name="${field}"]`);
    const ids = input?.getAttribute('aria-describedby')?.split(/\s+/) ?? [];
    return ids.map((id) => document.getElementById(id)?.textContent ?? '').join(' ');
  }, name);
}

import type { Page } from 'playwright-core';
import { expectAccessible, expectNoBrowserProblems, screenshot, startBrowserPlatform, type TestBrowser } from '../support/browser';
import { codeIn } from '../support/contacts';
import { type TestPlatform } from '../support/platform';

// The multi-step form with the keyboard alone (Tab, Shift+Tab, Enter, Space, arrows in a list, typing),
// a draft left and resumed, the server's message next to its field; and the cabinet's own screens
// (drafts, notification preferences and contacts, sessions) in both languages, checked by axe.
const AIGUL = { login: 'aigul@example.kg', password: 'Citizen2026!' };
const SERVICE_CODE = 'grs-birth-certificate-duplicate';

jest.setTimeout(180_000);

describe('the application form and the cabinet screens in a browser', () => {
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


  it('is filled, left as a draft, resumed and submitted with the keyboard alone', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${origin}/login?next=${encodeURIComponent(`/services/${SERVICE_CODE}`)}`);
    await tabTo(page, 'input[name="login"]');
    await page.keyboard.type(AIGUL.login);
    await page.keyboard.press('Tab');
    await page.keyboard.type(AIGUL.password);
    await page.keyboard.press('Enter');
    await expectHeading(page, 'Төрөлгөндүгү тууралуу күбөлүктү кайталап берүү');

    await tabTo(page, 'main button.primary');
    await page.keyboard.press('Enter');
    await expectHeading(page, 'Арыз: Төрөлгөндүгү тууралуу күбөлүктү кайталап берүү');
    await page.locator('input[name="pin"]').waitFor();

    // a PIN of 14 digits passes the browser's check; its impossible birth date only the server knows:
    // its message comes back next to the field, in Kyrgyz, and the form stays on the step
    await tabTo(page, 'input[name="pin"]');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('29999999999999');
    await page.keyboard.press('Enter');
    await page.locator('input[name="pin"][aria-invalid="true"]').waitFor();
    expect(await describedText(page, 'pin')).toMatch(/[ҮүӨөҢң]|[А-Яа-я]/);
    expect(await page.locator('[aria-current="step"]').textContent()).toBe('Арыз ээси');
    expect(await focusedName(page)).toBe('pin');
    await expectAccessible(page, 'form with a server error (ky)');
    await screenshot(page, 'citizen-form-server-error-ky');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('11505199012345');
    expect(await page.getAttribute('input[name="pin"]', 'aria-invalid')).toBeNull();
    await page.keyboard.press('Enter');
    await page.locator('h2#step-heading', { hasText: 'Күбөлүк тууралуу маалыматтар' }).waitFor();
    // focus moved to the new step's heading
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('step-heading');

    await page.keyboard.press('Tab');
    expect(await focusedName(page)).toBe('issuedFor');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Tab');
    expect(await focusedName(page)).toBe('personFullName');
    await page.keyboard.type('Ас');
    expect(await describedText(page, 'personFullName')).toContain('Кеминде 3 белги (азыр 2).');
    await page.keyboard.type('анова Айгуль');
    expect(await page.getAttribute('input[name="personFullName"]', 'aria-invalid')).toBeNull();
    await page.keyboard.press('Tab');
    expect(await focusedName(page)).toBe('personBirthDate');
    await page.keyboard.type('05151990');
    // Chromium's date input has its own stops (day, month, year, the calendar button): Tab through them
    await tabOutOf(page, 'personBirthDate');
    expect(await focusedName(page)).toBe('reason');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Tab');
    expect(await focusedName(page)).toBe('registryOffice');
    await page.keyboard.press('Shift+Tab');
    expect(await focusedName(page)).toBe('reason');
    await page.keyboard.press('Tab');
    await page.keyboard.press('ArrowDown');
    expect(await page.locator('[name="personBirthDate"]').inputValue()).toBe('1990-05-15');

    // saved as a draft (Space on the button), left, and found again among the drafts
    await tabTo(page, 'button:text("Долбоорду сактоо")');
    await page.keyboard.press('Space');
    await page.getByTestId('announcer').filter({ hasText: 'Долбоор сакталды.' }).waitFor({ state: 'attached' });
    await page.goto(`${origin}/drafts`);
    await expectHeading(page, 'Долбоорлор');
    await expectAccessible(page, 'drafts (ky)');
    await screenshot(page, 'citizen-drafts-ky');
    await tabTo(page, 'a:text("Улантуу: Төрөлгөндүгү тууралуу күбөлүктү кайталап берүү")');
    await page.keyboard.press('Enter');
    // resumed on the step it was left on, with what was typed
    await page.locator('h2#step-heading', { hasText: 'Күбөлүк тууралуу маалыматтар' }).waitFor();
    expect(await page.locator('[name="personFullName"]').inputValue()).toBe('Асанова Айгуль');
    expect(await page.locator('[name="issuedFor"]').inputValue()).toBe('self');
    expect(await page.locator('[name="reason"]').inputValue()).toBe('lost');
    expect(await page.locator('[name="registryOffice"]').inputValue()).toBe('bishkek');

    await tabTo(page, 'form button[type="submit"]');
    await page.keyboard.press('Enter');
    await page.locator('h2#step-heading', { hasText: 'Текшерүү жана кол коюу' }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('step-heading');
    // back to any step from the review, and forward again
    await tabTo(page, 'button:text("Өзгөртүү: Арыз ээси")');
    await page.keyboard.press('Space');
    await page.locator('h2#step-heading', { hasText: 'Арыз ээси' }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('step-heading');
    await tabTo(page, 'form button[type="submit"]');
    await page.keyboard.press('Enter');
    await page.locator('h2#step-heading', { hasText: 'Күбөлүк тууралуу маалыматтар' }).waitFor();
    await tabTo(page, 'form button[type="submit"]');
    await page.keyboard.press('Enter');
    await page.locator('h2#step-heading', { hasText: 'Текшерүү жана кол коюу' }).waitFor();
    await tabTo(page, 'form button[type="submit"]');
    await page.keyboard.press('Enter');
    await page.locator('h1', { hasText: /KG-.* арызы/ }).waitFor();
    await page.getByTestId('application-status').filter({ hasText: 'Берилди' }).waitFor();
    await expectAccessible(page, 'submitted application (ky)');

    // the draft is no longer a draft
    await page.goto(`${origin}/drafts`);
    await page.getByText('Долбоорлор жок.').waitFor();
    await context.close();
  });

  it('shows preferences, contacts and sessions in both languages; a wrong contact is refused next to it, a new one is confirmed with its code; a session ends', async () => {
    const otherDevice = await platform.login(AIGUL.login, AIGUL.password);
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${origin}/login?next=%2Fcabinet`);
    await page.getByLabel('ПИН, электрондук почта же телефон').fill(AIGUL.login);
    await page.getByLabel('Сырсөз').fill(AIGUL.password);
    await page.getByRole('button', { name: 'Кирүү', exact: true }).click();
    await expectHeading(page, 'Жеке кабинет');

    await page.getByRole('link', { name: 'Билдирүүлөр жана байланыштар' }).click();
    await expectHeading(page, 'Билдирүүлөр жана байланыштар');
    await page.getByRole('group', { name: 'Билдирүүлөрдү кайда жөнөтүү' }).waitFor();
    await expectAccessible(page, 'preferences (ky)');
    await page.getByRole('button', { name: 'Каналдарды сактоо' }).click();
    await page.getByText('Билдирүү каналдары сакталды.', { exact: true }).first().waitFor();

    await page.getByRole('button', { name: 'Русский' }).click();
    await expectHeading(page, 'Уведомления и контакты');
    const newEmail = page.getByLabel('Электронная почта: Новый адрес или номер');
    await newEmail.fill('not-an-address');
    await page.getByRole('button', { name: 'Отправить код' }).first().click();
    await page.locator('input[name="new-email"][aria-invalid="true"]').waitFor();
    expect(await describedText(page, 'new-email')).toMatch(/[А-Яа-я]/);
    await expectAccessible(page, 'preferences with a refused contact (ru)');

    // a new address: the code goes there (the SMTP stand-in), typed back it becomes the verified email
    const address = 'aigul.new@example.kg';
    await newEmail.fill(address);
    await page.getByRole('button', { name: 'Отправить код' }).first().click();
    await page.getByText(`Код отправлен: ${address}.`, { exact: false }).waitFor();
    const [code] = await platform.until(
      async () => platform.smtp.messages().filter((mail) => mail.rcptTo.includes(address)).map((mail) => codeIn(mail.subject)).filter((found): found is string => found !== null),
      (found) => found.length > 0,
      `the code sent to ${address}`,
    );
    await page.getByLabel('Код из сообщения').fill(code!);
    await page.getByRole('button', { name: 'Подтвердить' }).click();
    await page.getByText('Контакт подтверждён.').waitFor();
    await page.getByTestId('contact-email').filter({ hasText: address }).waitFor();
    expect((await platform.ok('{ me { email emailVerified } }', {}, otherDevice)).me).toEqual({ email: address, emailVerified: true });
    await expectAccessible(page, 'preferences with a verified contact (ru)');
    await screenshot(page, 'citizen-preferences-ru');

    await page.goto(`${origin}/cabinet`);
    await page.getByRole('link', { name: 'Мои сеансы' }).click();
    await expectHeading(page, 'Мои сеансы');
    const rows = page.getByTestId('sessions').locator('tbody tr');
    await rows.nth(1).waitFor();
    expect(await page.getByTestId('sessions').getByText('этот сеанс').count()).toBe(1);
    await expectAccessible(page, 'sessions (ru)');
    await screenshot(page, 'citizen-sessions-ru');
    const before = await rows.count();
    await page.getByTestId('sessions').getByRole('button', { name: /^Завершить сеанс/ }).first().click();
    await page.getByTestId('announcer').filter({ hasText: 'Сеанс завершён.' }).waitFor({ state: 'attached' });
    await page.waitForFunction((count) => document.querySelectorAll('[data-testid="sessions"] tbody tr').length === count - 1, before);
    await page.getByRole('button', { name: 'Кыргызча' }).click();
    await expectHeading(page, 'Менин сеанстарым');
    await expectAccessible(page, 'sessions (ky)');

    // the other device's session (the only other one) was the one ended: its token is refused
    if (before === 2) {
      const refused = await platform.gql('{ me { id } }', {}, { token: otherDevice });
      expect(refused.errors?.[0]?.extensions?.code ?? (refused.data?.me === null ? 'UNAUTHENTICATED' : 'accepted')).toBe('UNAUTHENTICATED');
    }

    await page.goto(`${origin}/drafts`);
    await expectHeading(page, 'Долбоорлор');
    await page.getByRole('button', { name: 'Русский' }).click();
    await expectHeading(page, 'Черновики');
    await expectAccessible(page, 'drafts (ru)');
    await context.close();
  });
});

async function expectHeading(page: Page, text: string): Promise<void> {
  await page.locator('h1', { hasText: text }).waitFor();
}

/** Presses Tab until the element matching `selector` has the focus (at most 40 times). */
async function tabTo(page: Page, selector: string): Promise<void> {
  const target = page.locator(selector).first();
  await target.waitFor();
  for (let i = 0; i < 40; i += 1) {
    if (await target.evaluate((element) => element === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${selector}`);
}

/** Presses Tab until the focus leaves the field named `name` (at most 5 times). */
async function tabOutOf(page: Page, name: string): Promise<void> {
  for (let i = 0; i < 5 && (await focusedName(page)) === name; i += 1) await page.keyboard.press('Tab');
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

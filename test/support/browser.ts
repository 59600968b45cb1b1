import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { startTestPlatform, type TestPlatform } from './platform';

/** Debian's chromium (apt-get install chromium; .ci/run installs it), or CHROMIUM_PATH. */
export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((p): p is string => !!p);
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) throw new Error(`No Chromium found (looked at ${candidates.join(', ')}): apt-get install -y chromium, or set CHROMIUM_PATH.`);
  return found;
}

export interface TestBrowser {
  browser: Browser;
  /** A fresh context (own storage) whose pages fail the test on any CSP violation or uncaught error. */
  newContext(options?: { locale?: string }): Promise<BrowserContext>;
  /** Problems seen so far in any page: CSP violations, uncaught exceptions, console errors. */
  problems: string[];
  close(): Promise<void>;
}

/**
 * One headless Chromium for a test file, with no background networking (the machine is offline);
 * Playwright gives it a fresh empty profile (--user-data-dir in a new temporary folder) and removes it on close.
 */
export async function launchTestBrowser(): Promise<TestBrowser> {
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const problems: string[] = [];
  return {
    browser,
    problems,
    async newContext(options = {}) {
      const context = await browser.newContext({ locale: options.locale ?? 'en-US', viewport: { width: 1280, height: 900 } });
      // waits are for elements, never sleeps; on a loaded machine (CI shares two cores) an answer may take a while
      context.setDefaultTimeout(60_000);
      context.on('page', (page) => watchPage(page, problems));
      return context;
    },
    async close() {
      await browser.close();
    },
  };
}

function watchPage(page: Page, problems: string[]): void {
  page.on('pageerror', (error) => problems.push(`uncaught in ${page.url()}: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error in ${page.url()}: ${message.text()}`);
  });
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** axe-core's WCAG 2.1 A/AA rules on the page as it is now (evaluated through the DevTools protocol: the page's CSP stays on). */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run(context: Document, options: unknown): Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[] }> }> }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return result.violations.map((violation) => ({ id: violation.id, impact: violation.impact, help: violation.help, nodes: violation.nodes.map((node) => JSON.stringify(node.target)) }));
  }, WCAG_21_AA);
}

/** axe finds no WCAG 2.1 A/AA violation on the page; `screen` names the page in a failure. */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const violations = await axeViolations(page);
  expect({ screen, violations }).toEqual({ screen, violations: [] });
}

/** What every browser test file starts with: one headless Chromium, one test platform, and the gateway origin serving the app. */
export async function startBrowserPlatform(options: Parameters<typeof startTestPlatform>[0] = {}): Promise<{ browser: TestBrowser; platform: TestPlatform; origin: string }> {
  const browser = await launchTestBrowser();
  const platform = await startTestPlatform(options);
  return { browser, platform, origin: new URL(platform.gatewayUrl).origin };
}

/** After each test: no CSP violation, uncaught error or console error was seen in any page (they show up as console errors). */
export function expectNoBrowserProblems(browser: TestBrowser | undefined): void {
  const problems = browser?.problems.splice(0) ?? [];
  expect(problems).toEqual([]);
}

export const SCREENSHOT_DIR = path.resolve(__dirname, '..', 'browser', 'screenshots');

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/** Signs in through the app's login form (its Kyrgyz labels: a fresh context starts in Kyrgyz) and waits for the cabinet. */
export async function signInThroughForm(page: Page, origin: string, login: string, password: string): Promise<void> {
  await page.goto(`${origin}/login`);
  await page.getByLabel('ПИН, электрондук почта же телефон').fill(login);
  await page.getByLabel('Сырсөз').fill(password);
  await page.getByRole('button', { name: 'Кирүү', exact: true }).click();
  await page.locator('h1', { hasText: 'Жеке кабинет' }).waitFor();
}

/** Presses Tab until the element matching `selector` has the focus (at most `limit` times). */
export async function tabTo(page: Page, selector: string, limit = 40): Promise<void> {
  for (let i = 0; i < limit; i += 1) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${selector}`);
}

/** The text of everything a field's aria-describedby names: what a screen reader reads with it. */
export function describedText(page: Page, name: string): Promise<string> {
  return page.evaluate((field) => {
    const input = document.querySelector(`[name="${field}"]`);
    const ids = input?.getAttribute('aria-describedby')?.split(/\s+/) ?? [];
    return ids.map((id) => document.getElementById(id)?.textContent ?? '').join(' ');
  }, name);
}

/** Asks the certification-authority stand-in for a certificate of a public key, as the officer does outside the portal (POST /test/certificates). */
export async function certificateFor(certificationAuthorityUrl: string, publicKeyJwk: unknown, holder: { pin: string; name: string; organization?: string }): Promise<{ chainPem: string[]; serialNumber: string }> {
  const response = await fetch(`${certificationAuthorityUrl}/test/certificates`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ publicKeyJwk, ...holder }),
  });
  if (!response.ok) throw new Error(`the certification authority refused: ${await response.text()}`);
  return (await response.json()) as { chainPem: string[]; serialNumber: string };
}

/**
 * The officer's signing-key screen end to end: reads the browser key's public JWK from the page,
 * gets a qualified certificate for it from the CA stand-in, pastes the chain back and registers it.
 */
export async function registerOfficerKeyThroughPage(page: Page, origin: string, certificationAuthorityUrl: string, holder: { pin: string; name: string; organization: string }): Promise<void> {
  await page.goto(`${origin}/officer/signing-key`);
  const jwk = JSON.parse((await page.getByTestId('public-jwk').textContent()) ?? '{}') as unknown;
  const certificate = await certificateFor(certificationAuthorityUrl, jwk, holder);
  await page.locator('textarea[name="certificateChainPem"]').fill(certificate.chainPem.join('\n'));
  await page.getByRole('button', { name: /Ачкычты каттоо|Зарегистрировать ключ/ }).click();
  await page.getByTestId('key-level').waitFor();
}

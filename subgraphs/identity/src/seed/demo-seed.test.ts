import { DEMO_PROVIDERS, DEMO_USERS, normalizeEmail, normalizePhone, validatePin } from '@portal/kit';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { checkPassword } from '../user/user.rules';
import { DEMO_ACCOUNTS } from './demo-accounts';

describe('demo accounts', () => {
  it('use the kit’s fixed ids, each once', () => {
    expect(DEMO_ACCOUNTS.map((a) => a.id).sort()).toEqual(Object.values(DEMO_USERS).sort());
  });

  it.each(DEMO_ACCOUNTS.map((a) => [a.email, a] as const))('%s has a valid PIN matching its birth date, contacts and password', (_email, account) => {
    expect(validatePin(account.pin, account.kind)).toBeNull();
    expect(account.birthDate).toBe(`${account.pin.slice(5, 9)}-${account.pin.slice(3, 5)}-${account.pin.slice(1, 3)}`);
    expect(normalizeEmail(account.email)).toBe(account.email);
    expect(normalizePhone(account.phone)).toBe(account.phone);
    expect(checkPassword(account.password, account.pin)).toBeNull();
  });

  it('give every provider an officer, and officers only a provider', () => {
    const officers = DEMO_ACCOUNTS.filter((a) => a.roles.includes('PROVIDER_OFFICER'));
    expect(new Set(officers.map((a) => a.providerId))).toEqual(new Set(Object.values(DEMO_PROVIDERS)));
    expect(DEMO_ACCOUNTS.filter((a) => a.providerId !== null)).toEqual(officers);
  });

  it('have unique PINs, emails and phones', () => {
    for (const field of ['pin', 'email', 'phone'] as const) {
      expect(new Set(DEMO_ACCOUNTS.map((a) => a[field])).size).toBe(DEMO_ACCOUNTS.length);
    }
  });

  it('are all listed in DEMO_ACCOUNTS.md', () => {
    const listing = readFileSync(path.resolve(__dirname, '..', '..', 'DEMO_ACCOUNTS.md'), 'utf8');
    for (const account of DEMO_ACCOUNTS) {
      expect(listing).toContain(account.email);
      expect(listing).toContain(account.pin);
      expect(listing).toContain(account.password);
    }
  });
});

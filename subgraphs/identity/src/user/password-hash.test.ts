import { PRODUCTION_SCRYPT, PasswordHasher, hashPassword, needsRehash, verifyPassword } from './password-hash';

const CHEAP = { N: 1024, r: 8, p: 1 };

describe('scrypt password hashes', () => {
  it('stores scrypt$N$r$p$salt$hash with a fresh salt each time', async () => {
    const first = await hashPassword('Citizen2026!', CHEAP);
    const second = await hashPassword('Citizen2026!', CHEAP);
    expect(first).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(second).not.toBe(first);
  });

  it('verifies the right password only; malformed or tampered hashes never match', async () => {
    const stored = await hashPassword('Citizen2026!', CHEAP);
    expect(await verifyPassword('Citizen2026!', stored)).toBe(true);
    expect(await verifyPassword('citizen2026!', stored)).toBe(false);
    expect(await verifyPassword('Citizen2026!', stored.replace('$1024$', '$2048$'))).toBe(false);
    expect(await verifyPassword('Citizen2026!', 'bcrypt$whatever')).toBe(false);
    expect(await verifyPassword('Citizen2026!', 'scrypt$1073741824$8$1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA')).toBe(false);
  });

  it('treats composed and decomposed letters as the same password', async () => {
    const stored = await hashPassword('Өмүр2026abc', CHEAP);
    expect(await verifyPassword('Өмүр2026abc'.normalize('NFD'), stored)).toBe(true);
  });

  it('asks for a re-hash when the stored cost is below the current one', async () => {
    const cheap = await hashPassword('Citizen2026!', CHEAP);
    expect(needsRehash(cheap, CHEAP)).toBe(false);
    expect(needsRehash(cheap, PRODUCTION_SCRYPT)).toBe(true);
  });

  it('works with the production parameters (N=32768, r=8, p=1)', async () => {
    const hasher = new PasswordHasher(PRODUCTION_SCRYPT);
    const stored = await hasher.hash('Operator2026!');
    expect(stored.startsWith('scrypt$32768$8$1$')).toBe(true);
    expect(await hasher.verify('Operator2026!', stored)).toBe(true);
    expect(await hasher.verifyAgainstNothing('Operator2026!')).toBe(false);
  });

  it('refuses a cost that is not a power of two', () => {
    expect(() => new PasswordHasher({ N: 1000, r: 8, p: 1 })).toThrow(/power of two/);
  });
});

import { IDENTITY_DEMO_ACCOUNTS } from '@portal/identity';
import type { RegisterPersonInput } from '@portal/standins';

/** The demo seed's accounts as `npm start` prints them (the identity seed is the source). */
export const DEMO_ACCOUNTS = IDENTITY_DEMO_ACCOUNTS.map((account) => ({
  role: account.roles.join(', '),
  login: account.email,
  password: account.password,
  description: `${account.fullName}, PIN ${account.pin}, ${account.phone}`,
}));

/**
 * The demo accounts as the Tunduk stand-in's population register holds them: the same PIN, name,
 * birth date and address (the seed writes names first-name first, the register surname first).
 */
export const DEMO_REGISTER_PEOPLE: RegisterPersonInput[] = IDENTITY_DEMO_ACCOUNTS.filter((account) => account.kind === 'INDIVIDUAL').map((account) => {
  const words = account.fullName.trim().split(/\s+/);
  return { pin: account.pin, surname: words.at(-1)!, name: words.slice(0, -1).join(' '), birthDate: account.birthDate, address: account.address };
});

/** Registered marriages among the demo people (the ID-card replacement service uses the marriage record). */
export const DEMO_MARRIAGES: Array<[string, string, string]> = [['11505199012345', '20308198500017', '2015-06-20']];

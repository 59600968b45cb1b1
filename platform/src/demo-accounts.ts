import { IDENTITY_DEMO_ACCOUNTS, IDENTITY_DEMO_REGISTER_PEOPLE } from '@portal/identity';
import type { RegisterPersonInput } from '@portal/standins';

/** The demo seed's accounts as `npm start` prints them (the identity seed is the source). */
export const DEMO_ACCOUNTS = IDENTITY_DEMO_ACCOUNTS.map((account) => ({
  role: account.roles.join(', '),
  login: account.email,
  password: account.password,
  description: `${account.fullName}, PIN ${account.pin}, ${account.phone}`,
}));

/** The demo accounts as the Tunduk stand-in's population register holds them (the identity seed is the source). */
export const DEMO_REGISTER_PEOPLE: RegisterPersonInput[] = IDENTITY_DEMO_REGISTER_PEOPLE;

/** Registered marriages among the demo people (the ID-card replacement service uses the marriage record). */
export const DEMO_MARRIAGES: Array<[string, string, string]> = [['11505199012345', '20308198500017', '2015-06-20']];

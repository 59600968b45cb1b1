import { IDENTITY_DEMO_ACCOUNTS } from '@portal/identity';

/** The demo seed's accounts as `npm start` prints them (the identity seed is the source). */
export const DEMO_ACCOUNTS = IDENTITY_DEMO_ACCOUNTS.map((account) => ({
  role: account.roles.join(', '),
  login: account.email,
  password: account.password,
  description: `${account.fullName}, PIN ${account.pin}, ${account.phone}`,
}));

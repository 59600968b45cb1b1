/** The demo seed's accounts, printed by `npm start` and listed in the README. */
export interface DemoAccount {
  role: 'OPERATOR' | 'CITIZEN' | 'PROVIDER_OFFICER';
  login: string;
  password: string;
  description: string;
}

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { role: 'OPERATOR', login: 'operator@portal.kg', password: 'Operator2026!', description: 'portal operator: publishes catalogue changes, blocks accounts' },
  { role: 'CITIZEN', login: 'aigul@example.kg', password: 'Citizen2026!', description: 'Aigul Asanova, Bishkek (Kyrgyz interface)' },
  { role: 'CITIZEN', login: 'bakyt@example.kg', password: 'Citizen2026!', description: 'Bakyt Toktogulov, Osh (Russian interface)' },
  { role: 'PROVIDER_OFFICER', login: 'officer.mvd@portal.kg', password: 'Officer2026!', description: 'Ministry of Internal Affairs' },
  { role: 'PROVIDER_OFFICER', login: 'executor.mvd@portal.kg', password: 'Officer2026!', description: 'Ministry of Internal Affairs (executor)' },
  { role: 'PROVIDER_OFFICER', login: 'officer.grs@portal.kg', password: 'Officer2026!', description: 'State Registration Service' },
  { role: 'PROVIDER_OFFICER', login: 'officer.minjust@portal.kg', password: 'Officer2026!', description: 'Ministry of Justice' },
  { role: 'PROVIDER_OFFICER', login: 'officer.bishkek_meria@portal.kg', password: 'Officer2026!', description: 'Bishkek City Hall' },
  { role: 'PROVIDER_OFFICER', login: 'officer.sts@portal.kg', password: 'Officer2026!', description: 'State Tax Service' },
];

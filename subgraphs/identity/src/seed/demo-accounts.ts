import { DEMO_PROVIDERS, DEMO_USERS, type LanguageCode, type RoleCode } from '@portal/kit';
import type { UserKindCode } from '../user/user.rules';

export interface DemoAccount {
  id: string;
  kind: UserKindCode;
  pin: string;
  fullName: string;
  birthDate: string;
  address: string;
  email: string;
  phone: string;
  password: string;
  preferredLanguage: LanguageCode;
  roles: RoleCode[];
  providerId: string | null;
}

export const DEMO_PASSWORDS = {
  OPERATOR: 'Operator2026!',
  CITIZEN: 'Citizen2026!',
  OFFICER: 'Officer2026!',
} as const;

const officer = (
  id: string,
  providerId: string,
  email: string,
  pin: string,
  fullName: string,
  phone: string,
  preferredLanguage: LanguageCode,
): DemoAccount => ({
  id,
  kind: 'INDIVIDUAL',
  pin,
  fullName,
  // digits 2-9 of the PIN: DDMMYYYY
  birthDate: `${pin.slice(5, 9)}-${pin.slice(3, 5)}-${pin.slice(1, 3)}`,
  address: 'г. Бишкек',
  email,
  phone,
  password: DEMO_PASSWORDS.OFFICER,
  preferredLanguage,
  roles: ['PROVIDER_OFFICER'],
  providerId,
});

/** The demo accounts (listed for people in subgraphs/identity/DEMO_ACCOUNTS.md; keep both in step). */
export const DEMO_ACCOUNTS: DemoAccount[] = [
  {
    id: DEMO_USERS.OPERATOR,
    kind: 'INDIVIDUAL',
    pin: '21201198000011',
    fullName: 'Nurlan Operatorov',
    birthDate: '1980-01-12',
    address: 'г. Бишкек, ул. Абдрахманова, 205',
    email: 'operator@portal.kg',
    phone: '+996700100001',
    password: DEMO_PASSWORDS.OPERATOR,
    preferredLanguage: 'RU',
    roles: ['OPERATOR'],
    providerId: null,
  },
  {
    id: DEMO_USERS.CITIZEN_AIGUL,
    kind: 'INDIVIDUAL',
    pin: '11505199012345',
    fullName: 'Aigul Asanova',
    birthDate: '1990-05-15',
    address: 'г. Бишкек, Октябрьский район, пр. Чуй, 120, кв. 15',
    email: 'aigul@example.kg',
    phone: '+996700100101',
    password: DEMO_PASSWORDS.CITIZEN,
    preferredLanguage: 'KY',
    roles: ['CITIZEN'],
    providerId: null,
  },
  {
    id: DEMO_USERS.CITIZEN_BAKYT,
    kind: 'INDIVIDUAL',
    pin: '20308198500017',
    fullName: 'Bakyt Toktogulov',
    birthDate: '1985-08-03',
    address: 'г. Ош, ул. Ленина, 221, кв. 4',
    email: 'bakyt@example.kg',
    phone: '+996700100102',
    password: DEMO_PASSWORDS.CITIZEN,
    preferredLanguage: 'RU',
    roles: ['CITIZEN'],
    providerId: null,
  },
  officer(DEMO_USERS.OFFICER_MVD, DEMO_PROVIDERS.MVD, 'officer.mvd@portal.kg', '22004198200031', 'Azamat Sydykov', '+996700200201', 'RU'),
  officer(DEMO_USERS.OFFICER_GRS, DEMO_PROVIDERS.GRS, 'officer.grs@portal.kg', '11107198700042', 'Gulnara Mamytova', '+996700200202', 'KY'),
  officer(DEMO_USERS.OFFICER_MINJUST, DEMO_PROVIDERS.MINJUST, 'officer.minjust@portal.kg', '12503197900053', 'Jyldyz Abdyrakhmanova', '+996700200203', 'RU'),
  officer(DEMO_USERS.OFFICER_BISHKEK_MERIA, DEMO_PROVIDERS.BISHKEK_MERIA, 'officer.bishkek_meria@portal.kg', '20909199100064', 'Ermek Beishenaliev', '+996700200204', 'KY'),
  officer(DEMO_USERS.OFFICER_STS, DEMO_PROVIDERS.STS, 'officer.sts@portal.kg', '21712198400075', 'Talant Osmonov', '+996700200205', 'RU'),
  officer(DEMO_USERS.EXECUTOR_MVD, DEMO_PROVIDERS.MVD, 'executor.mvd@portal.kg', '10106199300086', 'Nazira Kadyrova', '+996700200211', 'KY'),
];

/**
 * The demo people as the population register (the Tunduk stand-in's seed) holds them: same PIN,
 * name, birth date and address; the seed writes a name first-name first, the register surname first.
 */
export const DEMO_REGISTER_PEOPLE = DEMO_ACCOUNTS.filter((account) => account.kind === 'INDIVIDUAL').map((account) => {
  const words = account.fullName.trim().split(/\s+/);
  return { pin: account.pin, surname: words.at(-1)!, name: words.slice(0, -1).join(' '), birthDate: account.birthDate, address: account.address };
});

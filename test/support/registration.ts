import type { RegisterPersonInput } from '@portal/standins';
import type { TestPlatform } from './platform';

export const REGISTER = `mutation($input: RegisterInput!) {
  register(input: $input) { accessToken user { id pin fullName birthDate address identityVerified } }
}`;

export interface RegisteredCitizen {
  accessToken: string;
  user: { id: string; pin: string; fullName: string; birthDate: string; address: string | null; identityVerified: boolean };
}

/** The full name as the population register writes it: surname, name, patronymic. */
export function fullNameOf(person: Pick<RegisterPersonInput, 'surname' | 'name' | 'patronymic'>): string {
  return [person.surname, person.name, person.patronymic ?? ''].filter((part) => part !== '').join(' ');
}

/**
 * What every new citizen of a test is now: first in the population register (the Tunduk stand-in),
 * then registered through the gateway with the same PIN, full name and birth date.
 */
export async function registerCitizen(
  platform: TestPlatform,
  person: RegisterPersonInput,
  account: { email?: string | null; phone?: string | null; password?: string; preferredLanguage?: 'KY' | 'RU' } = {},
): Promise<RegisteredCitizen> {
  platform.tunduk.addPerson(person);
  const data = await platform.ok<{ register: RegisteredCitizen }>(REGISTER, {
    input: {
      kind: 'INDIVIDUAL',
      pin: person.pin,
      fullName: fullNameOf(person),
      email: account.email ?? null,
      phone: account.phone ?? null,
      password: account.password ?? 'Issyk-Kul-2026!',
      preferredLanguage: account.preferredLanguage ?? 'RU',
      acceptedTermsVersion: (await platform.ok<{ currentTermsVersion: string }>('{ currentTermsVersion }')).currentTermsVersion,
      consentToPersonalDataProcessing: true,
    },
  });
  return data.register;
}

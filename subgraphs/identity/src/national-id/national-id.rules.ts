/**
 * What the portal takes from an ID token of the Unified Identification System, and how the person is
 * matched to an account. Pure: no GraphQL, no ORM, no I/O.
 */
import { type LocalizedText, birthDateFromPin, normalizeEmail, normalizePhone, validatePin } from '@portal/kit';

export interface NationalIdPersonClaims {
  subject: string;
  pin: string;
  fullName: string;
  /** YYYY-MM-DD */
  birthDate: string | null;
  address: string | null;
  email: string | null;
  phone: string | null;
}

export type ClaimsCheck = { ok: true; person: NationalIdPersonClaims } | { ok: false; reason: string };

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Reads the person from verified claims; a token without a valid PIN or name cannot sign anyone in. */
export function readPersonClaims(claims: Record<string, unknown>): ClaimsCheck {
  const { sub, pin, name, birthdate, address, email, phone_number: phone } = claims;
  if (typeof sub !== 'string' || sub.trim() === '') return { ok: false, reason: 'the token has no subject (sub)' };
  if (typeof pin !== 'string' || validatePin(pin, 'INDIVIDUAL') !== null) return { ok: false, reason: 'the token carries no valid personal identification number (pin)' };
  if (typeof name !== 'string' || name.trim().length < 2) return { ok: false, reason: 'the token carries no name' };
  let birthDate: string | null = null;
  if (birthdate !== undefined && birthdate !== null) {
    if (typeof birthdate !== 'string' || !ISO_DATE.test(birthdate)) return { ok: false, reason: 'the birthdate claim is not a YYYY-MM-DD date' };
    birthDate = birthdate;
  }
  return {
    ok: true,
    person: {
      subject: sub,
      pin,
      fullName: name.trim().replace(/\s+/g, ' '),
      // The registry's birth date wins; the PIN's digits are the fallback.
      birthDate: birthDate ?? birthDateFromPin(pin),
      address: typeof address === 'string' && address.trim() !== '' ? address.trim() : null,
      // Contacts are optional: a malformed one is dropped rather than refusing the sign-in.
      email: typeof email === 'string' ? normalizeEmail(email) : null,
      phone: typeof phone === 'string' ? normalizePhone(phone) : null,
    },
  };
}

export type NationalIdFailure = 'EXPIRED' | 'WRONG_AUDIENCE_OR_ISSUER' | 'BAD_SIGNATURE' | 'MALFORMED' | 'BAD_CLAIMS';

export const NATIONAL_ID_FAILURE_TEXT: Record<NationalIdFailure, LocalizedText> = {
  EXPIRED: {
    ky: 'Бирдиктүү идентификация системасынын токенинин мөөнөтү бүттү. Система аркылуу кайра кириңиз.',
    ru: 'Срок действия токена Единой системы идентификации истёк. Войдите через систему ещё раз.',
  },
  WRONG_AUDIENCE_OR_ISSUER: {
    ky: 'Бул токен бул портал үчүн Бирдиктүү идентификация системасы тарабынан берилген эмес.',
    ru: 'Этот токен выдан не Единой системой идентификации для этого портала.',
  },
  BAD_SIGNATURE: {
    ky: 'Токендин колтамгасы Бирдиктүү идентификация системасынын ачкычтары менен тастыкталбады.',
    ru: 'Подпись токена не подтверждается ключами Единой системы идентификации.',
  },
  MALFORMED: {
    ky: 'Бул Бирдиктүү идентификация системасынын токени эмес.',
    ru: 'Это не токен Единой системы идентификации.',
  },
  BAD_CLAIMS: {
    ky: 'Токенде адамдын маалыматтары толук эмес.',
    ru: 'В токене нет необходимых сведений о человеке.',
  },
};

/** Registry data refreshes the account at every sign-in; contacts only fill gaps, the user owns them. */
export function accountUpdatesFromRegistry(
  account: { fullName: string; birthDate: string | null; address: string | null; email: string | null; phone: string | null },
  person: NationalIdPersonClaims,
  contactsTakenByOthers: { email: boolean; phone: boolean },
): Partial<Pick<NationalIdPersonClaims, 'fullName' | 'birthDate' | 'address' | 'email' | 'phone'>> {
  const updates: Partial<Pick<NationalIdPersonClaims, 'fullName' | 'birthDate' | 'address' | 'email' | 'phone'>> = {};
  if (person.fullName !== account.fullName) updates.fullName = person.fullName;
  if (person.birthDate && person.birthDate !== account.birthDate) updates.birthDate = person.birthDate;
  if (person.address && person.address !== account.address) updates.address = person.address;
  if (!account.email && person.email && !contactsTakenByOthers.email) updates.email = person.email;
  if (!account.phone && person.phone && !contactsTakenByOthers.phone) updates.phone = person.phone;
  return updates;
}

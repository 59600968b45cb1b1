/**
 * What the portal takes from an ID token of the Unified Identification System, and how the person is
 * matched to an account. Pure: no GraphQL, no ORM, no I/O.
 */
import { createHash } from 'node:crypto';
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

export type NationalIdFailure =
  | 'EXPIRED'
  | 'WRONG_AUDIENCE_OR_ISSUER'
  | 'BAD_SIGNATURE'
  | 'MALFORMED'
  | 'BAD_CLAIMS'
  | 'REPLAYED'
  | 'NONCE_MISMATCH'
  | 'UNKNOWN_STATE'
  | 'CODE_REFUSED';

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
  REPLAYED: {
    ky: 'Бул Бирдиктүү идентификация системасынын токени мурун колдонулган: ар бир токен менен бир гана жолу кирүүгө болот. Система аркылуу кайра кириңиз.',
    ru: 'Этот токен Единой системы идентификации уже использован: каждым токеном можно войти только один раз. Войдите через систему ещё раз.',
  },
  NONCE_MISMATCH: {
    ky: 'Бул токен бул порталда башталган кирүүгө таандык эмес (nonce дал келбейт) же ал кирүү мурун аякталган. Кирүүнү кайра баштаңыз.',
    ru: 'Этот токен не относится к входу, начатому на этом портале (nonce не совпадает), или этот вход уже завершён. Начните вход заново.',
  },
  UNKNOWN_STATE: {
    ky: 'Бул кирүү бул порталда башталган эмес, мурун аякталган же мөөнөтү бүткөн (state). Кирүүнү кайра баштаңыз.',
    ru: 'Этот вход не был начат на этом портале, уже завершён или истёк (state). Начните вход заново.',
  },
  CODE_REFUSED: {
    ky: 'Бирдиктүү идентификация системасы кирүү кодун кабыл алган жок (мөөнөтү бүткөн же мурун колдонулган). Кирүүнү кайра баштаңыз.',
    ru: 'Единая система идентификации не приняла код входа (истёк или уже использован). Начните вход заново.',
  },
};

/** The text of a redirect URI the portal does not allow. */
export const REDIRECT_URI_NOT_ALLOWED: LocalizedText = {
  ky: 'Бул кайтаруу дареги (redirectUri) порталдын уруксат берилген тизмесинде жок. Порталдын веб же мобилдик тиркемесинин дарегин көрсөтүңүз.',
  ru: 'Этого адреса возврата (redirectUri) нет в списке разрешённых порталом. Укажите адрес веб- или мобильного приложения портала.',
};

// ------------------------------------------------------------------ authorization-code flow

/**
 * The redirect URI as it will be sent (normalized by URL parsing), when the allow-list has it: an
 * entry is an exact URL, or a prefix ending in "/" that allows any path below it on that origin.
 */
export function allowedRedirectUri(redirectUri: string, allowList: readonly string[]): string | null {
  let url: URL;
  try {
    url = new URL(redirectUri.trim());
  } catch {
    return null;
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.hash !== '' || url.username !== '' || url.password !== '') return null;
  const normalized = url.toString();
  for (const entry of allowList) {
    let allowed: URL;
    try {
      allowed = new URL(entry);
    } catch {
      continue;
    }
    const allowedText = allowed.toString();
    if (normalized === allowedText) return normalized;
    if (allowedText.endsWith('/') && url.origin === allowed.origin && normalized.startsWith(allowedText)) return normalized;
  }
  return null;
}

/** Where the browser goes to sign in (OpenID Connect Core 3.1.2.1). */
export function authorizationUrlFor(settings: { authorizationUrl: string; clientId: string }, request: { redirectUri: string; state: string; nonce: string }): string {
  const url = new URL(settings.authorizationUrl);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', settings.clientId);
  url.searchParams.set('redirect_uri', request.redirectUri);
  url.searchParams.set('scope', 'openid');
  url.searchParams.set('state', request.state);
  url.searchParams.set('nonce', request.nonce);
  return url.toString();
}

/** Stored instead of the state itself, so a database reader cannot complete someone's sign-in. */
export function hashState(state: string): string {
  return createHash('sha256').update(state).digest('base64url');
}

/** A state this portal issues: 43 base64url characters (32 random bytes). */
export function looksLikeState(state: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(state);
}

/** What identifies an ID token for one-time use: its jti, else (a system that sets none) a hash of the token. */
export function tokenIdOf(claims: { jti?: unknown }, idToken: string): string {
  if (typeof claims.jti === 'string' && claims.jti !== '' && claims.jti.length <= 200) return `jti:${claims.jti}`;
  return `sha256:${createHash('sha256').update(idToken).digest('base64url')}`;
}

// ------------------------------------------------------------------ linking to an existing account

/**
 * What a national-ID sign-in does with the account it found:
 * - SIGN_IN: the identity is already linked to it;
 * - CREATE: no account has the PIN; a new one is made;
 * - LINK: an account with the PIN exists without a password (nobody else could have used it);
 * - TAKE_OVER: an account with the PIN has a password and was never linked to the national ID.
 *   Who set that password is unknown (anyone could register with someone's PIN), so the verified
 *   identity takes the account over: every earlier password, session and signing key is revoked
 *   and the holder is told; nothing is merged silently.
 */
export type LinkDecision = 'SIGN_IN' | 'CREATE' | 'LINK' | 'TAKE_OVER';

export function linkDecision(linkedToThisIdentity: boolean, account: { hasPassword: boolean; linkedToNationalId: boolean } | null): LinkDecision {
  if (linkedToThisIdentity) return 'SIGN_IN';
  if (!account) return 'CREATE';
  if (account.hasPassword && !account.linkedToNationalId) return 'TAKE_OVER';
  return 'LINK';
}

/**
 * Contacts kept on a taken-over account: only those the registry confirms; the others may be an
 * impostor's (a way back into the account through a password reset), so they are cleared.
 */
export function contactsAfterTakeover(account: { email: string | null; phone: string | null }, person: { email: string | null; phone: string | null }): { email: string | null; phone: string | null } {
  return {
    email: account.email !== null && account.email === person.email ? account.email : null,
    phone: account.phone !== null && account.phone === person.phone ? account.phone : null,
  };
}

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

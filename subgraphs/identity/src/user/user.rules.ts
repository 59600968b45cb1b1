/**
 * Rules about portal accounts: what a valid registration is, what a login string names, who may
 * read whose personal data. Pure: no GraphQL, no ORM, no I/O.
 */
import { type LanguageCode, type LocalizedText, type PinKind, type RoleCode, birthDateFromPin, normalizeContactPhone, normalizeEmail, normalizePhone, validatePin } from '@portal/kit';

export type UserKindCode = PinKind;

export interface FieldProblem {
  field: string;
  code: string;
  message: LocalizedText;
}

// ------------------------------------------------------------------ password policy

export const PASSWORD_MIN_LENGTH = 10;
/** Long enough for passphrases, short enough that hashing cannot be abused to burn CPU. */
export const PASSWORD_MAX_LENGTH = 128;

const LETTER = /\p{L}/u;
const DIGIT = /\p{Nd}/u;

/** The first thing wrong with a password, or null: at least 10 characters, letters and digits, not containing the PIN. */
export function checkPassword(password: string, pin: string): FieldProblem | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) {
    return passwordProblem('PASSWORD_TOO_SHORT', {
      ky: `Сырсөз кеминде ${PASSWORD_MIN_LENGTH} белгиден турушу керек.`,
      ru: `Пароль должен содержать не менее ${PASSWORD_MIN_LENGTH} символов.`,
    });
  }
  if (length > PASSWORD_MAX_LENGTH) {
    return passwordProblem('PASSWORD_TOO_LONG', {
      ky: `Сырсөз ${PASSWORD_MAX_LENGTH} белгиден ашпашы керек.`,
      ru: `Пароль должен содержать не более ${PASSWORD_MAX_LENGTH} символов.`,
    });
  }
  if (!LETTER.test(password) || !DIGIT.test(password)) {
    return passwordProblem('PASSWORD_LETTERS_AND_DIGITS', {
      ky: 'Сырсөздө тамгалар да, сандар да болушу керек.',
      ru: 'Пароль должен содержать и буквы, и цифры.',
    });
  }
  if (pin.length > 0 && password.includes(pin)) {
    return passwordProblem('PASSWORD_CONTAINS_PIN', {
      ky: 'Сырсөздө ПИН же ИСН болбошу керек.',
      ru: 'Пароль не должен содержать ПИН или ИНН.',
    });
  }
  return null;
}

function passwordProblem(code: string, message: LocalizedText): FieldProblem {
  return { field: 'password', code, message };
}

// ------------------------------------------------------------------ registration

export interface RegistrationInput {
  kind: UserKindCode;
  pin: string;
  fullName: string;
  email?: string | null;
  phone?: string | null;
  password: string;
  preferredLanguage?: LanguageCode | null;
  acceptedTermsVersion: string;
  consentToPersonalDataProcessing: boolean;
}

export interface ValidRegistration {
  kind: UserKindCode;
  pin: string;
  fullName: string;
  email: string | null;
  phone: string | null;
  password: string;
  preferredLanguage: LanguageCode;
  /** Individuals only: digits 2-9 of the PIN. */
  birthDate: string | null;
  termsVersion: string;
}

export type RegistrationCheck = { ok: true; registration: ValidRegistration } | { ok: false; problems: FieldProblem[] };

export const FULL_NAME_MAX_LENGTH = 200;

/**
 * Checks a registration against the current terms version and returns every problem at once, so a
 * form can mark all wrong fields together.
 */
export function checkRegistration(
  input: RegistrationInput,
  currentTermsVersion: string,
  options: { today?: Date; fallbackLanguage?: LanguageCode } = {},
): RegistrationCheck {
  const problems: FieldProblem[] = [];
  const pin = input.pin.trim();
  const pinProblem = validatePin(pin, input.kind, { today: options.today });
  if (pinProblem) problems.push({ field: 'pin', code: pinProblem.code, message: pinProblem.message });

  const fullName = input.fullName.trim().replace(/\s+/g, ' ');
  if (fullName.length < 2 || fullName.length > FULL_NAME_MAX_LENGTH) {
    problems.push({
      field: 'fullName',
      code: 'FULL_NAME_LENGTH',
      message: {
        ky: `Толук аты-жөнүн (уюмдун аталышын) 2ден ${FULL_NAME_MAX_LENGTH} белгиге чейин жазыңыз.`,
        ru: `Укажите полное имя (или наименование организации) длиной от 2 до ${FULL_NAME_MAX_LENGTH} символов.`,
      },
    });
  }

  let email: string | null = null;
  if (input.email !== undefined && input.email !== null && input.email.trim() !== '') {
    email = normalizeEmail(input.email);
    if (email === null) {
      problems.push({
        field: 'email',
        code: 'EMAIL_FORMAT',
        message: { ky: 'Электрондук почтанын дареги туура эмес, мисалы: name@example.kg.', ru: 'Неверный адрес электронной почты, пример: name@example.kg.' },
      });
    }
  }

  let phone: string | null = null;
  if (input.phone !== undefined && input.phone !== null && input.phone.trim() !== '') {
    phone = normalizePhone(input.phone);
    if (phone === null) {
      problems.push({
        field: 'phone',
        code: 'PHONE_FORMAT',
        message: {
          ky: 'Телефон номерин +996 коду менен жазыңыз, мисалы: +996 700 123 456.',
          ru: 'Укажите номер телефона с кодом +996, например: +996 700 123 456.',
        },
      });
    }
  }

  const passwordProblem = checkPassword(input.password, pin);
  if (passwordProblem) problems.push(passwordProblem);

  if (input.acceptedTermsVersion !== currentTermsVersion) {
    problems.push({
      field: 'acceptedTermsVersion',
      code: 'TERMS_VERSION_OUTDATED',
      message: {
        ky: `Порталдын колдонуу шарттарынын учурдагы редакциясы (${currentTermsVersion}) кабыл алынышы керек.`,
        ru: `Необходимо принять действующую редакцию условий использования портала (${currentTermsVersion}).`,
      },
    });
  }
  if (input.consentToPersonalDataProcessing !== true) {
    problems.push({
      field: 'consentToPersonalDataProcessing',
      code: 'CONSENT_REQUIRED',
      message: {
        ky: 'Жеке маалыматтарды иштетүүгө макулдук берилбесе, катталуу мүмкүн эмес.',
        ru: 'Без согласия на обработку персональных данных регистрация невозможна.',
      },
    });
  }

  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    registration: {
      kind: input.kind,
      pin,
      fullName,
      email,
      phone,
      password: input.password,
      preferredLanguage: input.preferredLanguage ?? options.fallbackLanguage ?? 'KY',
      birthDate: input.kind === 'INDIVIDUAL' ? birthDateFromPin(pin) : null,
      termsVersion: currentTermsVersion,
    },
  };
}

/** The message naming which identifier is already taken. */
export function duplicateAccountProblem(field: 'pin' | 'email' | 'phone'): FieldProblem {
  const messages: Record<typeof field, LocalizedText> = {
    pin: { ky: 'Бул ПИН (ИСН) менен аккаунт мурунтан катталган.', ru: 'Учётная запись с этим ПИН (ИНН) уже зарегистрирована.' },
    email: { ky: 'Бул электрондук почта башка аккаунтта колдонулат.', ru: 'Этот адрес электронной почты уже используется другой учётной записью.' },
    phone: { ky: 'Бул телефон номери башка аккаунтта колдонулат.', ru: 'Этот номер телефона уже используется другой учётной записью.' },
  };
  return { field, code: `DUPLICATE_${field.toUpperCase()}`, message: messages[field] };
}

// ------------------------------------------------------------------ login

export type LoginIdentifier = { field: 'pin' | 'email' | 'phone'; value: string };

/** What a login string names: 14 digits are a PIN, anything with '@' an email, else a phone (Kyrgyz, national form, or international as updateContact stores it). */
export function classifyLogin(login: string): LoginIdentifier | null {
  const trimmed = login.trim();
  if (/^\d{14}$/.test(trimmed)) return { field: 'pin', value: trimmed };
  if (trimmed.includes('@')) {
    const email = normalizeEmail(trimmed);
    return email ? { field: 'email', value: email } : null;
  }
  const phone = normalizeContactPhone(trimmed);
  return phone ? { field: 'phone', value: phone } : null;
}

// ------------------------------------------------------------------ who may read whose data

/**
 * How much of an account the caller may see (least privilege: identity decides it itself for every
 * User it serves, `_entities` included, and does not trust the path a reference came by):
 * - SELF: the account holder; everything.
 * - OFFICER: an officer of a provider the person has applied to (an application submitted, not a
 *   draft, known from the applications subgraph's events); personal fields, not signing keys (recorded).
 * - OPERATOR: portal administration; the account itself (name, kind, roles, provider, blocked) to
 *   block or unblock it and its signing keys to revoke a compromised one, but none of a person's
 *   identifiers, birth date, address or contacts: running the portal does not need them (recorded).
 * - OFFICIAL_PROFILE: any signed-in user looking at staff (an officer or operator) acting in office,
 *   e.g. a colleague, the executor or signer of an application: id, kind, name, roles, provider (recorded).
 * Anyone else, anonymous callers and officers of other providers included, gets nothing.
 */
export type UserAccess = 'SELF' | 'OPERATOR' | 'OFFICER' | 'OFFICIAL_PROFILE';

export interface Reader {
  userId: string | null;
  roles: readonly RoleCode[];
  providerId?: string | null;
}

export interface ReadTarget {
  id: string;
  roles: readonly RoleCode[];
}

/** Facts about the target that live outside the account (identity's projection of applications). */
export interface ReadRelation {
  /** The target has submitted an application to the reader's provider. */
  appliedToReadersProvider: boolean;
}

const NO_RELATION: ReadRelation = { appliedToReadersProvider: false };

export function userAccessFor(reader: Reader, target: ReadTarget, relation: ReadRelation = NO_RELATION): UserAccess | null {
  if (!reader.userId) return null;
  if (reader.userId === target.id) return 'SELF';
  if (reader.roles.includes('OPERATOR')) return 'OPERATOR';
  if (reader.roles.includes('PROVIDER_OFFICER') && reader.providerId && relation.appliedToReadersProvider) return 'OFFICER';
  if (isStaff(target)) return 'OFFICIAL_PROFILE';
  return null;
}

/** Whether the reader's access to the target depends on the applicant relation (so it must be looked up). */
export function accessDependsOnApplications(reader: Reader, target: ReadTarget): boolean {
  return (
    reader.userId !== null &&
    reader.userId !== target.id &&
    !reader.roles.includes('OPERATOR') &&
    reader.roles.includes('PROVIDER_OFFICER') &&
    typeof reader.providerId === 'string'
  );
}

function isStaff(target: ReadTarget): boolean {
  return target.roles.includes('PROVIDER_OFFICER') || target.roles.includes('OPERATOR');
}

export function canSeePersonalFields(access: UserAccess): boolean {
  return access === 'SELF' || access === 'OFFICER';
}

export function canSeeSigningKeys(access: UserAccess): boolean {
  return access === 'SELF' || access === 'OPERATOR';
}

// ------------------------------------------------------------------ blocking

export const BLOCK_REASON_MAX_LENGTH = 1000;

export function checkBlockReason(reason: string): string | null {
  const trimmed = reason.trim();
  return trimmed.length > 0 && trimmed.length <= BLOCK_REASON_MAX_LENGTH ? trimmed : null;
}

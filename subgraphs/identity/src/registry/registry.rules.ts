/**
 * Verified registration (L-23, R-14, R-22): what a registration must agree with in the state
 * registers, and how a refusal is worded. A refusal says WHAT did not match, never what the register
 * holds. Pure: no GraphQL, no ORM, no I/O.
 */
import type { LocalizedText } from '@portal/kit';
import { type LegalEntity, type PopulationPerson, registerFullName } from '@portal/tunduk';

/** Case, runs of spaces and е/ё do not count; the letters and their order do. */
export function normalizeFullName(name: string): string {
  return name.normalize('NFC').toLocaleLowerCase('ru').replace(/ё/g, 'е').replace(/\s+/g, ' ').trim();
}

export type PersonMismatch = 'NOT_IN_REGISTER' | 'FULL_NAME' | 'BIRTH_DATE' | 'DECEASED';

/**
 * What stands between the claimed person and the register's record: nothing (an empty list), the PIN
 * unknown, the full name (surname first, as the register writes it) or the birth date different, or,
 * only when everything matched, the person deceased.
 */
export function personMismatches(claim: { fullName: string; birthDate: string | null }, person: PopulationPerson | null): PersonMismatch[] {
  if (!person) return ['NOT_IN_REGISTER'];
  const mismatches: PersonMismatch[] = [];
  if (normalizeFullName(claim.fullName) !== normalizeFullName(registerFullName(person))) mismatches.push('FULL_NAME');
  if (claim.birthDate !== null && claim.birthDate !== person.birthDate) mismatches.push('BIRTH_DATE');
  if (mismatches.length === 0 && person.deceased) mismatches.push('DECEASED');
  return mismatches;
}

export type LegalEntityRefusal = 'NOT_IN_REGISTER' | 'NOT_ACTIVE' | 'NOT_DIRECTOR';

/** Why a legal entity cannot be registered by the person with `registrantPin`, or null. */
export function legalEntityRefusal(entity: LegalEntity | null, registrantPin: string): LegalEntityRefusal | null {
  if (!entity) return 'NOT_IN_REGISTER';
  if (entity.status !== 'ACTIVE') return 'NOT_ACTIVE';
  if (entity.directorPin !== registrantPin) return 'NOT_DIRECTOR';
  return null;
}

/** The field each refusal is about (fieldErrors of BAD_USER_INPUT). */
export const PERSON_MISMATCH_FIELD: Record<PersonMismatch, 'pin' | 'fullName' | 'birthDate'> = {
  NOT_IN_REGISTER: 'pin',
  FULL_NAME: 'fullName',
  BIRTH_DATE: 'birthDate',
  DECEASED: 'pin',
};

export const REGISTRY_TEXT = {
  NOT_IN_REGISTER: {
    ru: 'ПИН не найден в Государственном реестре населения. Сверьте ПИН с паспортом (ID-картой) и исправьте его.',
    ky: 'ПИН калкты каттоонун мамлекеттик реестринен табылган жок. ПИНди паспортуңуз (ID-картаңыз) менен салыштырып, оңдоңуз.',
  },
  FULL_NAME: {
    ru: 'Фамилия, имя и отчество не совпадают с записью Государственного реестра населения для этого ПИН. Введите их так, как в паспорте: сначала фамилия, затем имя и отчество.',
    ky: 'Фамилияңыз, атыңыз жана атаңыздын аты бул ПИН боюнча калкты каттоонун мамлекеттик реестриндеги жазууга дал келбейт. Аларды паспорттогудай жазыңыз: адегенде фамилия, андан кийин ат жана атасынын аты.',
  },
  BIRTH_DATE: {
    ru: 'Дата рождения не совпадает с записью Государственного реестра населения для этого ПИН. Сверьте её с паспортом.',
    ky: 'Туулган күнүңүз бул ПИН боюнча калкты каттоонун мамлекеттик реестриндеги жазууга дал келбейт. Паспортуңуз менен салыштырыңыз.',
  },
  DECEASED: {
    ru: 'Регистрация невозможна: по записи Государственного реестра населения этот человек умер. Если это ошибка, обратитесь в Государственную регистрационную службу.',
    ky: 'Катталуу мүмкүн эмес: калкты каттоонун мамлекеттик реестриндеги жазуу боюнча бул адам көз жумган. Эгер бул ката болсо, Мамлекеттик каттоо кызматына кайрылыңыз.',
  },
  ENTITY_NOT_IN_REGISTER: {
    ru: 'Организация с таким ИНН не найдена в Государственном реестре юридических лиц. Сверьте ИНН со свидетельством о регистрации.',
    ky: 'Мындай ИСН менен уюм юридикалык жактардын мамлекеттик реестринен табылган жок. ИСНди каттоо күбөлүгү менен салыштырыңыз.',
  },
  ENTITY_NOT_ACTIVE: {
    ru: 'По Государственному реестру юридических лиц организация с этим ИНН не действует (ликвидирована или реорганизована); зарегистрировать её на портале нельзя.',
    ky: 'Юридикалык жактардын мамлекеттик реестри боюнча бул ИСН менен уюм иштебейт (жоюлган же кайра уюшулган); аны порталда каттоого болбойт.',
  },
  DIRECTOR_SIGN_IN: {
    ru: 'Организацию регистрирует её руководитель: сначала войдите в свою личную учётную запись с подтверждённой личностью (через единую систему идентификации или зарегистрированную по реестру населения), затем повторите регистрацию организации.',
    ky: 'Уюмду анын жетекчиси каттайт: адегенде инсандыгы ырасталган жеке аккаунтуңузга кириңиз (бирдиктүү идентификация системасы аркылуу же калкты каттоо реестри боюнча катталган), андан кийин уюмду каттоону кайталаңыз.',
  },
  DIRECTOR_NOT_VERIFIED: {
    ru: 'Ваша личность на портале не подтверждена, поэтому вы не можете зарегистрировать организацию. Войдите через единую систему идентификации, затем повторите регистрацию.',
    ky: 'Порталда инсандыгыңыз ырасталган эмес, ошондуктан уюмду каттай албайсыз. Бирдиктүү идентификация системасы аркылуу кирип, андан кийин каттоону кайталаңыз.',
  },
  NOT_DIRECTOR: {
    ru: 'Вы не указаны руководителем этой организации в Государственном реестре юридических лиц. Организацию на портале регистрирует её руководитель.',
    ky: 'Юридикалык жактардын мамлекеттик реестринде сиз бул уюмдун жетекчиси катары көрсөтүлгөн эмессиз. Уюмду порталда анын жетекчиси каттайт.',
  },
  UNAVAILABLE: {
    ru: 'Государственный реестр сейчас не отвечает, поэтому проверить данные и создать учётную запись нельзя. Ничего не сохранено; повторите попытку через {seconds} с.',
    ky: 'Мамлекеттик реестр азыр жооп бербей жатат, ошондуктан маалыматты текшерип, аккаунт түзүүгө болбойт. Эч нерсе сакталган жок; {seconds} секунддан кийин кайра аракет кылыңыз.',
  },
  SIMPLE_KEY_NEEDS_VERIFIED_IDENTITY: {
    ru: 'Ключ простой электронной подписи выдаётся только учётной записи с подтверждённой личностью (ПИН, ФИО и дата рождения сверены с реестром населения, или вход через единую систему идентификации). Войдите через единую систему идентификации и повторите.',
    ky: 'Жөнөкөй электрондук кол тамганын ачкычы инсандыгы ырасталган аккаунтка гана берилет (ПИН, аты-жөнү жана туулган күнү калкты каттоо реестри менен салыштырылган, же бирдиктүү идентификация системасы аркылуу кирүү). Бирдиктүү идентификация системасы аркылуу кирип, кайталаңыз.',
  },
} as const satisfies Record<string, LocalizedText>;

/** The text for an unavailable register, with the wait filled in. */
export function unavailableText(retryAfterSeconds: number): LocalizedText {
  return {
    ru: REGISTRY_TEXT.UNAVAILABLE.ru.replace('{seconds}', String(retryAfterSeconds)),
    ky: REGISTRY_TEXT.UNAVAILABLE.ky.replace('{seconds}', String(retryAfterSeconds)),
  };
}

/** What the access log says was read from the population register for a registration check. */
export const POPULATION_READ_FIELDS = ['surname', 'name', 'patronymic', 'birthDate', 'sex', 'address', 'identityDocument', 'deceased'];

/** The X-Road-UserId of a request (the PIN of the person it is about), masked for the operator. */
export { maskedUserId } from '@portal/kit';

/** The `source` of access-log rows that record a read of a register through Tunduk. */
export const REGISTRY_READ_SOURCE = 'tunduk';

/**
 * Format-logic check of application data against the service's electronic form: every wrong
 * field gets a message in Kyrgyz and Russian saying what is wrong and how to fix it.
 */
import {
  compileFieldPattern,
  type FormDefinitionData,
  type FormFieldDefinition,
  type FormOptionDefinition,
  type LocalizedText,
} from '@portal/kit';
import { isValidEmail, isValidPhone, type PinProblemCode, validatePin } from '@portal/kit';

export type FieldErrorCode =
  | 'REQUIRED'
  | 'TYPE'
  | 'PATTERN'
  | 'MIN_LENGTH'
  | 'MAX_LENGTH'
  | 'MIN'
  | 'MAX'
  | 'OPTION'
  | PinProblemCode
  | 'PHONE_FORMAT'
  | 'EMAIL_FORMAT'
  | 'DATE_FORMAT'
  | 'UNKNOWN_FIELD';

export interface FieldError {
  /** The field's name; '' when the data as a whole is wrong. */
  field: string;
  code: FieldErrorCode;
  message: LocalizedText;
}

export interface ApplicationDataValidationOptions {
  /** Check only the fields of these steps (e.g. the step the user just left); unknown keys are always reported. */
  onlySteps?: string[];
  /** "Now" for the birth date inside a PIN; defaults to the current time. */
  today?: Date;
}

/** What an attached file looks like in application data: its metadata, the bytes live in file storage. */
export interface AttachedFile {
  name: string;
  sha256: string;
  size: number;
  mimeType?: string;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const SHA256_HEX = /^[0-9a-f]{64}$/i;
const MAX_OPTIONS_LISTED = 10;

/**
 * All format-logic errors of `data`, at most one per field (the first rule it breaks), ordered by step
 * then field as the form lists them, followed by keys the form does not know (alphabetically).
 * Missing means absent, null, or a string of only whitespace. A required BOOLEAN must be true, like a
 * required checkbox in HTML (consent-style fields).
 */
export function validateApplicationData(
  form: FormDefinitionData,
  data: unknown,
  options: ApplicationDataValidationOptions = {},
): FieldError[] {
  if (!isPlainObject(data)) {
    return [{ field: '', code: 'TYPE', message: dataNotAnObjectMessage() }];
  }
  const errors: FieldError[] = [];
  const stepsToCheck = options.onlySteps ? new Set(options.onlySteps) : null;
  const knownFieldNames = new Set<string>();

  for (const step of form.steps) {
    for (const field of step.fields) knownFieldNames.add(field.name);
    if (stepsToCheck && !stepsToCheck.has(step.id)) continue;
    for (const field of step.fields) {
      const value = Object.prototype.hasOwnProperty.call(data, field.name) ? data[field.name] : undefined;
      const error = fieldError(field, value, options.today);
      if (error) errors.push(error);
    }
  }

  const unknownKeys = Object.keys(data)
    .filter((key) => !knownFieldNames.has(key))
    .sort();
  for (const key of unknownKeys) {
    errors.push({ field: key, code: 'UNKNOWN_FIELD', message: unknownFieldMessage(key) });
  }
  return errors;
}

/**
 * What the form does not have, at any depth (data keeps only the form's fields): keys that name no
 * field, keys inside an attached file beside its name, sha256, size and mimeType, and structured values
 * (objects, arrays) in fields that take a single value. Keys are read as own keys only, so
 * `__proto__`, `constructor` or `prototype` are just more unknown keys. A key sent as null is a
 * removal and is let through (a draft may drop a key it stored). Empty when `data` keeps to the form.
 */
export function dataShapeErrors(form: FormDefinitionData, data: Record<string, unknown>): FieldError[] {
  const fields = new Map<string, FormFieldDefinition>();
  for (const step of form.steps) for (const field of step.fields) fields.set(field.name, field);
  const errors: FieldError[] = [];
  const unknown = (path: string): FieldError => ({ field: path, code: 'UNKNOWN_FIELD', message: unknownFieldMessage(path) });
  for (const key of Object.keys(data).sort()) {
    const value = data[key];
    if (value === null) continue;
    const field = fields.get(key);
    if (!field) {
      errors.push(unknown(key));
      continue;
    }
    if (typeof value !== 'object') continue;
    if (field.type !== 'FILE' || !isPlainObject(value)) {
      errors.push({ field: key, code: 'TYPE', message: wrongTypeMessage(field) });
      continue;
    }
    for (const inner of Object.keys(value).sort()) {
      if (!ATTACHED_FILE_KEYS.includes(inner)) errors.push(unknown(`${key}.${inner}`));
      else if (typeof value[inner] === 'object' && value[inner] !== null) errors.push({ field: `${key}.${inner}`, code: 'TYPE', message: wrongTypeMessage(field) });
    }
  }
  return errors;
}

/** The keys of an attached file's metadata in application data (mimeType optional). */
const ATTACHED_FILE_KEYS: readonly string[] = ['name', 'sha256', 'size', 'mimeType'];

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isMissing(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

function fieldError(field: FormFieldDefinition, value: unknown, today: Date | undefined): FieldError | null {
  const fail = (code: FieldErrorCode, message: LocalizedText): FieldError => ({ field: field.name, code, message });
  const label = field.label;

  if (isMissing(value)) return field.required ? fail('REQUIRED', requiredMessage(field)) : null;

  switch (field.type) {
    case 'TEXT': {
      if (typeof value !== 'string') return fail('TYPE', wrongTypeMessage(field));
      const length = [...value].length;
      if (field.minLength !== undefined && length < field.minLength) {
        return fail('MIN_LENGTH', tooShortMessage(label, field.minLength, length));
      }
      if (field.maxLength !== undefined && length > field.maxLength) {
        return fail('MAX_LENGTH', tooLongMessage(label, field.maxLength, length));
      }
      if (field.pattern !== undefined && !matchesPattern(field.pattern, value)) {
        return fail('PATTERN', patternMessage(label, field.patternHint));
      }
      return null;
    }
    case 'NUMBER': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return fail('TYPE', wrongTypeMessage(field));
      if (field.min !== undefined && value < field.min) return fail('MIN', tooSmallMessage(label, field.min));
      if (field.max !== undefined && value > field.max) return fail('MAX', tooLargeMessage(label, field.max));
      return null;
    }
    case 'DATE': {
      if (typeof value !== 'string') return fail('TYPE', wrongTypeMessage(field));
      return isIsoCalendarDate(value) ? null : fail('DATE_FORMAT', dateFormatMessage(label));
    }
    case 'BOOLEAN': {
      if (typeof value !== 'boolean') return fail('TYPE', wrongTypeMessage(field));
      return field.required && value === false ? fail('REQUIRED', requiredMessage(field)) : null;
    }
    case 'SELECT': {
      if (typeof value !== 'string') return fail('TYPE', wrongTypeMessage(field));
      const allowed = (field.options ?? []).some((option) => option.value === value);
      return allowed ? null : fail('OPTION', notAnOptionMessage(label, field.options ?? []));
    }
    case 'PIN': {
      if (typeof value !== 'string') return fail('TYPE', wrongTypeMessage(field));
      const problem = validatePin(value, 'INDIVIDUAL', { today });
      return problem ? fail(problem.code, pinMessage(label, problem.message)) : null;
    }
    case 'PHONE': {
      if (typeof value !== 'string') return fail('TYPE', wrongTypeMessage(field));
      return isValidPhone(value) ? null : fail('PHONE_FORMAT', phoneFormatMessage(label));
    }
    case 'EMAIL': {
      if (typeof value !== 'string') return fail('TYPE', wrongTypeMessage(field));
      return isValidEmail(value) ? null : fail('EMAIL_FORMAT', emailFormatMessage(label));
    }
    case 'FILE': {
      if (!isAttachedFile(value)) return fail('TYPE', wrongTypeMessage(field));
      const extra = Object.keys(value).filter((key) => !ATTACHED_FILE_KEYS.includes(key)).sort();
      return extra.length === 0 ? null : { field: `${field.name}.${extra[0]}`, code: 'UNKNOWN_FIELD', message: unknownFieldMessage(`${field.name}.${extra[0]}`) };
    }
    default: {
      // A type added to FormFieldType without a rule here must not let data through unchecked.
      const unhandled: never = field.type;
      return fail('TYPE', unsupportedFieldTypeMessage(label, String(unhandled)));
    }
  }
}

function matchesPattern(pattern: string, value: string): boolean {
  try {
    return compileFieldPattern(pattern).test(value);
  } catch {
    // An invalid pattern is the form's fault (validateFormDefinition reports it), not the applicant's.
    return true;
  }
}

function isIsoCalendarDate(value: string): boolean {
  const parts = ISO_DATE.exec(value);
  if (!parts) return false;
  const [year, month, day] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  const probe = new Date(Date.UTC(year, month - 1, day));
  return (
    year >= 1 && probe.getUTCFullYear() === year && probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day
  );
}

function isAttachedFile(value: unknown): value is AttachedFile {
  if (!isPlainObject(value)) return false;
  return (
    typeof value.name === 'string' &&
    value.name.trim() !== '' &&
    typeof value.sha256 === 'string' &&
    SHA256_HEX.test(value.sha256) &&
    typeof value.size === 'number' &&
    Number.isSafeInteger(value.size) &&
    value.size > 0 &&
    (value.mimeType === undefined || typeof value.mimeType === 'string')
  );
}

// ------------------------------------------------------------------ messages

/** Russian noun form after a number: 1 символ, 2 символа, 5 символов, 21 символ, 11 символов. */
function russianPlural(count: number, one: string, few: string, many: string): string {
  const lastTwo = count % 100;
  const last = count % 10;
  if (lastTwo >= 11 && lastTwo <= 14) return many;
  if (last === 1) return one;
  if (last >= 2 && last <= 4) return few;
  return many;
}

function characters(count: number): string {
  return `${count} ${russianPlural(count, 'символ', 'символа', 'символов')}`;
}

function requiredMessage(field: FormFieldDefinition): LocalizedText {
  const { ru, ky } = field.label;
  switch (field.type) {
    case 'BOOLEAN':
      return {
        ru: `Поставьте отметку «${ru}»: без неё заявку нельзя подать.`,
        ky: `«${ky}» деген жерге белги коюңуз: ансыз өтүнмөнү берүүгө болбойт.`,
      };
    case 'SELECT':
      return {
        ru: `Выберите значение в поле «${ru}»: это поле обязательное.`,
        ky: `«${ky}» талаасында маанини тандаңыз: бул талаа милдеттүү.`,
      };
    case 'FILE':
      return {
        ru: `Прикрепите файл в поле «${ru}»: это поле обязательное.`,
        ky: `«${ky}» талаасына файл тиркеңиз: бул талаа милдеттүү.`,
      };
    default:
      return {
        ru: `Заполните поле «${ru}»: это поле обязательное.`,
        ky: `«${ky}» талаасын толтуруңуз: бул талаа милдеттүү.`,
      };
  }
}

function wrongTypeMessage(field: FormFieldDefinition): LocalizedText {
  const { ru, ky } = field.label;
  switch (field.type) {
    case 'TEXT':
      return {
        ru: `В поле «${ru}» нужен текст. Введите значение заново.`,
        ky: `«${ky}» талаасына текст жазылышы керек. Маанини кайра жазыңыз.`,
      };
    case 'NUMBER':
      return {
        ru: `В поле «${ru}» нужно число. Введите его цифрами, например 25 или 12.5.`,
        ky: `«${ky}» талаасына сан жазылышы керек. Аны цифралар менен жазыңыз, мисалы: 25 же 12.5.`,
      };
    case 'DATE':
      return {
        ru: `В поле «${ru}» нужна дата. Укажите её в формате ГГГГ-ММ-ДД, например 2024-05-31.`,
        ky: `«${ky}» талаасына дата жазылышы керек. Аны ЖЖЖЖ-АА-КК форматында жазыңыз, мисалы: 2024-05-31.`,
      };
    case 'BOOLEAN':
      return {
        ru: `В поле «${ru}» нужен ответ «да» или «нет». Выберите один из них.`,
        ky: `«${ky}» талаасына «ооба» же «жок» деген жооп керек. Алардын бирин тандаңыз.`,
      };
    case 'SELECT':
      return notAnOptionMessage(field.label, field.options ?? []);
    case 'PIN':
      return {
        ru: `В поле «${ru}» нужен ПИН из 14 цифр. Введите его заново.`,
        ky: `«${ky}» талаасына 14 сандан турган ПИН жазылышы керек. Аны кайра жазыңыз.`,
      };
    case 'PHONE':
      return phoneFormatMessage(field.label);
    case 'EMAIL':
      return emailFormatMessage(field.label);
    case 'FILE':
      return {
        ru: `Файл в поле «${ru}» прикреплён с ошибкой. Удалите его и прикрепите заново.`,
        ky: `«${ky}» талаасындагы файл ката менен тиркелген. Аны өчүрүп, кайра тиркеңиз.`,
      };
  }
}

function tooShortMessage(label: LocalizedText, minLength: number, actualLength: number): LocalizedText {
  return {
    ru: `Поле «${label.ru}» слишком короткое: минимум ${characters(minLength)}, сейчас ${actualLength}. Дополните значение.`,
    ky: `«${label.ky}» талаасы өтө кыска: кеминде ${minLength} белги болушу керек, азыр ${actualLength}. Маанини толуктаңыз.`,
  };
}

function tooLongMessage(label: LocalizedText, maxLength: number, actualLength: number): LocalizedText {
  return {
    ru: `Поле «${label.ru}» слишком длинное: максимум ${characters(maxLength)}, сейчас ${actualLength}. Сократите текст.`,
    ky: `«${label.ky}» талаасы өтө узун: ${maxLength} белгиден ашпашы керек, азыр ${actualLength}. Текстти кыскартыңыз.`,
  };
}

function tooSmallMessage(label: LocalizedText, min: number): LocalizedText {
  return {
    ru: `Число в поле «${label.ru}» слишком маленькое: оно должно быть не меньше ${min}. Исправьте число.`,
    ky: `«${label.ky}» талаасындагы сан өтө кичине: ал ${min} же андан чоң болушу керек. Санды оңдоңуз.`,
  };
}

function tooLargeMessage(label: LocalizedText, max: number): LocalizedText {
  return {
    ru: `Число в поле «${label.ru}» слишком большое: оно должно быть не больше ${max}. Исправьте число.`,
    ky: `«${label.ky}» талаасындагы сан өтө чоң: ал ${max} же андан кичине болушу керек. Санды оңдоңуз.`,
  };
}

function withoutFinalPeriod(text: string): string {
  return text.trim().replace(/\.+$/, '');
}

function patternMessage(label: LocalizedText, hint: LocalizedText | undefined): LocalizedText {
  if (hint) {
    return {
      ru: `Поле «${label.ru}» заполнено в неверном формате. Нужный формат: ${withoutFinalPeriod(hint.ru)}.`,
      ky: `«${label.ky}» талаасы туура эмес форматта толтурулган. Талап кылынган формат: ${withoutFinalPeriod(hint.ky)}.`,
    };
  }
  return {
    ru: `Поле «${label.ru}» заполнено в неверном формате. Проверьте, нет ли лишних пробелов или знаков, и введите значение так, как указано в описании услуги.`,
    ky: `«${label.ky}» талаасы туура эмес форматта толтурулган. Ашыкча бош орундар же белгилер жок экенин текшерип, маанини кызматтын сүрөттөмөсүндө көрсөтүлгөндөй жазыңыз.`,
  };
}

function listedOptions(options: FormOptionDefinition[], language: keyof LocalizedText): string {
  const labels = options.slice(0, MAX_OPTIONS_LISTED).map((option) => `«${option.label[language]}»`);
  if (options.length > MAX_OPTIONS_LISTED) labels.push('…');
  return labels.join(', ');
}

function notAnOptionMessage(label: LocalizedText, options: FormOptionDefinition[]): LocalizedText {
  return {
    ru: `В поле «${label.ru}» выбрано значение, которого нет в списке. Выберите один из вариантов: ${listedOptions(options, 'ru')}.`,
    ky: `«${label.ky}» талаасында тизмеде жок маани тандалган. Төмөнкү варианттардын бирин тандаңыз: ${listedOptions(options, 'ky')}.`,
  };
}

function pinMessage(label: LocalizedText, problem: LocalizedText): LocalizedText {
  return { ru: `Поле «${label.ru}»: ${problem.ru}`, ky: `«${label.ky}» талаасы: ${problem.ky}` };
}

function phoneFormatMessage(label: LocalizedText): LocalizedText {
  return {
    ru: `Номер в поле «${label.ru}» указан неверно. Введите его в формате +996 XXX XXX XXX: код страны +996 и 9 цифр.`,
    ky: `«${label.ky}» талаасындагы номер туура эмес жазылган. Аны +996 XXX XXX XXX форматында жазыңыз: өлкөнүн +996 коду жана 9 сан.`,
  };
}

function emailFormatMessage(label: LocalizedText): LocalizedText {
  return {
    ru: `Адрес в поле «${label.ru}» указан неверно. Введите адрес электронной почты в виде name@example.kg, без пробелов.`,
    ky: `«${label.ky}» талаасындагы дарек туура эмес жазылган. Электрондук почтанын дарегин name@example.kg түрүндө, бош орунсуз жазыңыз.`,
  };
}

function dateFormatMessage(label: LocalizedText): LocalizedText {
  return {
    ru: `Дата в поле «${label.ru}» указана неверно. Введите существующую дату в формате ГГГГ-ММ-ДД, например 2024-05-31.`,
    ky: `«${label.ky}» талаасындагы дата туура эмес жазылган. Календарда бар датаны ЖЖЖЖ-АА-КК форматында жазыңыз, мисалы: 2024-05-31.`,
  };
}

/** Keys are the sender's: shown at most this long in messages. */
const MAX_KEY_SHOWN = 64;

function unknownFieldMessage(rawKey: string): LocalizedText {
  const key = [...rawKey].length > MAX_KEY_SHOWN ? `${[...rawKey].slice(0, MAX_KEY_SHOWN).join('')}…` : rawKey;
  return {
    ru: `Поля «${key}» нет в форме этой услуги. Удалите его из заявки.`,
    ky: `«${key}» талаасы бул кызматтын формасында жок. Аны өтүнмөдөн алып салыңыз.`,
  };
}

function unsupportedFieldTypeMessage(label: LocalizedText, type: string): LocalizedText {
  return {
    ru: `Поле «${label.ru}» нельзя проверить: тип поля ${type} не поддерживается. Сообщите об этом в службу поддержки портала.`,
    ky: `«${label.ky}» талаасын текшерүүгө болбойт: ${type} талаа түрү колдоого алынбайт. Бул тууралуу порталдын колдоо кызматына кабарлаңыз.`,
  };
}

function dataNotAnObjectMessage(): LocalizedText {
  return {
    ru: 'Данные заявки должны быть набором полей формы, а пришло другое значение. Заполните форму заново.',
    ky: 'Өтүнмөнүн маалыматтары форманын талааларынан турушу керек, бирок башка маани келди. Форманы кайра толтуруңуз.',
  };
}

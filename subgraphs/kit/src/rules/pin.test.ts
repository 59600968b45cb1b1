import {
  birthDateFromPin,
  isValidEmail,
  isValidPhone,
  normalizeEmail,
  normalizePhone,
  validatePin,
} from './pin';

// 2026-06-15 12:00 in Bishkek
const today = new Date('2026-06-15T06:00:00Z');

describe('validatePin for individuals', () => {
  it('accepts a female and a male PIN with a real past birth date', () => {
    expect(validatePin('11203199000123', 'INDIVIDUAL', { today })).toBeNull();
    expect(validatePin('22902200012345', 'INDIVIDUAL', { today })).toBeNull(); // born 29 Feb 2000
  });

  it.each([
    ['13 digits', '1120319900012'],
    ['15 digits', '112031990001234'],
    ['a letter', '1120319900012A'],
    ['spaces', '1 1203199000123'],
    ['an empty string', ''],
    ['surrounding spaces', ' 11203199000123 '],
    ['non-ASCII digits', '١١٢٠٣١٩٩٠٠٠١٢٣'],
  ])('reports PIN_FORMAT for %s', (_case, pin) => {
    expect(validatePin(pin, 'INDIVIDUAL', { today })?.code).toBe('PIN_FORMAT');
  });

  it('reports PIN_FORMAT for values that are not strings at all', () => {
    expect(validatePin(undefined as unknown as string, 'INDIVIDUAL')?.code).toBe('PIN_FORMAT');
    expect(validatePin(11203199000123 as unknown as string, 'INDIVIDUAL')?.code).toBe('PIN_FORMAT');
  });

  it.each(['0', '3', '9'])('reports PIN_GENDER_DIGIT when the first digit is %s', (first) => {
    expect(validatePin(`${first}1203199000123`, 'INDIVIDUAL', { today })?.code).toBe('PIN_GENDER_DIGIT');
  });

  it.each([
    ['day 32', '13201199000123'],
    ['day 00', '10001199000123'],
    ['month 13', '11513199000123'],
    ['month 00', '11500199000123'],
    ['31 April', '13104199000123'],
    ['29 February in a non-leap year', '22902200100123'],
    ['29 February 1900 (not a leap year)', '22902190000123'],
    ['a year before 1900', '13112189900123'],
    ['tomorrow', '11606202600123'],
    ['a year in the future', '10101202700123'],
  ])('reports PIN_BIRTH_DATE for %s', (_case, pin) => {
    expect(validatePin(pin, 'INDIVIDUAL', { today })?.code).toBe('PIN_BIRTH_DATE');
  });

  it('accepts the earliest and the latest allowed birth dates', () => {
    expect(validatePin('10101190000123', 'INDIVIDUAL', { today })).toBeNull();
    expect(validatePin('11506202600123', 'INDIVIDUAL', { today })).toBeNull();
  });

  it('takes "today" in Bishkek time, not UTC', () => {
    const justAfterBishkekMidnight = new Date('2026-06-14T18:30:00Z'); // 15 Jun 00:30 in Bishkek
    expect(validatePin('11506202600123', 'INDIVIDUAL', { today: justAfterBishkekMidnight })).toBeNull();
    const justBeforeBishkekMidnight = new Date('2026-06-14T17:30:00Z'); // 14 Jun 23:30 in Bishkek
    expect(validatePin('11506202600123', 'INDIVIDUAL', { today: justBeforeBishkekMidnight })?.code).toBe(
      'PIN_BIRTH_DATE',
    );
  });

  it('checks the format before the gender digit, and the gender digit before the date', () => {
    expect(validatePin('3999', 'INDIVIDUAL', { today })?.code).toBe('PIN_FORMAT');
    expect(validatePin('39999999900123', 'INDIVIDUAL', { today })?.code).toBe('PIN_GENDER_DIGIT');
  });

  it('explains the problem and the fix in Kyrgyz and Russian', () => {
    expect(validatePin('123', 'INDIVIDUAL')?.message).toEqual({
      ru: 'ПИН должен состоять из 14 цифр. Введите 14 цифр без пробелов, точек и других знаков.',
      ky: 'ПИН 14 сандан турушу керек. 14 санды бош орунсуз, чекитсиз жана башка белгилерсиз жазыңыз.',
    });
    const gender = validatePin('31203199000123', 'INDIVIDUAL', { today })!.message;
    expect(gender.ru).toContain('1 (женский пол) или 2 (мужской пол)');
    expect(gender.ky).toContain('1 (аял) же 2 (эркек)');
    const birthDate = validatePin('13201199000123', 'INDIVIDUAL', { today })!.message;
    expect(birthDate.ru).toContain('ДДММГГГГ');
    expect(birthDate.ky).toContain('ККААЖЖЖЖ');
  });

  it('returns a fresh message object each time, so callers cannot corrupt the shared texts', () => {
    const first = validatePin('1', 'INDIVIDUAL')!;
    first.message.ru = 'changed';
    expect(validatePin('1', 'INDIVIDUAL')!.message.ru).not.toBe('changed');
  });
});

describe('validatePin for legal entities', () => {
  it.each(['01234567890123', '12345678901234', '29999999999999', '99999999999999'])(
    'accepts any 14 digits: %s',
    (inn) => {
      expect(validatePin(inn, 'LEGAL_ENTITY')).toBeNull();
    },
  );

  it.each(['0123456789012', '012345678901234', '0123456789012X', ''])('reports PIN_FORMAT for %p', (inn) => {
    const found = validatePin(inn, 'LEGAL_ENTITY');
    expect(found?.code).toBe('PIN_FORMAT');
    expect(found?.message.ru).toMatch(/^ИНН организации должен состоять из 14 цифр/);
    expect(found?.message.ky).toMatch(/^Уюмдун ИСНи 14 сандан турушу керек/);
  });
});

describe('birthDateFromPin', () => {
  it('reads digits 2-9 as DDMMYYYY', () => {
    expect(birthDateFromPin('11203199000123')).toBe('1990-03-12');
    expect(birthDateFromPin('22902200012345')).toBe('2000-02-29');
  });

  it('returns null when the digits are not a real date or the PIN is malformed', () => {
    expect(birthDateFromPin('13104199000123')).toBeNull();
    expect(birthDateFromPin('1120319900012')).toBeNull();
    expect(birthDateFromPin('')).toBeNull();
    expect(birthDateFromPin(null as unknown as string)).toBeNull();
  });
});

describe('normalizePhone and isValidPhone', () => {
  it.each([
    ['+996555123456', '+996555123456'],
    ['+996 555 123 456', '+996555123456'],
    ['+996-555-12-34-56', '+996555123456'],
    ['+996 (312) 62-33-11', '+996312623311'],
    ['  +996700123456  ', '+996700123456'],
  ])('normalizes %p to %p', (input, expected) => {
    expect(normalizePhone(input)).toBe(expected);
    expect(isValidPhone(input)).toBe(true);
  });

  it.each([
    ['a number without the country code', '0555123456'],
    ['a country code without the plus', '996555123456'],
    ['8 digits after +996', '+99655512345'],
    ['10 digits after +996', '+9965551234567'],
    ['another country', '+77011234567'],
    ['a national number starting with 0', '+996055123456'],
    ['letters', '+996 555 ABC 456'],
    ['dots as separators', '+996.555.123.456'],
    ['an empty string', ''],
  ])('rejects %s', (_case, input) => {
    expect(normalizePhone(input)).toBeNull();
    expect(isValidPhone(input)).toBe(false);
  });

  it('rejects values that are not strings', () => {
    expect(isValidPhone(996555123456 as unknown as string)).toBe(false);
  });
});

describe('normalizeEmail and isValidEmail', () => {
  it.each([
    ['user@example.kg', 'user@example.kg'],
    ['  Aibek.Usonov@Mail.RU ', 'aibek.usonov@mail.ru'],
    ['first+tag@sub.domain.gov.kg', 'first+tag@sub.domain.gov.kg'],
    ["o'brien_x-y@example.com", "o'brien_x-y@example.com"],
    ['user@xn--80ajwc.xn--p1ai', 'user@xn--80ajwc.xn--p1ai'],
  ])('normalizes %p to %p', (input, expected) => {
    expect(normalizeEmail(input)).toBe(expected);
    expect(isValidEmail(input)).toBe(true);
  });

  it.each([
    ['no @', 'user.example.kg'],
    ['nothing before @', '@example.kg'],
    ['nothing after @', 'user@'],
    ['two @', 'a@b@example.kg'],
    ['a single-label domain', 'user@localhost'],
    ['a numeric top-level label', 'user@example.123'],
    ['a leading dot in the local part', '.user@example.kg'],
    ['consecutive dots in the local part', 'us..er@example.kg'],
    ['a trailing dot in the local part', 'user.@example.kg'],
    ['an empty domain label', 'user@example..kg'],
    ['a label starting with a hyphen', 'user@-example.kg'],
    ['a space inside', 'us er@example.kg'],
    ['a quoted local part', '"user"@example.kg'],
    ['an IP literal', 'user@[10.0.0.1]'],
    ['Cyrillic letters', 'пользователь@пример.кг'],
    ['a local part over 64 characters', `${'a'.repeat(65)}@example.kg`],
    ['a domain label over 63 characters', `user@${'a'.repeat(64)}.kg`],
    ['an address over 254 characters', `user@${'a'.repeat(62)}.${'b'.repeat(62)}.${'c'.repeat(62)}.${'d'.repeat(62)}.kg`],
    ['an empty string', ''],
  ])('rejects %s', (_case, input) => {
    expect(normalizeEmail(input)).toBeNull();
    expect(isValidEmail(input)).toBe(false);
  });

  it('rejects values that are not strings', () => {
    expect(isValidEmail(undefined as unknown as string)).toBe(false);
  });
});

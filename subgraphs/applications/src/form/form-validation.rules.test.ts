import type { FormDefinitionData, FormFieldDefinition } from '@portal/kit';
import { dataShapeErrors, validateApplicationData } from './form-validation.rules';

const text = (ru: string, ky: string) => ({ ru, ky });
const today = new Date('2026-06-15T06:00:00Z');
const sha256 = 'a'.repeat(64);

const form: FormDefinitionData = {
  steps: [
    {
      id: 'applicant',
      title: text('Заявитель', 'Арыз берүүчү'),
      fields: [
        { name: 'fullName', label: text('ФИО', 'Аты-жөнү'), type: 'TEXT', required: true, minLength: 3, maxLength: 20 },
        { name: 'pin', label: text('ПИН заявителя', 'Арыз берүүчүнүн ПИНи'), type: 'PIN', required: true },
        { name: 'birthDate', label: text('Дата рождения', 'Туулган күнү'), type: 'DATE', required: true },
        { name: 'phone', label: text('Телефон', 'Телефон'), type: 'PHONE', required: false },
        { name: 'email', label: text('Эл. почта', 'Эл. почта'), type: 'EMAIL', required: false },
      ],
    },
    {
      id: 'request',
      title: text('Запрос', 'Суроо-талап'),
      fields: [
        {
          name: 'passportNumber',
          label: text('Номер паспорта', 'Паспорттун номери'),
          type: 'TEXT',
          required: true,
          pattern: '[A-Z]{2}\\d{7}',
          patternHint: text('две латинские буквы и 7 цифр, например AN1234567.', 'эки латын тамгасы жана 7 сан, мисалы AN1234567'),
        },
        { name: 'plate', label: text('Госномер', 'Мамлекеттик номер'), type: 'TEXT', required: false, pattern: '\\d{2}KG\\d{3}[A-Z]{3}' },
        { name: 'copies', label: text('Количество копий', 'Нускалардын саны'), type: 'NUMBER', required: true, min: 1, max: 10 },
        {
          name: 'delivery',
          label: text('Способ получения', 'Алуу ыкмасы'),
          type: 'SELECT',
          required: true,
          options: [
            { value: 'PORTAL', label: text('На портале', 'Порталда') },
            { value: 'IN_PERSON', label: text('Лично', 'Жеке өзү') },
          ],
        },
        { name: 'urgent', label: text('Срочно', 'Шашылыш'), type: 'BOOLEAN', required: false },
        { name: 'consent', label: text('Согласен с условиями', 'Шарттарга макулмун'), type: 'BOOLEAN', required: true },
        { name: 'scan', label: text('Скан заявления', 'Арыздын сканы'), type: 'FILE', required: false },
      ],
    },
  ],
};

function validData(): Record<string, unknown> {
  return {
    fullName: 'Асанова Айгүл',
    pin: '11203199000123',
    birthDate: '1990-03-12',
    phone: '+996 555 123 456',
    email: 'aigul@example.kg',
    passportNumber: 'AN1234567',
    plate: '01KG123ABC',
    copies: 2,
    delivery: 'PORTAL',
    urgent: false,
    consent: true,
    scan: { name: 'заявление.pdf', sha256, size: 52_311 },
  };
}

function errorsFor(patch: Record<string, unknown>) {
  return validateApplicationData(form, { ...validData(), ...patch }, { today });
}

function onlyErrorFor(patch: Record<string, unknown>) {
  const errors = errorsFor(patch);
  expect(errors).toHaveLength(1);
  return errors[0];
}

describe('validateApplicationData', () => {
  it('accepts complete, valid data', () => {
    expect(errorsFor({})).toEqual([]);
  });

  it('accepts absent optional fields', () => {
    const data = validData();
    for (const optional of ['phone', 'email', 'plate', 'urgent', 'scan']) delete data[optional];
    expect(validateApplicationData(form, data, { today })).toEqual([]);
  });

  describe('the data as a whole', () => {
    it.each([
      ['null', null],
      ['an array', [{ fullName: 'x' }]],
      ['a string', '{"fullName":"x"}'],
      ['a number', 7],
      ['undefined', undefined],
    ])('reports one TYPE error on field "" for %s', (_case, data) => {
      const errors = validateApplicationData(form, data, { today });
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({ field: '', code: 'TYPE' });
      expect(errors[0].message.ru).toContain('Заполните форму заново');
      expect(errors[0].message.ky).toContain('Форманы кайра толтуруңуз');
    });
  });

  describe('REQUIRED', () => {
    it.each([
      ['absent', undefined],
      ['null', null],
      ['an empty string', ''],
      ['only spaces', '   '],
    ])('treats %s as missing', (_case, value) => {
      const data = validData();
      if (value === undefined) delete data.fullName;
      else data.fullName = value;
      expect(validateApplicationData(form, data, { today })).toEqual([
        {
          field: 'fullName',
          code: 'REQUIRED',
          message: {
            ru: 'Заполните поле «ФИО»: это поле обязательное.',
            ky: '«Аты-жөнү» талаасын толтуруңуз: бул талаа милдеттүү.',
          },
        },
      ]);
    });

    it('tells the user to choose for a SELECT and to attach for a FILE', () => {
      expect(onlyErrorFor({ delivery: null }).message.ru).toBe('Выберите значение в поле «Способ получения»: это поле обязательное.');
      const fileForm: FormDefinitionData = {
        steps: [{ id: 's', title: text('Ш', 'Ш'), fields: [{ name: 'scan', label: text('Скан', 'Скан'), type: 'FILE', required: true }] }],
      };
      expect(validateApplicationData(fileForm, {}, { today })[0]).toMatchObject({
        code: 'REQUIRED',
        message: { ru: 'Прикрепите файл в поле «Скан»: это поле обязательное.', ky: '«Скан» талаасына файл тиркеңиз: бул талаа милдеттүү.' },
      });
    });

    it('requires a required BOOLEAN to be checked, while an optional one may be false', () => {
      expect(onlyErrorFor({ consent: false })).toEqual({
        field: 'consent',
        code: 'REQUIRED',
        message: {
          ru: 'Поставьте отметку «Согласен с условиями»: без неё заявку нельзя подать.',
          ky: '«Шарттарга макулмун» деген жерге белги коюңуз: ансыз өтүнмөнү берүүгө болбойт.',
        },
      });
      expect(onlyErrorFor({ consent: undefined }).code).toBe('REQUIRED');
      expect(errorsFor({ urgent: false })).toEqual([]);
    });
  });

  describe('TYPE', () => {
    it.each([
      ['fullName', 42, 'В поле «ФИО» нужен текст'],
      ['fullName', ['Асанова'], 'В поле «ФИО» нужен текст'],
      ['copies', '2', 'В поле «Количество копий» нужно число'],
      ['copies', Number.NaN, 'В поле «Количество копий» нужно число'],
      ['copies', Number.POSITIVE_INFINITY, 'В поле «Количество копий» нужно число'],
      ['birthDate', 19900312, 'В поле «Дата рождения» нужна дата'],
      ['urgent', 'false', 'В поле «Срочно» нужен ответ «да» или «нет»'],
      ['delivery', 1, 'В поле «Способ получения» выбрано значение, которого нет в списке'],
      ['pin', 11203199000123, 'В поле «ПИН заявителя» нужен ПИН из 14 цифр'],
      ['phone', 996555123456, 'Номер в поле «Телефон» указан неверно'],
      ['email', { address: 'a@b.kg' }, 'Адрес в поле «Эл. почта» указан неверно'],
    ])('reports a wrong JSON type in %s (%p)', (field, value, ruStart) => {
      const error = onlyErrorFor({ [field]: value });
      expect(error.field).toBe(field);
      expect(error.code).toBe('TYPE');
      expect(error.message.ru.startsWith(ruStart)).toBe(true);
      expect(error.message.ky.length).toBeGreaterThan(20);
    });

    it.each([
      ['a string', 'scan.pdf'],
      ['no name', { sha256, size: 1 }],
      ['a blank name', { name: ' ', sha256, size: 1 }],
      ['a short hash', { name: 'a.pdf', sha256: 'abc', size: 1 }],
      ['a non-hex hash', { name: 'a.pdf', sha256: 'g'.repeat(64), size: 1 }],
      ['a 65-character hash', { name: 'a.pdf', sha256: 'a'.repeat(65), size: 1 }],
      ['a size as a string', { name: 'a.pdf', sha256, size: '1' }],
      ['a zero size', { name: 'a.pdf', sha256, size: 0 }],
      ['a negative size', { name: 'a.pdf', sha256, size: -5 }],
      ['a fractional size', { name: 'a.pdf', sha256, size: 1.5 }],
      ['an array', [{ name: 'a.pdf', sha256, size: 1 }]],
    ])('reports a FILE value with %s', (_case, scan) => {
      expect(onlyErrorFor({ scan })).toEqual({
        field: 'scan',
        code: 'TYPE',
        message: {
          ru: 'Файл в поле «Скан заявления» прикреплён с ошибкой. Удалите его и прикрепите заново.',
          ky: '«Арыздын сканы» талаасындагы файл ката менен тиркелген. Аны өчүрүп, кайра тиркеңиз.',
        },
      });
    });

    it('accepts a file hash in upper case and the file mime type', () => {
      expect(errorsFor({ scan: { name: 'a.pdf', sha256: 'ABCDEF'.repeat(10) + 'ABCD', size: 1, mimeType: 'application/pdf' } })).toEqual([]);
    });

    it('reports other keys inside a file as unknown fields, named by their path', () => {
      expect(onlyErrorFor({ scan: { name: 'a.pdf', sha256: 'a'.repeat(64), size: 1, owner: 'x', constructor: 1 } })).toEqual({
        field: 'scan.constructor',
        code: 'UNKNOWN_FIELD',
        message: {
          ru: 'Поля «scan.constructor» нет в форме этой услуги. Удалите его из заявки.',
          ky: '«scan.constructor» талаасы бул кызматтын формасында жок. Аны өтүнмөдөн алып салыңыз.',
        },
      });
    });
  });

  describe('TEXT limits', () => {
    it('reports MIN_LENGTH with the limit and the current length', () => {
      expect(onlyErrorFor({ fullName: 'Ай' })).toEqual({
        field: 'fullName',
        code: 'MIN_LENGTH',
        message: {
          ru: 'Поле «ФИО» слишком короткое: минимум 3 символа, сейчас 2. Дополните значение.',
          ky: '«Аты-жөнү» талаасы өтө кыска: кеминде 3 белги болушу керек, азыр 2. Маанини толуктаңыз.',
        },
      });
    });

    it('reports MAX_LENGTH with the limit and the current length', () => {
      expect(onlyErrorFor({ fullName: 'А'.repeat(21) })).toEqual({
        field: 'fullName',
        code: 'MAX_LENGTH',
        message: {
          ru: 'Поле «ФИО» слишком длинное: максимум 20 символов, сейчас 21. Сократите текст.',
          ky: '«Аты-жөнү» талаасы өтө узун: 20 белгиден ашпашы керек, азыр 21. Текстти кыскартыңыз.',
        },
      });
    });

    it('accepts the exact boundaries', () => {
      expect(errorsFor({ fullName: 'Айя' })).toEqual([]);
      expect(errorsFor({ fullName: 'А'.repeat(20) })).toEqual([]);
    });

    it('counts characters, not UTF-16 code units', () => {
      expect(errorsFor({ fullName: '😀😀😀' })).toEqual([]); // 3 characters, 6 code units
      expect(onlyErrorFor({ fullName: '😀'.repeat(21) }).code).toBe('MAX_LENGTH');
    });

    it.each([
      [1, 'максимум 1 символ,'],
      [2, 'максимум 2 символа,'],
      [5, 'максимум 5 символов,'],
      [11, 'максимум 11 символов,'],
      [21, 'максимум 21 символ,'],
      [22, 'максимум 22 символа,'],
      [112, 'максимум 112 символов,'],
    ])('declines "символ" after %i', (maxLength, expected) => {
      const oneField: FormDefinitionData = {
        steps: [{ id: 's', title: text('Ш', 'Ш'), fields: [{ name: 'x', label: text('Х', 'Х'), type: 'TEXT', required: false, maxLength }] }],
      };
      const [error] = validateApplicationData(oneField, { x: 'я'.repeat(maxLength + 1) });
      expect(error.message.ru).toContain(expected);
    });

    it('reports PATTERN with the hint telling the expected format', () => {
      expect(onlyErrorFor({ passportNumber: 'an1234567' })).toEqual({
        field: 'passportNumber',
        code: 'PATTERN',
        message: {
          ru: 'Поле «Номер паспорта» заполнено в неверном формате. Нужный формат: две латинские буквы и 7 цифр, например AN1234567.',
          ky: '«Паспорттун номери» талаасы туура эмес форматта толтурулган. Талап кылынган формат: эки латын тамгасы жана 7 сан, мисалы AN1234567.',
        },
      });
    });

    it('reports PATTERN without a hint by telling the user what to check', () => {
      const error = onlyErrorFor({ plate: '01 KG 123 ABC' });
      expect(error.code).toBe('PATTERN');
      expect(error.message.ru).toContain('Проверьте, нет ли лишних пробелов или знаков');
      expect(error.message.ky).toContain('Ашыкча бош орундар же белгилер жок экенин текшерип');
    });

    it('matches the whole value, not a part of it', () => {
      expect(onlyErrorFor({ passportNumber: 'XAN1234567' }).code).toBe('PATTERN');
      expect(onlyErrorFor({ passportNumber: 'AN12345678' }).code).toBe('PATTERN');
    });

    it('checks length before pattern and reports one error per field', () => {
      const errors = errorsFor({ fullName: '1' });
      expect(errors.map((error) => error.code)).toEqual(['MIN_LENGTH']);
    });

    it('does not blame the applicant for an invalid pattern in the form', () => {
      const brokenForm: FormDefinitionData = {
        steps: [{ id: 's', title: text('Ш', 'Ш'), fields: [{ name: 'x', label: text('Х', 'Х'), type: 'TEXT', required: true, pattern: '[' }] }],
      };
      expect(validateApplicationData(brokenForm, { x: 'anything' })).toEqual([]);
    });
  });

  describe('NUMBER limits', () => {
    it('reports MIN and MAX with the limit', () => {
      expect(onlyErrorFor({ copies: 0 })).toEqual({
        field: 'copies',
        code: 'MIN',
        message: {
          ru: 'Число в поле «Количество копий» слишком маленькое: оно должно быть не меньше 1. Исправьте число.',
          ky: '«Нускалардын саны» талаасындагы сан өтө кичине: ал 1 же андан чоң болушу керек. Санды оңдоңуз.',
        },
      });
      expect(onlyErrorFor({ copies: 10.5 })).toEqual({
        field: 'copies',
        code: 'MAX',
        message: {
          ru: 'Число в поле «Количество копий» слишком большое: оно должно быть не больше 10. Исправьте число.',
          ky: '«Нускалардын саны» талаасындагы сан өтө чоң: ал 10 же андан кичине болушу керек. Санды оңдоңуз.',
        },
      });
    });

    it('accepts the limits themselves', () => {
      expect(errorsFor({ copies: 1 })).toEqual([]);
      expect(errorsFor({ copies: 10 })).toEqual([]);
    });
  });

  describe('OPTION', () => {
    it('reports a value outside the options and lists the options in each language', () => {
      expect(onlyErrorFor({ delivery: 'MAIL' })).toEqual({
        field: 'delivery',
        code: 'OPTION',
        message: {
          ru: 'В поле «Способ получения» выбрано значение, которого нет в списке. Выберите один из вариантов: «На портале», «Лично».',
          ky: '«Алуу ыкмасы» талаасында тизмеде жок маани тандалган. Төмөнкү варианттардын бирин тандаңыз: «Порталда», «Жеке өзү».',
        },
      });
    });

    it('compares option values exactly', () => {
      expect(onlyErrorFor({ delivery: 'portal' }).code).toBe('OPTION');
    });

    it('lists at most ten options', () => {
      const options = Array.from({ length: 12 }, (_, index) => ({ value: `V${index}`, label: text(`в${index}`, `в${index}`) }));
      const manyOptions: FormDefinitionData = {
        steps: [{ id: 's', title: text('Ш', 'Ш'), fields: [{ name: 'x', label: text('Х', 'Х'), type: 'SELECT', required: true, options }] }],
      };
      const [error] = validateApplicationData(manyOptions, { x: 'V99' });
      expect(error.message.ru).toContain('«в9», …');
      expect(error.message.ru).not.toContain('«в10»');
    });
  });

  describe('PIN, PHONE, EMAIL and DATE formats', () => {
    it.each([
      ['1120319900012', 'PIN_FORMAT'],
      ['31203199000123', 'PIN_GENDER_DIGIT'],
      ['13104199000123', 'PIN_BIRTH_DATE'],
      ['11606202600123', 'PIN_BIRTH_DATE'], // born tomorrow
    ])('reports %s as %s, with the field label in front', (pin, code) => {
      const error = onlyErrorFor({ pin });
      expect(error.code).toBe(code);
      expect(error.message.ru.startsWith('Поле «ПИН заявителя»: ')).toBe(true);
      expect(error.message.ky.startsWith('«Арыз берүүчүнүн ПИНи» талаасы: ')).toBe(true);
    });

    it('uses the given "today" for the PIN birth date', () => {
      expect(validateApplicationData(form, { ...validData(), pin: '11606202600123' }, { today: new Date('2026-06-16T00:00:00Z') })).toEqual([]);
    });

    it.each(['0555123456', '+996 555 12 34 5', '+7 701 123 45 67'])('reports PHONE_FORMAT for %p', (phone) => {
      expect(onlyErrorFor({ phone })).toEqual({
        field: 'phone',
        code: 'PHONE_FORMAT',
        message: {
          ru: 'Номер в поле «Телефон» указан неверно. Введите его в формате +996 XXX XXX XXX: код страны +996 и 9 цифр.',
          ky: '«Телефон» талаасындагы номер туура эмес жазылган. Аны +996 XXX XXX XXX форматында жазыңыз: өлкөнүн +996 коду жана 9 сан.',
        },
      });
    });

    it.each(['aigul', 'aigul@', 'aigul@example', 'ai gul@example.kg'])('reports EMAIL_FORMAT for %p', (email) => {
      const error = onlyErrorFor({ email });
      expect(error.code).toBe('EMAIL_FORMAT');
      expect(error.message.ru).toContain('name@example.kg');
      expect(error.message.ky).toContain('name@example.kg');
    });

    it.each(['12.03.1990', '1990-3-12', '1990-02-30', '1990-13-01', '1990-00-10', '1990-03-12T00:00:00Z', '2023-02-29', 'вчера'])(
      'reports DATE_FORMAT for %p',
      (birthDate) => {
        expect(onlyErrorFor({ birthDate })).toEqual({
          field: 'birthDate',
          code: 'DATE_FORMAT',
          message: {
            ru: 'Дата в поле «Дата рождения» указана неверно. Введите существующую дату в формате ГГГГ-ММ-ДД, например 2024-05-31.',
            ky: '«Туулган күнү» талаасындагы дата туура эмес жазылган. Календарда бар датаны ЖЖЖЖ-АА-КК форматында жазыңыз, мисалы: 2024-05-31.',
          },
        });
      },
    );

    it('accepts 29 February of a leap year', () => {
      expect(errorsFor({ birthDate: '2024-02-29' })).toEqual([]);
    });
  });

  describe('UNKNOWN_FIELD', () => {
    it('reports keys the form does not have, alphabetically, after the field errors', () => {
      const errors = errorsFor({ zeta: 1, alpha: 'x', copies: 0 });
      expect(errors.map(({ field, code }) => ({ field, code }))).toEqual([
        { field: 'copies', code: 'MIN' },
        { field: 'alpha', code: 'UNKNOWN_FIELD' },
        { field: 'zeta', code: 'UNKNOWN_FIELD' },
      ]);
      expect(errors[1].message).toEqual({
        ru: 'Поля «alpha» нет в форме этой услуги. Удалите его из заявки.',
        ky: '«alpha» талаасы бул кызматтын формасында жок. Аны өтүнмөдөн алып салыңыз.',
      });
    });

    it('reports an own key that shadows an object property, and never reads inherited properties as values', () => {
      const withToString = validateApplicationData(form, { ...validData(), toString: 'x' }, { today });
      expect(withToString.map((error) => `${error.field}:${error.code}`)).toEqual(['toString:UNKNOWN_FIELD']);
      const constructorField: FormDefinitionData = {
        steps: [{ id: 's', title: text('Ш', 'Ш'), fields: [{ name: 'constructor', label: text('Х', 'Х'), type: 'TEXT', required: true }] }],
      };
      expect(validateApplicationData(constructorField, {}).map((error) => error.code)).toEqual(['REQUIRED']);
    });
  });

  describe('order and onlySteps', () => {
    it('orders errors by step, then by field, whatever the order of keys in the data', () => {
      const data = { copies: 100, consent: false, delivery: 'X', pin: '1', fullName: '' };
      const errors = validateApplicationData(form, data, { today });
      expect(errors.map(({ field, code }) => `${field}:${code}`)).toEqual([
        'fullName:REQUIRED',
        'pin:PIN_FORMAT',
        'birthDate:REQUIRED',
        'passportNumber:REQUIRED',
        'copies:MAX',
        'delivery:OPTION',
        'consent:REQUIRED',
      ]);
    });

    it('checks only the listed steps, but still reports unknown keys', () => {
      const data = { fullName: 'Асанова Айгүл', pin: '11203199000123', birthDate: '1990-03-12', stray: true };
      expect(validateApplicationData(form, data, { today, onlySteps: ['applicant'] }).map((error) => error.field)).toEqual(['stray']);
      expect(validateApplicationData(form, data, { today, onlySteps: ['request'] }).map((error) => error.field)).toEqual([
        'passportNumber',
        'copies',
        'delivery',
        'consent',
        'stray',
      ]);
    });

    it('knows the fields of steps it does not check', () => {
      const data = { copies: 3 };
      expect(validateApplicationData(form, data, { onlySteps: ['nope'] })).toEqual([]);
    });
  });

  it('reports a field whose type the form does not support instead of letting it through', () => {
    const oddField = { name: 'x', label: text('Х', 'Х'), type: 'COLOR', required: false } as unknown as FormFieldDefinition;
    const oddForm: FormDefinitionData = { steps: [{ id: 's', title: text('Ш', 'Ш'), fields: [oddField] }] };
    const [error] = validateApplicationData(oddForm, { x: '#fff' });
    expect(error.code).toBe('TYPE');
    expect(error.message.ru).toContain('службу поддержки');
  });
});

describe('dataShapeErrors: data keeps only the form fields', () => {
  const shape = (data: Record<string, unknown>) => dataShapeErrors(form, data).map(({ field, code }) => `${field}:${code}`);

  it('lets the form fields through, and a null for any key (a removal)', () => {
    expect(shape(validData())).toEqual([]);
    expect(shape({ unknownButRemoved: null })).toEqual([]);
  });

  it('refuses keys the form does not have, own keys only, whatever their name', () => {
    expect(shape({ zeta: 1, alpha: 'x' })).toEqual(['alpha:UNKNOWN_FIELD', 'zeta:UNKNOWN_FIELD']);
    expect(shape(JSON.parse('{"__proto__": {"x": 1}, "constructor": {}, "prototype": 1}'))).toEqual([
      '__proto__:UNKNOWN_FIELD',
      'constructor:UNKNOWN_FIELD',
      'prototype:UNKNOWN_FIELD',
    ]);
    expect(shape(Object.create({ inherited: 1 }) as Record<string, unknown>)).toEqual([]);
  });

  it('refuses structured values in single-value fields, and unknown or structured keys in a file', () => {
    expect(shape({ copies: { n: 2 }, fullName: ['a'] })).toEqual(['copies:TYPE', 'fullName:TYPE']);
    expect(shape({ scan: [] })).toEqual(['scan:TYPE']);
    expect(shape({ scan: { name: 'a.pdf', sha256, size: 1, mimeType: 'application/pdf', __proto__x: 1 } })).toEqual(['scan.__proto__x:UNKNOWN_FIELD']);
    expect(shape({ scan: { name: { deep: 'x' }, sha256, size: 1 } })).toEqual(['scan.name:TYPE']);
  });

  it('shortens a very long key in the message', () => {
    const [error] = dataShapeErrors(form, { ['k'.repeat(500)]: 1 });
    expect(error.field).toHaveLength(500);
    expect(error.message.ru).toBe(`Поля «${'k'.repeat(64)}…» нет в форме этой услуги. Удалите его из заявки.`);
  });
});

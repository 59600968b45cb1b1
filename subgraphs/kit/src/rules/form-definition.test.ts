import { compileFieldPattern, FormDefinitionData, validateFormDefinition } from './form-definition';

const text = (ru: string, ky = ru) => ({ ru, ky });

function validForm(): FormDefinitionData {
  return {
    steps: [
      {
        id: 'applicant',
        title: text('Заявитель', 'Арыз берүүчү'),
        fields: [
          { name: 'fullName', label: text('ФИО', 'Аты-жөнү'), type: 'TEXT', required: true, prefillFrom: 'user.fullName', minLength: 3, maxLength: 200 },
          { name: 'pin', label: text('ПИН'), type: 'PIN', required: true, prefillFrom: 'user.pin' },
          { name: 'birthDate', label: text('Дата рождения', 'Туулган күнү'), type: 'DATE', required: true, prefillFrom: 'user.birthDate' },
          { name: 'phone', label: text('Телефон'), type: 'PHONE', required: false, prefillFrom: 'user.phone' },
          { name: 'email', label: text('Эл. почта', 'Эл. почта'), type: 'EMAIL', required: false, prefillFrom: 'user.email' },
        ],
      },
      {
        id: 'request',
        title: text('Запрос', 'Суроо-талап'),
        fields: [
          { name: 'passportNumber', label: text('Номер паспорта', 'Паспорттун номери'), type: 'TEXT', required: true, pattern: '[A-Z]{2}\\d{7}', patternHint: text('две латинские буквы и 7 цифр', 'эки латын тамгасы жана 7 сан') },
          { name: 'copies', label: text('Количество копий', 'Нускалардын саны'), type: 'NUMBER', required: true, min: 1, max: 10 },
          { name: 'delivery', label: text('Способ получения', 'Алуу ыкмасы'), type: 'SELECT', required: true, options: [{ value: 'PORTAL', label: text('На портале', 'Порталда') }, { value: 'IN_PERSON', label: text('Лично', 'Жеке өзү') }] },
          { name: 'urgent', label: text('Срочно', 'Шашылыш'), type: 'BOOLEAN', required: false },
          { name: 'scan', label: text('Скан заявления', 'Арыздын сканы'), type: 'FILE', required: false },
          { name: 'address', label: text('Адрес', 'Дарек'), type: 'TEXT', required: false, prefillFrom: 'user.address' },
        ],
      },
    ],
  };
}

/** A valid form with one field of the second step replaced by the given one. */
function formWithField(field: Record<string, unknown>): unknown {
  const form = validForm() as unknown as { steps: { fields: unknown[] }[] };
  form.steps[1].fields[0] = { name: 'probe', label: text('Проба'), required: false, ...field };
  return form;
}

describe('validateFormDefinition', () => {
  it('finds nothing wrong with a well-formed form using every field type and prefill source', () => {
    expect(validateFormDefinition(validForm())).toEqual([]);
  });

  it.each([
    ['null', null],
    ['an array', []],
    ['a string', 'steps'],
  ])('rejects %s as a whole definition', (_case, def) => {
    expect(validateFormDefinition(def)).toEqual(['the form definition must be an object with "steps"']);
  });

  it('rejects missing or empty steps', () => {
    expect(validateFormDefinition({})).toEqual(['"steps" must be an array']);
    expect(validateFormDefinition({ steps: [] })).toEqual(['the form has no steps']);
  });

  it('reports empty steps, steps without fields and duplicate step ids', () => {
    const form = validForm() as unknown as { steps: unknown[] };
    form.steps.push({ id: 'applicant', title: text('Пусто'), fields: [] });
    form.steps.push({ id: 'noFields', title: text('Без полей') });
    form.steps.push('not a step');
    expect(validateFormDefinition(form)).toEqual([
      'steps[2]: step id "applicant" is used by an earlier step',
      'steps[2] is empty: a step needs at least one field',
      'steps[3].fields must be an array',
      'steps[4] must be an object',
    ]);
  });

  it('requires step ids and titles in both languages', () => {
    const form = validForm() as unknown as { steps: Record<string, unknown>[] };
    form.steps[0].id = '';
    form.steps[1].title = { ru: 'Запрос', ky: '  ' };
    expect(validateFormDefinition(form)).toEqual([
      'steps[0] must have a non-empty "id"',
      'steps[1].title must have non-empty "ky" and "ru" texts',
    ]);
  });

  it('reports duplicate field names across steps, naming where the first one is', () => {
    const form = validForm();
    form.steps[1].fields.push({ name: 'pin', label: text('ПИН'), type: 'PIN', required: false });
    expect(validateFormDefinition(form)).toEqual([
      'steps[1].fields[6] "pin": duplicate field name, already used at steps[0].fields[1]',
    ]);
  });

  it.each(['', '1abc', 'with space', 'dotted.name', 'имя', 42])('rejects the field name %p', (name) => {
    expect(validateFormDefinition(formWithField({ name, type: 'TEXT' }))).toEqual([
      'steps[1].fields[0]: "name" must start with a Latin letter and contain only Latin letters, digits and _',
    ]);
  });

  it('requires a label in both languages and a boolean "required"', () => {
    expect(validateFormDefinition(formWithField({ type: 'TEXT', label: { ru: 'Только русский' }, required: 'yes' }))).toEqual([
      'steps[1].fields[0] "probe".label must have non-empty "ky" and "ru" texts',
      'steps[1].fields[0] "probe": "required" must be true or false',
    ]);
  });

  it.each(['STRING', 'text', undefined])('rejects the unknown type %p', (type) => {
    const problems = validateFormDefinition(formWithField({ type }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^steps\[1\]\.fields\[0\] "probe": unknown type .*; expected one of TEXT, NUMBER/);
  });

  it('requires options on a SELECT field, non-empty and with unique, labelled values', () => {
    expect(validateFormDefinition(formWithField({ type: 'SELECT' }))).toEqual([
      'steps[1].fields[0] "probe": a SELECT field needs "options"',
    ]);
    expect(validateFormDefinition(formWithField({ type: 'SELECT', options: [] }))).toEqual([
      'steps[1].fields[0] "probe": "options" must be a non-empty array',
    ]);
    const options = [{ value: 'A', label: text('А') }, { value: 'A', label: text('А2') }, { value: '', label: text('Пусто') }, { value: 'B' }, 'C'];
    expect(validateFormDefinition(formWithField({ type: 'SELECT', options }))).toEqual([
      'steps[1].fields[0] "probe".options[1]: duplicate option value "A"',
      'steps[1].fields[0] "probe".options[2]: "value" must be a non-empty string',
      'steps[1].fields[0] "probe".options[3].label must have non-empty "ky" and "ru" texts',
      'steps[1].fields[0] "probe".options[4] must be an object with "value" and "label"',
    ]);
  });

  it('reports min greater than max and minLength greater than maxLength', () => {
    expect(validateFormDefinition(formWithField({ type: 'NUMBER', min: 10, max: 1 }))).toEqual([
      'steps[1].fields[0] "probe": "min" (10) is greater than "max" (1)',
    ]);
    expect(validateFormDefinition(formWithField({ type: 'TEXT', minLength: 5, maxLength: 4 }))).toEqual([
      'steps[1].fields[0] "probe": "minLength" (5) is greater than "maxLength" (4)',
    ]);
    expect(validateFormDefinition(formWithField({ type: 'NUMBER', min: -5.5, max: -5.5 }))).toEqual([]);
  });

  it('rejects lengths that are not whole non-negative numbers and limits that are not finite numbers', () => {
    expect(validateFormDefinition(formWithField({ type: 'TEXT', minLength: -1, maxLength: 2.5 }))).toEqual([
      'steps[1].fields[0] "probe": "minLength" must be a whole number >= 0',
      'steps[1].fields[0] "probe": "maxLength" must be a whole number >= 0',
    ]);
    expect(validateFormDefinition(formWithField({ type: 'NUMBER', min: '1', max: Infinity }))).toEqual([
      'steps[1].fields[0] "probe": "min" must be a finite number',
      'steps[1].fields[0] "probe": "max" must be a finite number',
    ]);
  });

  it('reports an invalid regular expression in pattern', () => {
    const problems = validateFormDefinition(formWithField({ type: 'TEXT', pattern: '[A-Z' }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^steps\[1\]\.fields\[0\] "probe": invalid regular expression in "pattern": /);
    expect(validateFormDefinition(formWithField({ type: 'TEXT', pattern: '' }))).toEqual([
      'steps[1].fields[0] "probe": "pattern" must be a non-empty string',
    ]);
  });

  it('reports constraints that the field type would silently ignore', () => {
    expect(validateFormDefinition(formWithField({ type: 'NUMBER', maxLength: 3, pattern: '\\d+' }))).toEqual([
      'steps[1].fields[0] "probe": "pattern" applies only to TEXT fields, not NUMBER',
      'steps[1].fields[0] "probe": "maxLength" applies only to TEXT fields, not NUMBER',
    ]);
    expect(validateFormDefinition(formWithField({ type: 'TEXT', min: 1, options: [{ value: 'A', label: text('А') }] }))).toEqual([
      'steps[1].fields[0] "probe": "min" applies only to NUMBER fields, not TEXT',
      'steps[1].fields[0] "probe": "options" applies only to SELECT fields, not TEXT',
    ]);
  });

  it('reports an unknown prefill source and a source that does not fit the field type', () => {
    expect(validateFormDefinition(formWithField({ type: 'TEXT', prefillFrom: 'user.password' }))).toEqual([
      'steps[1].fields[0] "probe": unknown prefill source "user.password"; expected one of user.fullName, user.pin, user.birthDate, user.address, user.email, user.phone',
    ]);
    expect(validateFormDefinition(formWithField({ type: 'NUMBER', prefillFrom: 'user.birthDate' }))).toEqual([
      'steps[1].fields[0] "probe": prefill source user.birthDate fits DATE fields, not NUMBER',
    ]);
    expect(validateFormDefinition(formWithField({ type: 'TEXT', prefillFrom: 'toString' }))).toHaveLength(1);
  });

  it('lists several problems in reading order', () => {
    const form = validForm() as unknown as { steps: { fields: Record<string, unknown>[] }[] };
    form.steps[0].fields[0].type = 'NAME';
    form.steps[1].fields[1].min = 20;
    expect(validateFormDefinition(form)).toEqual([
      'steps[0].fields[0] "fullName": unknown type "NAME"; expected one of TEXT, NUMBER, DATE, BOOLEAN, SELECT, PIN, PHONE, EMAIL, FILE',
      'steps[1].fields[1] "copies": "min" (20) is greater than "max" (10)',
    ]);
  });
});

describe('compileFieldPattern', () => {
  it('matches the whole value only', () => {
    const passport = compileFieldPattern('[A-Z]{2}\\d{7}');
    expect(passport.test('AN1234567')).toBe(true);
    expect(passport.test('xAN1234567')).toBe(false);
    expect(passport.test('AN12345678')).toBe(false);
  });

  it('keeps alternatives inside the anchors', () => {
    const either = compileFieldPattern('ab|cd');
    expect(either.test('ab')).toBe(true);
    expect(either.test('abx')).toBe(false);
    expect(either.test('xcd')).toBe(false);
  });

  it('understands Unicode classes, so Cyrillic and Kyrgyz letters can be required', () => {
    const letters = compileFieldPattern('[\\p{L} -]+');
    expect(letters.test('Өмүрбек Үсөнов')).toBe(true);
    expect(letters.test('Omurbek1')).toBe(false);
  });

  it('throws for an invalid pattern', () => {
    expect(() => compileFieldPattern('(')).toThrow(SyntaxError);
  });
});

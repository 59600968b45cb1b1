import { type FieldRules, fieldProblem, storedValue } from './field-rules';

const text: FieldRules = { name: 'street', type: 'TEXT', required: true, minLength: 2, maxLength: 5, pattern: '[А-Яа-яӨөҮүҢң ]+' };

describe('the checks made while the applicant types', () => {
  it('asks for a required value, and lets an empty optional one be', () => {
    expect(fieldProblem(text, '  ')).toEqual({ key: 'field.required' });
    expect(fieldProblem({ ...text, required: false }, null)).toBeNull();
  });

  it('counts characters, not UTF-16 units, and says the limit and the length', () => {
    expect(fieldProblem(text, 'Ө')).toEqual({ key: 'field.minLength', params: { min: 2, length: 1 } });
    expect(fieldProblem(text, 'Өмүрбек')).toEqual({ key: 'field.maxLength', params: { max: 5, length: 7 } });
    expect(fieldProblem(text, 'Үй')).toBeNull();
  });

  it('matches the whole value against the pattern (anchored, Unicode)', () => {
    expect(fieldProblem(text, 'Үй1')).toEqual({ key: 'field.pattern' });
  });

  it('checks numbers against their bounds, and text in a number field', () => {
    const floors: FieldRules = { name: 'floors', type: 'NUMBER', required: true, min: 1, max: 60 };
    expect(fieldProblem(floors, 0)).toEqual({ key: 'field.min', params: { min: 1 } });
    expect(fieldProblem(floors, 61)).toEqual({ key: 'field.max', params: { max: 60 } });
    expect(fieldProblem(floors, 'три')).toEqual({ key: 'field.number' });
    expect(fieldProblem(floors, 3)).toBeNull();
  });

  it('takes only an offered option', () => {
    const select: FieldRules = { name: 'reason', type: 'SELECT', required: true, options: [{ value: 'lost' }, { value: 'damaged' }] };
    expect(fieldProblem(select, 'stolen')).toEqual({ key: 'field.option' });
    expect(fieldProblem(select, 'lost')).toBeNull();
  });

  it('knows the formats of PIN, Kyrgyz phone, email and calendar date', () => {
    expect(fieldProblem({ name: 'p', type: 'PIN', required: true }, '1234')).toEqual({ key: 'field.pin' });
    expect(fieldProblem({ name: 'p', type: 'PIN', required: true }, '12205199800037')).toBeNull();
    expect(fieldProblem({ name: 't', type: 'PHONE', required: true }, '0555123456')).toEqual({ key: 'field.phone' });
    expect(fieldProblem({ name: 't', type: 'PHONE', required: true }, '+996 (555) 12-34-56')).toBeNull();
    expect(fieldProblem({ name: 'e', type: 'EMAIL', required: true }, 'aigul@')).toEqual({ key: 'field.email' });
    expect(fieldProblem({ name: 'd', type: 'DATE', required: true }, '2026-02-30')).toEqual({ key: 'field.date' });
    expect(fieldProblem({ name: 'd', type: 'DATE', required: true }, '2024-02-29')).toBeNull();
  });

  it('requires a required checkbox to be ticked, like HTML and the server', () => {
    expect(fieldProblem({ name: 'agree', type: 'BOOLEAN', required: true }, false)).toEqual({ key: 'field.required' });
    expect(fieldProblem({ name: 'agree', type: 'BOOLEAN', required: false }, false)).toBeNull();
  });
});

describe('values as the form data stores them', () => {
  it('keeps numbers as numbers (a comma too), clears empty text, and booleans as booleans', () => {
    expect(storedValue('NUMBER', '12,5')).toBe(12.5);
    expect(storedValue('NUMBER', 'abc')).toBe('abc');
    expect(storedValue('NUMBER', '12.')).toBe('12.');
    expect(storedValue('TEXT', '   ')).toBeNull();
    expect(storedValue('BOOLEAN', true)).toBe(true);
    expect(storedValue('DATE', '2026-01-05')).toBe('2026-01-05');
  });
});

import type { FormDefinitionData } from '@portal/kit';
import { currentStepProblem, draftDataProblem, draftValidation, MAX_DRAFT_DATA_BYTES, mergeDraftData, prefillDraftData, type PrefillProfile, prefillProfileOf, registerFullName } from './draft.rules';

const text = (ru: string, ky: string) => ({ ru, ky });
const form: FormDefinitionData = {
  steps: [
    {
      id: 'applicant',
      title: text('Заявитель', 'Арыз берүүчү'),
      fields: [
        { name: 'fullName', label: text('ФИО', 'Аты-жөнү'), type: 'TEXT', required: true, prefillFrom: 'user.fullName' },
        { name: 'pin', label: text('ПИН', 'ПИН'), type: 'PIN', required: true, prefillFrom: 'user.pin' },
        { name: 'address', label: text('Адрес', 'Дарек'), type: 'TEXT', required: false, prefillFrom: 'user.address' },
      ],
    },
    {
      id: 'request',
      title: text('Запрос', 'Суроо-талап'),
      fields: [
        { name: 'copies', label: text('Копии', 'Нускалар'), type: 'NUMBER', required: true, min: 1, max: 3 },
        { name: 'email', label: text('Эл. почта', 'Эл. почта'), type: 'EMAIL', required: false, prefillFrom: 'user.email' },
      ],
    },
  ],
};
const profile: PrefillProfile = { fullName: 'Асанова Айгүл', pin: '11203199000123', birthDate: '1990-03-12', address: null, email: 'aigul@example.kg', phone: null };

describe('draftDataProblem', () => {
  it('accepts an object, the empty one included', () => {
    expect(draftDataProblem({})).toBeNull();
    expect(draftDataProblem({ fullName: 'A', nested: { a: [1, 2] } })).toBeNull();
  });

  it('refuses anything but an object, saying what to send', () => {
    for (const value of [null, 'text', 42, [1, 2], true]) {
      expect(draftDataProblem(value)).toBe('data must be a JSON object of form field values, e.g. {"fullName": "Асанова Айгүл"}; send {} for an empty draft.');
    }
  });

  it('refuses U+0000, which Postgres cannot store', () => {
    expect(draftDataProblem({ fullName: 'a\u0000b' })).toMatch(/U\+0000/);
  });

  it('refuses oversized data', () => {
    expect(draftDataProblem({ text: 'x'.repeat(MAX_DRAFT_DATA_BYTES) })).toMatch(/at most 262144 bytes/);
  });
});

describe('mergeDraftData: going back a step never loses data (R-27.5)', () => {
  it('keeps keys not sent, replaces keys sent and clears keys sent as null', () => {
    const stored = { fullName: 'Асанова', pin: '11203199000123', copies: 2 };
    expect(mergeDraftData(stored, { fullName: 'Асанова Айгүл' })).toEqual({ fullName: 'Асанова Айгүл', pin: '11203199000123', copies: 2 });
    expect(mergeDraftData(stored, { copies: null })).toEqual({ fullName: 'Асанова', pin: '11203199000123' });
    expect(mergeDraftData(stored, {})).toEqual(stored);
  });

  it('keeps what the client sends as sent, including empty strings and nested values', () => {
    expect(mergeDraftData({ a: 1 }, { a: '', b: { c: [1] } })).toEqual({ a: '', b: { c: [1] } });
  });

  it('does not change the stored object', () => {
    const stored = { a: 1 };
    mergeDraftData(stored, { a: 2 });
    expect(stored).toEqual({ a: 1 });
  });
});

describe('prefillDraftData (R-27.4)', () => {
  it('fills empty fields from the profile and never overwrites what the applicant typed', () => {
    expect(prefillDraftData(form, { fullName: 'Сам ввёл', pin: '   ' }, profile)).toEqual({
      fullName: 'Сам ввёл',
      pin: '11203199000123',
      email: 'aigul@example.kg',
    });
  });

  it('skips sources the profile does not have, and does nothing without a profile', () => {
    expect(prefillDraftData(form, {}, profile)).not.toHaveProperty('address');
    expect(prefillDraftData(form, { copies: 1 }, null)).toEqual({ copies: 1 });
  });
});

describe('currentStepProblem', () => {
  it('accepts a step of the form, or none', () => {
    expect(currentStepProblem(form, 'request')).toBeNull();
    expect(currentStepProblem(form, null)).toBeNull();
    expect(currentStepProblem(form, undefined)).toBeNull();
  });

  it('names the steps when the step is unknown', () => {
    expect(currentStepProblem(form, 'payment')).toBe('currentStep "payment" is not a step of this service\'s form; use one of "applicant", "request".');
  });
});

describe('draftValidation (R-26)', () => {
  it('does not call a field of a later step required before the applicant reaches it', () => {
    const errors = draftValidation(form, { fullName: 'Асанова Айгүл', pin: '11203199000123' }, 'applicant');
    expect(errors).toEqual([]);
  });

  it('reports wrong values of later steps at once', () => {
    const errors = draftValidation(form, { fullName: 'Асанова Айгүл', pin: '11203199000123', copies: 9 }, 'applicant');
    expect(errors.map((error) => [error.field, error.code])).toEqual([['copies', 'MAX']]);
  });

  it('reports required fields of the steps reached', () => {
    const errors = draftValidation(form, { fullName: 'Асанова Айгүл' }, 'request');
    expect(errors.map((error) => [error.field, error.code])).toEqual([
      ['pin', 'REQUIRED'],
      ['copies', 'REQUIRED'],
    ]);
    expect(errors[0].message.ru).toMatch(/Заполните поле «ПИН»/);
    expect(errors[0].message.ky).toMatch(/«ПИН» талаасын толтуруңуз/);
  });

  it('checks everything without a current step, as submission does', () => {
    expect(draftValidation(form, {}, null).map((error) => error.field)).toEqual(['fullName', 'pin', 'copies']);
  });
});

describe('prefillProfileOf (R-27.4)', () => {
  const profile = { fullName: 'Asanova Aigul', pin: '11505199012345', birthDate: null, address: 'old address', email: 'a@example.kg', phone: '+996555000000' };

  it("takes the name, birth date and address as the register holds them, the PIN and contacts from the profile", () => {
    expect(prefillProfileOf(profile, { surname: 'Асанова', name: 'Айгүл', patronymic: 'Маратовна', birthDate: '1990-05-15', address: 'Бишкек' })).toEqual({
      profile: { ...profile, fullName: 'Асанова Айгүл Маратовна', birthDate: '1990-05-15', address: 'Бишкек' },
      source: 'POPULATION_REGISTER',
    });
    expect(registerFullName({ surname: 'Асанова', name: 'Айгүл', patronymic: null })).toBe('Асанова Айгүл');
  });

  it('uses the profile alone, and says so, without the register’s answer', () => {
    expect(prefillProfileOf(profile, null)).toEqual({ profile, source: 'PROFILE' });
  });
});

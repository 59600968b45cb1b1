import { DEMO_SERVICES } from '../seed/demo-services';
import {
  categoryName,
  isRegistryDocument,
  normalizeServiceStandard,
  registryDocument,
  SERVICE_CATEGORIES,
  type ServiceStandard,
  validateServiceStandard,
} from './service.rules';

const valid: ServiceStandard = DEMO_SERVICES.find((s) => s.code === 'grs-id-card-replacement')!.standard;
const problemsWith = (changes: Partial<ServiceStandard>) => validateServiceStandard({ ...valid, ...changes });

describe('validateServiceStandard', () => {
  it('accepts a complete standard', () => {
    expect(validateServiceStandard(valid)).toEqual([]);
  });

  it('wants every text in both languages', () => {
    expect(problemsWith({ title: { ky: ' ', ru: 'Замена' } })).toEqual(['title.ky must not be empty']);
    expect(problemsWith({ appealProcedure: { ky: 'Даттануу', ru: '' } })).toEqual(['appealProcedure.ru must not be empty']);
    expect(problemsWith({ statusCheckMethod: { ky: 'x'.repeat(5001), ru: 'Статус' } })).toEqual(['statusCheckMethod.ky must be at most 5000 characters']);
  });

  it('wants the fee as whole tyiyn with a budget code, and none for a free service', () => {
    expect(problemsWith({ feeAmountMinor: 100.5 })).toEqual([
      'feeAmountMinor must be a whole number of tyiyn >= 0 (null or 0 for a free service); got 100.5',
    ]);
    expect(problemsWith({ budgetCode: '1423' })).toEqual(['budgetCode must be the 8-digit budget classification code the fee is paid to; got "1423"']);
    expect(problemsWith({ feeAmountMinor: null })).toEqual(['budgetCode applies only to a paid service; leave it empty when the service is free']);
    expect(problemsWith({ feeAmountMinor: null, budgetCode: null })).toEqual([]);
    expect(problemsWith({ feeAmountMinor: 0, budgetCode: null })).toEqual([]);
  });

  it('returns the fee on refusal only for a paid service, and only when the standard says so', () => {
    expect(problemsWith({ feeAmountMinor: 20000, budgetCode: '14231100', feeReturnedOnRefusal: true })).toEqual([]);
    expect(problemsWith({ feeAmountMinor: null, budgetCode: null, feeReturnedOnRefusal: true })).toEqual([
      'feeReturnedOnRefusal applies only to a paid service; leave it false when the service is free',
    ]);
    expect(problemsWith({ feeReturnedOnRefusal: 'yes' as unknown as boolean })).toEqual(['feeReturnedOnRefusal must be true or false']);
    // a standard that does not say keeps the fee
    expect(normalizeServiceStandard({ ...valid, feeReturnedOnRefusal: undefined }).feeReturnedOnRefusal).toBe(false);
  });

  it('wants a deadline of 1 to 60 working days', () => {
    expect(problemsWith({ deadlineWorkingDays: 0 })).toEqual(['deadlineWorkingDays must be a whole number from 1 to 60; got 0']);
    expect(problemsWith({ deadlineWorkingDays: 60 })).toEqual([]);
    expect(problemsWith({ deadlineWorkingDays: 2.5 })).toEqual(['deadlineWorkingDays must be a whole number from 1 to 60; got 2.5']);
  });

  it('wants required documents with unique codes, and registry documents obtained by the portal', () => {
    const passport = registryDocument('passport-data');
    expect(problemsWith({ requiredDocuments: [passport, passport] })).toEqual(['requiredDocuments[1].code "passport-data" is listed twice']);
    expect(problemsWith({ requiredDocuments: [{ ...passport, obtainedByPortal: false }] })).toEqual([
      'requiredDocuments[0] "passport-data" is held by a state registry: mark it obtainedByPortal, it must never be asked from the applicant',
    ]);
    expect(problemsWith({ requiredDocuments: [{ code: 'Photo 3x4', title: { ky: 'Сүрөт', ru: 'Фото' }, obtainedByPortal: false }] })).toEqual([
      'requiredDocuments[0].code must be lower-case Latin words joined by "-", e.g. "passport-data"',
    ]);
  });

  it('passes the form through the kit form definition rules', () => {
    const form = structuredClone(valid.form);
    form.steps[0].fields[0].prefillFrom = 'user.birthDate';
    expect(problemsWith({ form })).toEqual(['form: steps[0].fields[0] "fullName": prefill source user.birthDate fits DATE fields, not TEXT']);
  });

  it('keeps a FULL automation level consistent with portal delivery and no visit', () => {
    expect(problemsWith({ automationLevel: 'FULL' })).toEqual([
      'a FULL automation level requires resultDelivery PORTAL; use PARTIAL when the result is handed over in person',
      'a FULL automation level cannot require a personal visit; use PARTIAL',
    ]);
  });

  it('wants a known category', () => {
    expect(problemsWith({ category: 'Taxes' })[0]).toMatch(/^category "Taxes" is unknown; expected one of civil-status, identity-documents/);
  });
});

describe('taxonomy', () => {
  it('names every category in both languages', () => {
    for (const name of Object.values(SERVICE_CATEGORIES)) {
      expect(name.ky.trim()).not.toBe('');
      expect(name.ru.trim()).not.toBe('');
    }
    expect(categoryName('taxes')).toEqual({ ky: 'Салыктар', ru: 'Налоги' });
  });

  it('knows which documents registries hold', () => {
    expect(isRegistryDocument('address-registration')).toBe(true);
    expect(isRegistryDocument('project-documentation')).toBe(false);
  });

  it('normalizes a valid standard without changing its meaning', () => {
    // a standard that does not say whether a refusal returns the fee keeps it
    expect(normalizeServiceStandard(valid)).toEqual({ ...valid, feeReturnedOnRefusal: false, resultForm: valid.resultForm ?? null, reception: valid.reception ?? null, resultAsRecordAllowed: valid.resultAsRecordAllowed === true });
  });
});

import { DEMO_PROVIDERS, isUuid, type LocalizedText, validateFormDefinition } from '@portal/kit';
import { isRegistryDocument, validateServiceStandard } from '../service/service.rules';
import { serviceCodeProblem } from '../proposal/proposal.rules';
import { DEMO_SERVICE_CODES, DEMO_SERVICE_IDS } from './demo-service-ids';
import { DEMO_PROVIDER_LIST } from './demo-providers';
import { DEMO_SERVICES } from './demo-services';

/** Every LocalizedText anywhere in a value, with its path. */
function localizedTexts(value: unknown, path = ''): Array<{ path: string; text: LocalizedText }> {
  if (Array.isArray(value)) return value.flatMap((item, i) => localizedTexts(item, `${path}[${i}]`));
  if (typeof value !== 'object' || value === null) return [];
  const record = value as Record<string, unknown>;
  if (typeof record.ky === 'string' && typeof record.ru === 'string' && Object.keys(record).length === 2) {
    return [{ path, text: record as unknown as LocalizedText }];
  }
  return Object.entries(record).flatMap(([key, item]) => localizedTexts(item, `${path}.${key}`));
}

const KYRGYZ_ONLY_LETTERS = /[өүң]/i;

describe('demo catalogue', () => {
  it('has at least 12 services across at least 4 providers, with the fixed ids and codes', () => {
    expect(DEMO_SERVICES.length).toBeGreaterThanOrEqual(12);
    expect(new Set(DEMO_SERVICES.map((s) => s.provider)).size).toBeGreaterThanOrEqual(4);
    expect(DEMO_SERVICES.map((s) => s.id).sort()).toEqual(Object.values(DEMO_SERVICE_IDS).sort());
    expect(new Set(DEMO_SERVICES.map((s) => s.code)).size).toBe(DEMO_SERVICES.length);
    for (const service of DEMO_SERVICES) {
      expect(isUuid(service.id)).toBe(true);
      expect(service.code).toBe(DEMO_SERVICE_CODES[service.key]);
      expect(serviceCodeProblem(service.code)).toBeNull();
    }
  });

  it('uses the kit demo provider ids', () => {
    for (const provider of DEMO_PROVIDER_LIST) expect(provider.id).toBe(DEMO_PROVIDERS[provider.code]);
    expect(DEMO_PROVIDER_LIST.map((p) => p.code).sort()).toEqual(Object.keys(DEMO_PROVIDERS).sort());
  });

  it.each(DEMO_SERVICES.map((s) => [s.code, s] as const))('%s passes every standard rule and the form rules', (_code, service) => {
    expect(validateServiceStandard(service.standard)).toEqual([]);
    expect(validateFormDefinition(service.standard.form)).toEqual([]);
    const steps = service.standard.form.steps.length;
    expect(steps).toBeGreaterThanOrEqual(1);
    expect(steps).toBeLessThanOrEqual(3);
  });

  it('has non-empty Kyrgyz and Russian texts everywhere, and the Kyrgyz ones are Kyrgyz', () => {
    const texts = [...DEMO_SERVICES.flatMap((s) => localizedTexts(s.standard, s.code)), ...DEMO_PROVIDER_LIST.map((p) => ({ path: p.code, text: p.name }))];
    expect(texts.length).toBeGreaterThan(DEMO_SERVICES.length * 15);
    for (const { path, text } of texts) {
      expect([path, text.ky.trim().length > 0]).toEqual([path, true]);
      expect([path, text.ru.trim().length > 0]).toEqual([path, true]);
      expect([path, KYRGYZ_ONLY_LETTERS.test(text.ru)]).toEqual([path, false]);
    }
    for (const service of DEMO_SERVICES) {
      for (const long of [service.standard.description, service.standard.statusCheckMethod, service.standard.appealProcedure]) {
        expect([service.code, KYRGYZ_ONLY_LETTERS.test(long.ky)]).toEqual([service.code, true]);
      }
    }
  });

  it('never asks the applicant for what registries hold', () => {
    for (const service of DEMO_SERVICES) {
      for (const document of service.standard.requiredDocuments) {
        if (isRegistryDocument(document.code)) expect([service.code, document.code, document.obtainedByPortal]).toEqual([service.code, document.code, true]);
      }
      expect(service.standard.requiredDocuments.some((d) => d.obtainedByPortal)).toBe(true);
    }
  });

  it('takes from the registers what they hold instead of asking for it: the ID card number, the other party of a marriage', () => {
    const fields = (key: string) => DEMO_SERVICES.find((s) => s.key === key)!.standard.form.steps.flatMap((step) => step.fields.map((field) => field.name));
    const documents = (key: string) => DEMO_SERVICES.find((s) => s.key === key)!.standard.requiredDocuments.filter((d) => d.obtainedByPortal).map((d) => d.code);
    expect(fields('GRS_ID_CARD_REPLACEMENT')).not.toContain('currentDocumentNumber');
    expect(documents('GRS_ID_CARD_REPLACEMENT')).toContain('passport-data');
    // the other party is named by PIN only: name, birth date and document come from the register
    expect(fields('GRS_MARRIAGE_REGISTRATION').filter((name) => name.startsWith('partner'))).toEqual(['partnerPin']);
    expect(documents('GRS_MARRIAGE_REGISTRATION')).toContain('partner-passport-data');
  });

  it('mixes free and paid, SIMPLE and QUALIFIED, FULL and PARTIAL, visits, and both deliveries', () => {
    const values = (pick: (s: (typeof DEMO_SERVICES)[number]) => unknown) => new Set(DEMO_SERVICES.map(pick));
    expect(values((s) => s.standard.feeAmountMinor === null)).toEqual(new Set([true, false]));
    expect(values((s) => s.standard.signatureLevel)).toEqual(new Set(['SIMPLE', 'QUALIFIED']));
    expect(values((s) => s.standard.automationLevel)).toEqual(new Set(['FULL', 'PARTIAL']));
    expect(values((s) => s.standard.personalVisitRequired)).toEqual(new Set([true, false]));
    expect(values((s) => s.standard.resultDelivery)).toEqual(new Set(['PORTAL', 'IN_PERSON']));
    expect(values((s) => s.standard.kind)).toEqual(new Set(['STATE', 'MUNICIPAL', 'OTHER']));
  });

  it('prefills from every identity source and uses every field type', () => {
    const fields = DEMO_SERVICES.flatMap((s) => s.standard.form.steps.flatMap((step) => step.fields));
    expect(new Set(fields.map((f) => f.prefillFrom).filter(Boolean))).toEqual(
      new Set(['user.fullName', 'user.pin', 'user.birthDate', 'user.address', 'user.email', 'user.phone']),
    );
    expect(new Set(fields.map((f) => f.type))).toEqual(new Set(['TEXT', 'NUMBER', 'DATE', 'BOOLEAN', 'SELECT', 'PIN', 'PHONE', 'EMAIL', 'FILE']));
    expect(fields.some((f) => f.pattern && f.patternHint)).toBe(true);
  });
});

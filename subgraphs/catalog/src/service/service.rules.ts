/**
 * The service standard (S-18, S-21, R-45): what every published version of a service states, the
 * category taxonomy, and the checks a standard must pass before it is published. Pure: no I/O.
 */
import { type FormDefinitionData, type LocalizedText, type Reception, validateFormDefinition } from '@portal/kit';

export type ServiceKindCode = 'STATE' | 'MUNICIPAL' | 'OTHER';
export type AutomationLevelCode = 'FULL' | 'PARTIAL';
export type SignatureLevelCode = 'SIMPLE' | 'QUALIFIED';
export type ResultDeliveryCode = 'PORTAL' | 'IN_PERSON';

export const SERVICE_KINDS: readonly ServiceKindCode[] = ['STATE', 'MUNICIPAL', 'OTHER'];
export const AUTOMATION_LEVELS: readonly AutomationLevelCode[] = ['FULL', 'PARTIAL'];
export const SIGNATURE_LEVELS: readonly SignatureLevelCode[] = ['SIMPLE', 'QUALIFIED'];
export const RESULT_DELIVERIES: readonly ResultDeliveryCode[] = ['PORTAL', 'IN_PERSON'];

/** Where and when the provider receives applicants in person: a personal visit, or a result handed over (S items 4-5, R-35.3). */
export type ReceptionData = Reception;

export interface RequiredDocumentData {
  code: string;
  title: LocalizedText;
  /** Fetched by the portal through interagency exchange ("Tunduk"): never asked from the applicant. */
  obtainedByPortal: boolean;
}

/** Everything one version of a service states; immutable once published. */
export interface ServiceStandard {
  kind: ServiceKindCode;
  title: LocalizedText;
  description: LocalizedText;
  category: string;
  /** In tyiyn (1/100 som); null when the service is free. */
  feeAmountMinor: number | null;
  /**
   * The fee goes back to the payer when the provider refuses the service (S: the cost of a paid
   * service, items 18-19); a withdrawal before a decision always returns it. Absent: false.
   */
  feeReturnedOnRefusal?: boolean;
  /** Budget classification code the fee is paid to (8 digits); null when the service is free. */
  budgetCode: string | null;
  deadlineWorkingDays: number;
  requiredDocuments: RequiredDocumentData[];
  form: FormDefinitionData;
  automationLevel: AutomationLevelCode;
  signatureLevel: SignatureLevelCode;
  personalVisitRequired: boolean;
  resultDelivery: ResultDeliveryCode;
  statusCheckMethod: LocalizedText;
  appealProcedure: LocalizedText;
  /**
   * The form of the result: the sections and fields the officer fills in the result document,
   * proposed by the provider and published by the operator with the rest. Absent or null: a version
   * from before result forms, whose result document is taken as the officer sends it.
   */
  resultForm?: FormDefinitionData | null;
  /** Where and when applicants come: required when the result is handed over in person or a visit is required. */
  reception?: ReceptionData | null;
  /** the applicant may choose the result as information from an information system instead of a document. */
  resultAsRecordAllowed?: boolean;
}

/** One published version of a service, as every read answers it. */
export interface ServiceSnapshot extends ServiceStandard {
  feeReturnedOnRefusal: boolean;
  resultForm: FormDefinitionData | null;
  reception: ReceptionData | null;
  resultAsRecordAllowed: boolean;
  id: string;
  code: string;
  providerId: string;
  version: number;
  categoryName: LocalizedText;
  publishedAt: Date;
}

export const DEFAULT_DEADLINE_WORKING_DAYS = 3; // S-21: decisions within 3 working days unless the standard says otherwise
export const MIN_DEADLINE_WORKING_DAYS = 1;
export const MAX_DEADLINE_WORKING_DAYS = 60;
export const MAX_TITLE_LENGTH = 300;
export const MAX_TEXT_LENGTH = 5000;
export const MAX_REQUIRED_DOCUMENTS = 50;
export const MAX_FORM_FIELDS = 150;
/** 10 million som: far above any state fee, low enough to catch a fee typed in som*100*100. */
export const MAX_FEE_AMOUNT_MINOR = 1_000_000_000;

/** The catalogue's categories: a service names one by code; the names are searchable in both languages. */
export const SERVICE_CATEGORIES = {
  'civil-status': { ky: 'Жарандык абал актылары', ru: 'Акты гражданского состояния' },
  'identity-documents': {
    ky: 'Инсандыгын күбөлөндүрүүчү документтер жана каттоо',
    ru: 'Документы, удостоверяющие личность, и регистрация',
  },
  certificates: { ky: 'Маалымкаттар жана көчүрмөлөр', ru: 'Справки и выписки' },
  business: { ky: 'Ишкердик жана юридикалык жактар', ru: 'Предпринимательство и юридические лица' },
  taxes: { ky: 'Салыктар', ru: 'Налоги' },
  construction: { ky: 'Курулуш жана архитектура', ru: 'Строительство и архитектура' },
  'land-property': { ky: 'Жер жана кыймылсыз мүлк', ru: 'Земля и недвижимость' },
  'trade-advertising': { ky: 'Соода жана жарнама', ru: 'Торговля и реклама' },
  social: { ky: 'Социалдык коргоо', ru: 'Социальная защита' },
  transport: { ky: 'Транспорт', ru: 'Транспорт' },
  education: { ky: 'Билим берүү', ru: 'Образование' },
  health: { ky: 'Саламаттыкты сактоо', ru: 'Здравоохранение' },
} as const satisfies Record<string, LocalizedText>;
export type ServiceCategoryCode = keyof typeof SERVICE_CATEGORIES;
export const SERVICE_CATEGORY_CODES = Object.keys(SERVICE_CATEGORIES) as ServiceCategoryCode[];

export function isServiceCategory(code: string): code is ServiceCategoryCode {
  return Object.prototype.hasOwnProperty.call(SERVICE_CATEGORIES, code);
}

export function categoryName(code: string): LocalizedText {
  return isServiceCategory(code) ? SERVICE_CATEGORIES[code] : { ky: code, ru: code };
}

/**
 * Documents that base state registries hold (population, civil status, legal entities, real estate,
 * taxpayers) or that the portal itself records (fee payment): the portal fetches them through
 * interagency exchange, so a standard must mark them obtainedByPortal (S-18, L-20, L-22).
 */
export const REGISTRY_DOCUMENTS = {
  'passport-data': {
    ky: 'Инсандыгын күбөлөндүрүүчү документтин маалыматтары',
    ru: 'Сведения документа, удостоверяющего личность',
  },
  'address-registration': {
    ky: 'Жашаган жери боюнча каттоо тууралуу маалымат',
    ru: 'Сведения о регистрации по месту жительства',
  },
  'birth-record': { ky: 'Төрөлгөндүгү тууралуу акт жазуусу', ru: 'Актовая запись о рождении' },
  'marriage-record': { ky: 'Никеге тургандыгы тууралуу акт жазуусу', ru: 'Актовая запись о заключении брака' },
  'legal-entity-record': {
    ky: 'Юридикалык жактардын мамлекеттик реестриндеги маалыматтар',
    ru: 'Сведения из государственного реестра юридических лиц',
  },
  'real-estate-title': {
    ky: 'Кыймылсыз мүлккө укукту каттоо тууралуу маалымат',
    ru: 'Сведения о регистрации прав на недвижимое имущество',
  },
  'taxpayer-record': { ky: 'Салык төлөөчүнүн эсепке алуу маалыматтары', ru: 'Учетные данные налогоплательщика' },
  'payment-confirmation': {
    ky: 'Мамлекеттик алымдын төлөнгөндүгүн тастыктоо',
    ru: 'Подтверждение оплаты государственной пошлины',
  },
} as const satisfies Record<string, LocalizedText>;
export type RegistryDocumentCode = keyof typeof REGISTRY_DOCUMENTS;

export function isRegistryDocument(code: string): code is RegistryDocumentCode {
  return Object.prototype.hasOwnProperty.call(REGISTRY_DOCUMENTS, code);
}

/** A registry document as a standard lists it: always obtained by the portal. */
export function registryDocument(code: RegistryDocumentCode): RequiredDocumentData {
  return { code, title: REGISTRY_DOCUMENTS[code], obtainedByPortal: true };
}

const DOCUMENT_CODE = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const BUDGET_CODE = /^\d{8}$/;

function textProblems(text: LocalizedText | null | undefined, name: string, maxLength: number): string[] {
  if (!text) return [`${name} must have "ky" and "ru" texts`];
  const problems: string[] = [];
  for (const language of ['ky', 'ru'] as const) {
    const value = text[language];
    if (typeof value !== 'string' || value.trim().length === 0) problems.push(`${name}.${language} must not be empty`);
    else if ([...value].length > maxLength) problems.push(`${name}.${language} must be at most ${maxLength} characters`);
  }
  return problems;
}

/**
 * Every reason a standard cannot be published, in reading order; empty when it may be. The same
 * checks run on providers' proposals, at publication and on the demo seed.
 */
export function validateServiceStandard(standard: ServiceStandard): string[] {
  const problems: string[] = [];
  if (!SERVICE_KINDS.includes(standard.kind)) problems.push(`kind must be one of ${SERVICE_KINDS.join(', ')}`);
  problems.push(...textProblems(standard.title, 'title', MAX_TITLE_LENGTH));
  problems.push(...textProblems(standard.description, 'description', MAX_TEXT_LENGTH));
  if (!isServiceCategory(standard.category)) {
    problems.push(`category "${standard.category}" is unknown; expected one of ${SERVICE_CATEGORY_CODES.join(', ')}`);
  }

  const fee = standard.feeAmountMinor;
  if (fee !== null && (!Number.isInteger(fee) || fee < 0)) {
    problems.push(`feeAmountMinor must be a whole number of tyiyn >= 0 (null or 0 for a free service); got ${fee}`);
  } else if (fee !== null && fee > MAX_FEE_AMOUNT_MINOR) {
    problems.push(`feeAmountMinor must be at most ${MAX_FEE_AMOUNT_MINOR} tyiyn; got ${fee}`);
  }

  if (fee !== null && fee > 0 && (typeof standard.budgetCode !== 'string' || !BUDGET_CODE.test(standard.budgetCode))) {
    problems.push(`budgetCode must be the 8-digit budget classification code the fee is paid to; got ${JSON.stringify(standard.budgetCode)}`);
  } else if ((fee === null || fee === 0) && standard.budgetCode !== null) {
    problems.push('budgetCode applies only to a paid service; leave it empty when the service is free');
  }

  if (standard.feeReturnedOnRefusal !== undefined && typeof standard.feeReturnedOnRefusal !== 'boolean') {
    problems.push('feeReturnedOnRefusal must be true or false');
  } else if (standard.feeReturnedOnRefusal === true && (fee === null || fee === 0)) {
    problems.push('feeReturnedOnRefusal applies only to a paid service; leave it false when the service is free');
  }

  const deadline = standard.deadlineWorkingDays;
  if (!Number.isInteger(deadline) || deadline < MIN_DEADLINE_WORKING_DAYS || deadline > MAX_DEADLINE_WORKING_DAYS) {
    problems.push(
      `deadlineWorkingDays must be a whole number from ${MIN_DEADLINE_WORKING_DAYS} to ${MAX_DEADLINE_WORKING_DAYS}; got ${deadline}`,
    );
  }

  problems.push(...requiredDocumentProblems(standard.requiredDocuments));
  problems.push(...formProblems(standard.form));

  if (!AUTOMATION_LEVELS.includes(standard.automationLevel)) problems.push(`automationLevel must be one of ${AUTOMATION_LEVELS.join(', ')}`);
  if (!SIGNATURE_LEVELS.includes(standard.signatureLevel)) problems.push(`signatureLevel must be one of ${SIGNATURE_LEVELS.join(', ')}`);
  if (!RESULT_DELIVERIES.includes(standard.resultDelivery)) problems.push(`resultDelivery must be one of ${RESULT_DELIVERIES.join(', ')}`);
  if (typeof standard.personalVisitRequired !== 'boolean') problems.push('personalVisitRequired must be true or false');
  // S-21: a fully automated service is provided end to end through the portal.
  if (standard.automationLevel === 'FULL' && standard.resultDelivery !== 'PORTAL') {
    problems.push('a FULL automation level requires resultDelivery PORTAL; use PARTIAL when the result is handed over in person');
  }
  if (standard.automationLevel === 'FULL' && standard.personalVisitRequired) {
    problems.push('a FULL automation level cannot require a personal visit; use PARTIAL');
  }

  problems.push(...textProblems(standard.statusCheckMethod, 'statusCheckMethod', MAX_TEXT_LENGTH));
  problems.push(...textProblems(standard.appealProcedure, 'appealProcedure', MAX_TEXT_LENGTH));
  problems.push(...resultStandardProblems(standard));
  return problems;
}

/** Field types an officer can fill in a result document (no file upload, nothing prefilled from the applicant). */
export const RESULT_FIELD_TYPES = ['TEXT', 'NUMBER', 'DATE', 'BOOLEAN', 'SELECT', 'PIN'] as const;

/** The result form, the reception (S items 4-5) and the record option. */
function resultStandardProblems(standard: ServiceStandard): string[] {
  const problems: string[] = [];
  if (standard.resultForm !== undefined && standard.resultForm !== null) {
    const formProblemsFound = validateFormDefinition(standard.resultForm).map((problem) => `resultForm: ${problem}`);
    problems.push(...formProblemsFound);
    if (formProblemsFound.length === 0) {
      for (const step of standard.resultForm.steps) {
        for (const field of step.fields) {
          if (!(RESULT_FIELD_TYPES as readonly string[]).includes(field.type)) {
            problems.push(`resultForm: field "${field.name}" has type ${field.type}, which an officer cannot fill in a result; use one of ${RESULT_FIELD_TYPES.join(', ')}`);
          }
          if (field.prefillFrom !== undefined && field.prefillFrom !== null) problems.push(`resultForm: field "${field.name}" cannot be prefilled (prefillFrom is for the application form)`);
        }
      }
      const fieldCount = standard.resultForm.steps.reduce((count, step) => count + step.fields.length, 0);
      if (fieldCount > MAX_FORM_FIELDS) problems.push(`resultForm: at most ${MAX_FORM_FIELDS} fields; got ${fieldCount}`);
    }
  }
  const reception = standard.reception ?? null;
  if (reception !== null) {
    problems.push(...textProblems(reception.place, 'reception.place', MAX_TITLE_LENGTH));
    problems.push(...textProblems(reception.hours, 'reception.hours', MAX_TITLE_LENGTH));
  } else if (standard.resultDelivery === 'IN_PERSON') {
    problems.push('reception (place and hours) is required when the result is handed over in person: the applicant is told where and when to collect it');
  } else if (standard.personalVisitRequired === true) {
    problems.push('reception (place and hours) is required when a personal visit is required: the applicant is told where and when to come');
  }
  if (standard.resultAsRecordAllowed !== undefined && typeof standard.resultAsRecordAllowed !== 'boolean') {
    problems.push('resultAsRecordAllowed must be true or false');
  }
  return problems;
}

function requiredDocumentProblems(documents: RequiredDocumentData[]): string[] {
  if (!Array.isArray(documents)) return ['requiredDocuments must be a list'];
  if (documents.length > MAX_REQUIRED_DOCUMENTS) return [`requiredDocuments may list at most ${MAX_REQUIRED_DOCUMENTS} documents`];
  const problems: string[] = [];
  const seen = new Set<string>();
  documents.forEach((document, index) => {
    const path = `requiredDocuments[${index}]`;
    if (typeof document.code !== 'string' || !DOCUMENT_CODE.test(document.code) || document.code.length > 64) {
      problems.push(`${path}.code must be lower-case Latin words joined by "-", e.g. "passport-data"`);
    } else if (seen.has(document.code)) {
      problems.push(`${path}.code "${document.code}" is listed twice`);
    } else {
      seen.add(document.code);
      if (isRegistryDocument(document.code) && document.obtainedByPortal !== true) {
        problems.push(
          `${path} "${document.code}" is held by a state registry: mark it obtainedByPortal, it must never be asked from the applicant`,
        );
      }
    }
    problems.push(...textProblems(document.title, `${path}.title`, MAX_TITLE_LENGTH));
    if (typeof document.obtainedByPortal !== 'boolean') problems.push(`${path}.obtainedByPortal must be true or false`);
  });
  return problems;
}

function formProblems(form: unknown): string[] {
  const problems = validateFormDefinition(form).map((problem) => `form: ${problem}`);
  if (problems.length === 0) {
    const fieldCount = (form as FormDefinitionData).steps.reduce((count, step) => count + step.fields.length, 0);
    if (fieldCount > MAX_FORM_FIELDS) problems.push(`form: at most ${MAX_FORM_FIELDS} fields; got ${fieldCount}`);
  }
  return problems;
}

/**
 * The standard as it is stored: texts trimmed, a fee of 0 stored as free, the form reduced to the
 * properties the form definition knows (nothing else a client sent is kept).
 */
export function normalizeServiceStandard(standard: ServiceStandard): ServiceStandard {
  const trim = (text: LocalizedText): LocalizedText => ({ ky: text.ky.trim(), ru: text.ru.trim() });
  return {
    kind: standard.kind,
    title: trim(standard.title),
    description: trim(standard.description),
    category: standard.category,
    feeAmountMinor: standard.feeAmountMinor === 0 ? null : standard.feeAmountMinor,
    feeReturnedOnRefusal: standard.feeReturnedOnRefusal === true,
    budgetCode: standard.budgetCode,
    deadlineWorkingDays: standard.deadlineWorkingDays,
    requiredDocuments: standard.requiredDocuments.map((document) => ({
      code: document.code,
      title: trim(document.title),
      obtainedByPortal: document.obtainedByPortal,
    })),
    form: normalizeForm(standard.form),
    automationLevel: standard.automationLevel,
    signatureLevel: standard.signatureLevel,
    personalVisitRequired: standard.personalVisitRequired,
    resultDelivery: standard.resultDelivery,
    statusCheckMethod: trim(standard.statusCheckMethod),
    appealProcedure: trim(standard.appealProcedure),
    resultForm: standard.resultForm ? normalizeForm(standard.resultForm) : null,
    reception: standard.reception ? { place: trim(standard.reception.place), hours: trim(standard.reception.hours) } : null,
    resultAsRecordAllowed: standard.resultAsRecordAllowed === true,
  };
}

function normalizeForm(form: FormDefinitionData): FormDefinitionData {
  return {
    steps: form.steps.map((step) => ({
      id: step.id,
      title: { ky: step.title.ky, ru: step.title.ru },
      fields: step.fields.map((field) => {
        const { name, label, type, required, pattern, patternHint, minLength, maxLength, min, max, options, prefillFrom } = field;
        return dropUndefined({
          name,
          label: { ky: label.ky, ru: label.ru },
          type,
          required,
          pattern,
          patternHint: patternHint && { ky: patternHint.ky, ru: patternHint.ru },
          minLength,
          maxLength,
          min,
          max,
          options: options?.map((option) => ({ value: option.value, label: { ky: option.label.ky, ru: option.label.ru } })),
          prefillFrom,
        });
      }),
    })),
  };
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null)) as T;
}

import { type FormDefinitionData, type FormFieldDefinition, type FormOptionDefinition, type LanguageCode, type LocalizedText, localize, type PrintableDocument, printableValue } from '@portal/kit';

/** How a download is asked for: `?format=pdf` or `?format=json` (the default of data downloads). */
export type FileFormat = 'pdf' | 'json';

export function fileFormatOf(query: URLSearchParams, fallback: FileFormat = 'json'): FileFormat | null {
  const asked = query.get('format');
  if (asked === null || asked === '') return fallback;
  return asked === 'pdf' || asked === 'json' ? asked : null;
}

/** The language of a file and its refusals: ?lang=ky|ru, else Accept-Language, else Kyrgyz. */
export function fileLanguageOf(query: URLSearchParams, acceptLanguage: string | undefined): LanguageCode {
  const explicit = query.get('lang')?.toUpperCase();
  if (explicit === 'RU' || explicit === 'KY') return explicit;
  const first = (acceptLanguage ?? '').split(',').map((part) => part.trim().slice(0, 2).toLowerCase()).find((code) => code === 'ru' || code === 'ky');
  return first === 'ru' ? 'RU' : 'KY';
}

/** Refusals of the file routes, in the user's language. */
export const FILE_REFUSALS = {
  LINK_INVALID: {
    ky: 'Бул шилтеме жараксыз же мөөнөтү бүттү. Жаңы шилтеме алуу үчүн кабинетиңизден арызды кайра ачыңыз.',
    ru: 'Ссылка недействительна или её срок истёк. Откройте заявление в личном кабинете ещё раз, чтобы получить новую ссылку.',
  },
  DOCUMENT_NOT_FOUND: { ky: 'Порталда мындай номердеги документ берилген эмес.', ru: 'Документ с таким номером через портал не выдавался.' },
  APPLICATION_NOT_FOUND: { ky: 'Мындай арыз жок.', ru: 'Такого заявления нет.' },
  FORMAT: { ky: 'Белгисиз формат: format=pdf же format=json деп көрсөтүңүз.', ru: 'Неизвестный формат: укажите format=pdf или format=json.' },
} satisfies Record<string, LocalizedText>;

const LANGUAGE_TAG: Record<LanguageCode, string> = { KY: 'ky', RU: 'ru' };

/** Bishkek wall-clock time (UTC+6, no daylight saving), e.g. "2026-11-22 14:05". */
export function bishkekTime(at: Date): string {
  return new Date(at.getTime() + 6 * 60 * 60 * 1000).toISOString().slice(0, 16).replace('T', ' ');
}

export interface ResultDocumentPrint {
  number: string;
  verificationCode: string | null;
  issuedAt: Date;
  serviceTitle: LocalizedText | null;
  issuer: LocalizedText | null;
  document: unknown;
  sha256: string;
}

const DOCUMENT_LABELS = {
  KY: { title: 'Натыйжа документи', number: 'Документтин номери', code: 'Текшерүү коду', issuedAt: 'Берилген убакыт (Бишкек)', service: 'Кызмат', issuer: 'Берген мекеме', contents: 'Мазмуну', sha256: 'SHA-256', verify: 'Документтин чындыгын порталда номери жана текшерүү коду менен текшерүүгө болот.' },
  RU: { title: 'Документ-результат', number: 'Номер документа', code: 'Код проверки', issuedAt: 'Дата выдачи (Бишкек)', service: 'Услуга', issuer: 'Выдавший орган', contents: 'Содержание', sha256: 'SHA-256', verify: 'Подлинность документа можно проверить на портале по номеру и коду проверки.' },
} as const;

/** The signed result document as printed: what it is, who issued it, and its signed contents field by field. */
export function resultDocumentPrintable(document: ResultDocumentPrint, language: LanguageCode): PrintableDocument {
  const labels = DOCUMENT_LABELS[language];
  const contents = document.document && typeof document.document === 'object' && !Array.isArray(document.document) ? Object.entries(document.document as Record<string, unknown>) : [['', document.document] as const];
  return {
    title: `${labels.title} ${document.number}`,
    language: LANGUAGE_TAG[language],
    sections: [
      {
        rows: [
          { label: labels.number, value: document.number },
          { label: labels.code, value: document.verificationCode ?? '' },
          { label: labels.issuedAt, value: bishkekTime(document.issuedAt) },
          { label: labels.service, value: document.serviceTitle ? localize(document.serviceTitle, language) : '' },
          { label: labels.issuer, value: document.issuer ? localize(document.issuer, language) : '' },
        ],
      },
      { heading: labels.contents, rows: contents.map(([key, value]) => ({ label: key, value: printableValue(value) })) },
      { rows: [{ label: labels.sha256, value: document.sha256 }] },
    ],
    notes: [labels.verify],
  };
}

export interface RequestPrint {
  applicationId: string;
  number: string | null;
  status: string;
  submittedAt: Date | null;
  serviceTitle: LocalizedText;
  providerName: LocalizedText;
  form: FormDefinitionData;
  data: Record<string, unknown>;
}

const REQUEST_LABELS = {
  KY: { title: 'Арыз', draft: 'Арыздын долбоору', number: 'Арыздын номери', status: 'Абалы', submittedAt: 'Берилген убакыт (Бишкек)', service: 'Кызмат', provider: 'Кызмат көрсөтүүчү', file: 'Файл', note: 'Бул — порталга берилген арыздын басма түрү (R-27).' },
  RU: { title: 'Заявление', draft: 'Черновик заявления', number: 'Номер заявления', status: 'Статус', submittedAt: 'Дата подачи (Бишкек)', service: 'Услуга', provider: 'Поставщик услуги', file: 'Файл', note: 'Это печатная форма заявления, поданного через портал (R-27).' },
} as const;

/** A form value as printed: the option's label, yes/no, a file's name and size, or the text. */
function printedFieldValue(field: FormFieldDefinition, value: unknown, language: LanguageCode): string {
  if (value === undefined || value === null) return '';
  const options = (field as FormFieldDefinition & { options?: FormOptionDefinition[] }).options;
  if (options && typeof value === 'string') {
    const option = options.find((candidate) => candidate.value === value);
    if (option) return localize(option.label, language);
  }
  if (typeof value === 'boolean') return language === 'RU' ? (value ? 'Да' : 'Нет') : value ? 'Ооба' : 'Жок';
  if (field.type === 'FILE' && typeof value === 'object' && value !== null && 'name' in value) {
    const file = value as { name: unknown; size?: unknown; sha256?: unknown };
    return `${String(file.name)} (${String(file.size ?? '?')} B, sha256 ${String(file.sha256 ?? '')})`;
  }
  return printableValue(value);
}

/** The application as submitted: its number, service, and every field of the form with its label, step by step. */
export function requestPrintable(request: RequestPrint, language: LanguageCode): PrintableDocument {
  const labels = REQUEST_LABELS[language];
  const heading = request.number ? `${labels.title} ${request.number}` : labels.draft;
  return {
    title: heading,
    language: LANGUAGE_TAG[language],
    sections: [
      {
        rows: [
          { label: labels.number, value: request.number ?? '' },
          { label: labels.service, value: localize(request.serviceTitle, language) },
          { label: labels.provider, value: localize(request.providerName, language) },
          { label: labels.status, value: request.status },
          { label: labels.submittedAt, value: request.submittedAt ? bishkekTime(request.submittedAt) : '' },
        ],
      },
      ...request.form.steps.map((step) => ({
        heading: localize(step.title, language),
        rows: step.fields.map((field) => ({ label: localize(field.label, language), value: printedFieldValue(field, request.data[field.name], language) })),
      })),
    ],
    notes: [labels.note],
  };
}

/** The application as JSON: its data keyed by field name, with the labels of the form beside it. */
export function requestJson(request: RequestPrint): Record<string, unknown> {
  return {
    applicationId: request.applicationId,
    number: request.number,
    status: request.status,
    submittedAt: request.submittedAt?.toISOString() ?? null,
    serviceTitle: request.serviceTitle,
    provider: request.providerName,
    steps: request.form.steps.map((step) => ({
      id: step.id,
      title: step.title,
      fields: step.fields.map((field) => ({ name: field.name, label: field.label, type: field.type, value: request.data[field.name] ?? null })),
    })),
  };
}

/**
 * The result of a service as the Rules have it: in the form the provider defined, filled
 * and signed by the officer; received as the applicant chose (R-33: a signed electronic document,
 * or information from an information system where the law provides for it); handed over in the
 * cabinet or in person (R-35.3, standard items 4-5). Pure: no ORM, no GraphQL.
 */
import type { FormDefinitionData, LocalizedText } from '@portal/kit';
import { type FieldError, validateApplicationData } from '../form/form-validation.rules';

export const RESULT_FORMATS = ['DOCUMENT', 'INFORMATION_SYSTEM_RECORD'] as const;
export type ResultFormatCode = (typeof RESULT_FORMATS)[number];

/** Why the applicant cannot choose `format` for this service; null when they can (R-33.2: only where the service allows it). */
export function resultFormatProblem(format: ResultFormatCode, service: { resultAsRecordAllowed: boolean }): LocalizedText | null {
  if (format === 'INFORMATION_SYSTEM_RECORD' && !service.resultAsRecordAllowed) {
    return {
      ky: 'Бул кызматтын жыйынтыгын маалыматтык системадагы жазуу катары алууга болбойт: жыйынтыгы кол коюлган электрондук документ болот (resultFormat: DOCUMENT).',
      ru: 'Результат этой услуги нельзя получить в виде сведений из информационной системы: результатом будет подписанный электронный документ (resultFormat: DOCUMENT).',
    };
  }
  return null;
}

/**
 * What is wrong with a result document the officer sends for a service version with a result form
 * the same format-logic checks as the application form (required fields, types, patterns,
 * options, no keys the form lacks). A version without a result form takes any JSON object.
 */
export function resultDocumentErrors(resultForm: FormDefinitionData | null, document: Record<string, unknown>, today: Date): FieldError[] {
  if (resultForm === null) return [];
  return validateApplicationData(resultForm, document, { today });
}

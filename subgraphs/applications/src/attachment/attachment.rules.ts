/**
 * Attachments of FILE form fields: what an upload may be (size, type), whether the bytes are what
 * they claim, and whether a FILE value in the form data names an upload stored for that application.
 * Pure: no ORM, no GraphQL.
 */
import type { FormDefinitionData, LocalizedText } from '@portal/kit';
import type { AttachedFile } from '../form/form-validation.rules';

export interface AttachmentLimits {
  maxBytes: number;
  /** MIME types accepted, lower case, e.g. application/pdf. */
  allowedTypes: readonly string[];
}

export const DEFAULT_ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
export const DEFAULT_ATTACHMENT_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export const MAX_ATTACHMENT_NAME_LENGTH = 200;

/** What a client declares before uploading. */
export interface DeclaredUpload {
  field: string;
  name: string;
  mimeType: string;
  size: number;
}

export type UploadProblem =
  | { code: 'FIELD'; message: LocalizedText }
  | { code: 'NAME'; message: LocalizedText }
  | { code: 'SIZE'; message: LocalizedText }
  | { code: 'TYPE'; message: LocalizedText };

const MIB = 1024 * 1024;
/** A limit as people read it: 10 МиБ, 2.5 МиБ, 512 КиБ (the same abbreviations in Kyrgyz and Russian). */
const sizeText = (bytes: number) => (bytes >= MIB ? `${(bytes / MIB).toFixed(bytes % MIB === 0 ? 0 : 1)} МиБ` : `${Math.floor(bytes / 1024)} КиБ`);

export function tooLargeMessage(limits: AttachmentLimits, size: number): LocalizedText {
  return {
    ky: `Файл өтө чоң (${size} байт): эң көп ${sizeText(limits.maxBytes)} жүктөөгө болот. Файлды кичирейтип кайра жүктөңүз.`,
    ru: `Файл слишком большой (${size} байт): можно загрузить не больше ${sizeText(limits.maxBytes)}. Уменьшите файл и загрузите снова.`,
  };
}

export function refusedTypeMessage(limits: AttachmentLimits, mimeType: string): LocalizedText {
  const allowed = limits.allowedTypes.join(', ');
  return {
    ky: `Мындай түрдөгү файл кабыл алынбайт (${mimeType}). Төмөнкү түрлөрдүн бирин жүктөңүз: ${allowed}.`,
    ru: `Файлы такого типа не принимаются (${mimeType}). Загрузите файл одного из типов: ${allowed}.`,
  };
}

/** Why a declared upload cannot be accepted for `form`, or null. */
export function declaredUploadProblem(form: FormDefinitionData, limits: AttachmentLimits, upload: DeclaredUpload): UploadProblem | null {
  const field = form.steps.flatMap((step) => step.fields).find((candidate) => candidate.name === upload.field);
  if (!field || field.type !== 'FILE') {
    return {
      code: 'FIELD',
      message: { ky: `Бул арыздын формасында «${upload.field}» деген файл талаасы жок.`, ru: `В форме этого заявления нет поля для файла «${upload.field}».` },
    };
  }
  const name = upload.name.trim();
  if (name.length === 0 || [...name].length > MAX_ATTACHMENT_NAME_LENGTH || /[\u0000-\u001f/\\]/.test(name)) {
    return {
      code: 'NAME',
      message: {
        ky: `Файлдын аталышы 1ден ${MAX_ATTACHMENT_NAME_LENGTH} белгиге чейин болушу керек, «/», «\\» жана башкаруучу белгилерсиз.`,
        ru: `Имя файла должно быть от 1 до ${MAX_ATTACHMENT_NAME_LENGTH} символов, без «/», «\\» и управляющих символов.`,
      },
    };
  }
  if (!Number.isInteger(upload.size) || upload.size < 1) {
    return { code: 'SIZE', message: { ky: 'Файлдын өлчөмү байт менен, 1ден баштап бүтүн сан болушу керек.', ru: 'Размер файла указывается в байтах целым числом не меньше 1.' } };
  }
  if (upload.size > limits.maxBytes) return { code: 'SIZE', message: tooLargeMessage(limits, upload.size) };
  if (!limits.allowedTypes.includes(upload.mimeType.toLowerCase())) return { code: 'TYPE', message: refusedTypeMessage(limits, upload.mimeType) };
  return null;
}

/** The first bytes each accepted type begins with: a file named .pdf that is not a PDF is refused. */
const SIGNATURES: Record<string, (bytes: Buffer) => boolean> = {
  'application/pdf': (bytes) => bytes.subarray(0, 5).toString('latin1') === '%PDF-',
  'image/png': (bytes) => bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'image/jpeg': (bytes) => bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff,
};

/** Why the bytes received are not the declared upload, or null. Types without a known signature are taken as declared. */
export function receivedBytesProblem(declared: { mimeType: string; size: number }, contentType: string | undefined, bytes: Buffer, limits: AttachmentLimits): LocalizedText | null {
  if (bytes.length > limits.maxBytes) return tooLargeMessage(limits, bytes.length);
  if (bytes.length !== declared.size) {
    return {
      ky: `Жүктөлгөн файлдын өлчөмү (${bytes.length} байт) билдирилгенге (${declared.size} байт) дал келбейт. Жүктөөнү кайра баштаңыз.`,
      ru: `Размер загруженного файла (${bytes.length} байт) не совпадает с заявленным (${declared.size} байт). Начните загрузку заново.`,
    };
  }
  const sentType = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (sentType !== declared.mimeType.toLowerCase()) {
    return {
      ky: `Файл ${declared.mimeType} деп билдирилген, бирок ${sentType || 'түрү көрсөтүлбөй'} жөнөтүлдү. Content-Type башын билдирилген түргө коюңуз.`,
      ru: `Файл заявлен как ${declared.mimeType}, а отправлен как ${sentType || 'без типа'}. Укажите в заголовке Content-Type заявленный тип.`,
    };
  }
  const looksRight = SIGNATURES[sentType];
  if (looksRight && !looksRight(bytes)) {
    return { ky: `Файлдын мазмуну ${declared.mimeType} түрүнө туура келбейт.`, ru: `Содержимое файла не соответствует типу ${declared.mimeType}.` };
  }
  return null;
}

/** A stored upload as the check of form data sees it. */
export interface StoredUpload {
  field: string;
  name: string;
  sha256: string;
  size: number;
  mimeType: string;
}

/**
 * The FILE fields of `data` whose value is not an upload stored for this application and field
 * (same sha256, size and name; mimeType when given). Missing or null values are not checked here.
 */
export function unmatchedFileFields(form: FormDefinitionData, data: Record<string, unknown>, stored: readonly StoredUpload[]): string[] {
  const unmatched: string[] = [];
  for (const field of form.steps.flatMap((step) => step.fields)) {
    if (field.type !== 'FILE') continue;
    const value = data[field.name] as Partial<AttachedFile> | null | undefined;
    if (value === undefined || value === null || typeof value !== 'object') continue;
    const match = stored.some(
      (upload) =>
        upload.field === field.name &&
        upload.sha256 === String(value.sha256 ?? '').toLowerCase() &&
        upload.size === value.size &&
        upload.name === value.name &&
        (value.mimeType === undefined || upload.mimeType === value.mimeType),
    );
    if (!match) unmatched.push(field.name);
  }
  return unmatched;
}

export function unmatchedFilesMessage(fields: string[]): LocalizedText {
  const list = fields.join(', ');
  return {
    ky: `Бул талаалардагы файл ушул арызга жүктөлгөн эмес: ${list}. Адегенде файлды startAttachmentUpload аркылуу жүктөп, анын жоопторун (name, sha256, size, mimeType) талаага коюңуз.`,
    ru: `Файл в этих полях не загружен к этому заявлению: ${list}. Сначала загрузите файл через startAttachmentUpload и поставьте в поле его ответ (name, sha256, size, mimeType).`,
  };
}

/** Allowed types from configuration: comma-separated, trimmed, lower case. */
export function parseAllowedTypes(list: string): string[] {
  return list
    .split(',')
    .map((type) => type.trim().toLowerCase())
    .filter((type) => /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/.test(type));
}

import { LockMode } from '@mikro-orm/core';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { badInput, conflict, forbidden, type LinkSigner, type LocalizedText, localize, requireRole, resolveLanguage } from '@portal/kit';
import { createHash, randomUUID } from 'node:crypto';
import { ApplicationEntity } from '../application/application.entity';
import type { ApplicationsContext } from '../context';
import { ServiceVersionEntity } from '../projection/projection.entity';
import type { AttachmentStore } from './attachment-store';
import { AttachmentEntity } from './attachment.entity';
import {
  type AttachmentLimits,
  declaredUploadProblem,
  receivedBytesProblem,
  type StoredUpload,
  unmatchedFileFields,
  unmatchedFilesMessage,
} from './attachment.rules';
import type { StartAttachmentUploadInput } from './attachment.type';

/** What the attachment routes and resolvers share. */
export interface AttachmentRuntime {
  limits: AttachmentLimits;
  store: AttachmentStore;
  /** Signs upload links (POST …/uploads/:id) and download links (GET …/attachments/:id); separate purposes. */
  uploadLinks: LinkSigner;
  downloadLinks: LinkSigner;
}

const NOT_YOURS: LocalizedText = {
  ky: 'Файлды өзүңүздүн арызыңыздын долбооруна гана жүктөй аласыз.',
  ru: 'Загружать файлы можно только в черновик своего заявления.',
};
const NOT_A_DRAFT: LocalizedText = {
  ky: 'Файлды долбоорго гана жүктөөгө болот; бул арыз берилип калган. Кайра берүү үчүн аны жаңы долбоорго көчүрүңүз (copyApplicationToDraft).',
  ru: 'Загружать файлы можно только в черновик; это заявление уже подано. Чтобы подать снова, скопируйте его в новый черновик (copyApplicationToDraft).',
};

function localized(ctx: ApplicationsContext, text: LocalizedText): string {
  return localize(text, resolveLanguage(ctx.caller));
}

/** startAttachmentUpload: the applicant declares a file for a FILE field of their own draft; answers a signed upload link. */
export async function startAttachmentUpload(ctx: ApplicationsContext, input: StartAttachmentUploadInput): Promise<{ attachment: AttachmentEntity; uploadUrl: string; expiresAt: Date }> {
  const caller = requireRole(ctx, 'CITIZEN');
  const em = ctx.em.fork();
  const application = await em.findOne(ApplicationEntity, { id: input.applicationId });
  // someone else's application and one that does not exist answer alike: neither is the caller's to fill
  if (!application || application.applicantId !== caller.userId) throw forbidden(localized(ctx, NOT_YOURS));
  if (application.status !== 'DRAFT') throw conflict(localized(ctx, NOT_A_DRAFT));
  const service = await em.findOneOrFail(ServiceVersionEntity, { serviceId: application.serviceId, version: application.serviceVersion });
  const { limits, uploadLinks } = ctx.runtime.attachments;
  const problem = declaredUploadProblem(service.form, limits, input);
  if (problem) throw badInput(localized(ctx, problem.message), { reason: problem.code, maxBytes: limits.maxBytes, allowedTypes: limits.allowedTypes });
  const now = ctx.runtime.now();
  const attachment = em.create(AttachmentEntity, {
    id: randomUUID(),
    applicationId: application.id,
    field: input.field,
    name: input.name.trim(),
    mimeType: input.mimeType.toLowerCase(),
    size: input.size,
    sha256: null,
    status: 'PENDING',
    uploadedBy: caller.userId,
    createdAt: now,
    storedAt: null,
  });
  await em.flush();
  const signed = uploadLinks.sign(attachment.id, now);
  const query = new URLSearchParams(signed);
  return { attachment, uploadUrl: `${ctx.runtime.filesBaseUrl}/uploads/${attachment.id}?${query.toString()}`, expiresAt: new Date(Number(signed.expires) * 1000) };
}

export type UploadOutcome =
  | { ok: true; created: boolean; file: { name: string; sha256: string; size: number; mimeType: string } }
  | { ok: false; status: number; message: LocalizedText };

const LINK_INVALID: LocalizedText = {
  ky: 'Жүктөө шилтемеси жараксыз же мөөнөтү бүттү. Файлды кайра билдирип (startAttachmentUpload), жаңы шилтеме алыңыз.',
  ru: 'Ссылка для загрузки недействительна или её срок истёк. Заявите файл заново (startAttachmentUpload), чтобы получить новую ссылку.',
};

/**
 * The bytes of a declared attachment, POSTed to its signed link: checked against what was declared
 * (length, Content-Type, the type's leading bytes), hashed, stored with the metadata in one
 * transaction. Sending the same bytes again answers the same; different bytes are refused.
 */
export async function receiveUpload(
  orm: MikroORM,
  runtime: { attachments: AttachmentRuntime; now(): Date },
  request: { attachmentId: string; expires: string | null; signature: string | null; contentType: string | undefined; body: Buffer },
): Promise<UploadOutcome> {
  const { limits, store, uploadLinks } = runtime.attachments;
  if (!uploadLinks.isValid(request.attachmentId, request.expires, request.signature, runtime.now())) return { ok: false, status: 403, message: LINK_INVALID };
  return orm.em.fork().transactional(async (em) => {
    const attachment = await em.findOne(AttachmentEntity, { id: request.attachmentId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!attachment) return { ok: false as const, status: 403, message: LINK_INVALID };
    const sha256 = createHash('sha256').update(request.body).digest('hex');
    const file = { name: attachment.name, sha256, size: request.body.length, mimeType: attachment.mimeType };
    if (attachment.status === 'STORED') {
      if (attachment.sha256 === sha256) return { ok: true as const, created: false, file };
      return {
        ok: false as const,
        status: 409,
        message: { ky: 'Бул жүктөөгө башка файл жөнөтүлүп калган. Жаңы файл үчүн аны кайра билдириңиз.', ru: 'По этой ссылке уже загружен другой файл. Для нового файла заявите его заново.' },
      };
    }
    const application = await em.findOne(ApplicationEntity, { id: attachment.applicationId });
    if (!application || application.status !== 'DRAFT') return { ok: false as const, status: 409, message: NOT_A_DRAFT };
    const problem = receivedBytesProblem(attachment, request.contentType, request.body, limits);
    if (problem) return { ok: false as const, status: request.body.length > limits.maxBytes ? 413 : 400, message: problem };
    await store.put(em, attachment.id, request.body);
    attachment.sha256 = sha256;
    attachment.status = 'STORED';
    attachment.storedAt = runtime.now();
    await em.flush();
    return { ok: true as const, created: true, file };
  });
}

/** The stored attachments of an application, oldest first. */
export function storedAttachments(em: EntityManager, applicationId: string): Promise<AttachmentEntity[]> {
  return em.find(AttachmentEntity, { applicationId, status: 'STORED' }, { orderBy: { storedAt: 'asc', id: 'asc' } });
}

/**
 * Refuses form data whose FILE values are not uploads stored for this application (a FILE value
 * must be the answer of its upload). A new draft has no uploads yet, so no FILE value either.
 */
export async function refuseUnknownAttachments(ctx: ApplicationsContext, em: EntityManager, form: ServiceVersionEntity['form'], applicationId: string | null, data: Record<string, unknown>): Promise<void> {
  const stored: StoredUpload[] = applicationId ? await storedAttachments(em, applicationId) as StoredUpload[] : [];
  const unmatched = unmatchedFileFields(form, data, stored);
  if (unmatched.length === 0) return;
  throw badInput(localized(ctx, unmatchedFilesMessage(unmatched)), { fields: unmatched.map((field) => ({ field, code: 'FILE_NOT_UPLOADED' })) });
}

/** The attachment and its bytes, for its signed download link; null when the link or the file is not there. */
export async function attachmentDownload(
  orm: MikroORM,
  runtime: { attachments: AttachmentRuntime; now(): Date },
  request: { attachmentId: string; expires: string | null; signature: string | null },
): Promise<{ attachment: AttachmentEntity; bytes: Buffer } | 'LINK_INVALID' | 'NOT_FOUND'> {
  if (!runtime.attachments.downloadLinks.isValid(request.attachmentId, request.expires, request.signature, runtime.now())) return 'LINK_INVALID';
  const em = orm.em.fork();
  const attachment = await em.findOne(AttachmentEntity, { id: request.attachmentId, status: 'STORED' });
  if (!attachment) return 'NOT_FOUND';
  const bytes = await runtime.attachments.store.get(em, attachment.id);
  return bytes ? { attachment, bytes } : 'NOT_FOUND';
}

import { type EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { badInput, conflict, forbidden, LoaderRegistry, type LocalizedText, localize, notFound, requireRole, resolveLanguage } from '@portal/kit';
import { randomUUID } from 'node:crypto';
import { AttachmentEntity } from '../attachment/attachment.entity';
import type { AttachedFile } from '../form/form-validation.rules';
import type { ApplicationsContext } from '../context';
import { currentServiceVersion } from '../projection/projection.service';
import { ApplicationEntity, type ApplicationRecord, newDraftRecord, snapshotOf } from './application.entity';
import { copyableData } from './draft-copy.rules';

const NOT_YOURS: LocalizedText = { ky: 'Өзүңүздүн арызыңызды гана көчүрө аласыз.', ru: 'Скопировать можно только своё заявление.' };
const STILL_A_DRAFT: LocalizedText = {
  ky: 'Бул арыз али долбоор: аны көчүрбөй эле толуктап бериңиз.',
  ru: 'Это заявление ещё черновик: дополните и подайте его без копирования.',
};
const NO_SERVICE: LocalizedText = {
  ky: 'Бул кызмат азыр порталда жарыяланган эмес, андыктан ага жаңы арыз баштоого болбойт.',
  ru: 'Эта услуга сейчас не опубликована на портале, новое заявление на неё начать нельзя.',
};

export interface DraftCopy {
  draft: ApplicationRecord;
  /** Fields of the copied application left out because the current form no longer has or accepts them. */
  droppedFields: string[];
}

/**
 * copyApplicationToDraft: the applicant's own submitted application, copied into a new
 * draft of the service's current published version: the form data field by field (what no longer
 * fits is dropped) and the uploads behind its FILE values (new attachment rows sharing nothing
 * with the original, so the copy's files are its own); never the signature, payment, documents or
 * history. One transaction; a retry with the same idempotencyKey answers the draft already made.
 */
export async function copyApplicationToDraft(ctx: ApplicationsContext, applicationId: string, idempotencyKey: string | null): Promise<DraftCopy> {
  const caller = requireRole(ctx, 'CITIZEN');
  const language = resolveLanguage(ctx.caller);
  if (idempotencyKey !== null && (idempotencyKey.trim().length === 0 || idempotencyKey.length > 100)) {
    throw badInput(language === 'RU' ? 'idempotencyKey: от 1 до 100 символов, например UUID, созданный клиентом.' : 'idempotencyKey: 1ден 100 белгиге чейин, мисалы кардар түзгөн UUID.');
  }
  const em = ctx.em.fork();
  const source = await em.findOne(ApplicationEntity, { id: applicationId });
  // someone else's application and one that does not exist answer alike
  if (!source || source.applicantId !== caller.userId) throw forbidden(localize(NOT_YOURS, language));
  if (source.status === 'DRAFT') throw conflict(localize(STILL_A_DRAFT, language));
  if (idempotencyKey !== null) {
    const earlier = await em.findOne(ApplicationEntity, { applicantId: caller.userId, draftKey: idempotencyKey });
    if (earlier) return { draft: snapshotOf(earlier), droppedFields: copyableDropped(earlier, source) };
  }
  const service = await currentServiceVersion(em, source.serviceId);
  if (!service) throw notFound(localize(NO_SERVICE, language));
  const now = ctx.runtime.now();
  const { kept, dropped } = copyableData(service.form, source.data, now);
  // a FILE value is kept only with its upload, which the copy gets as its own
  const fileFields = new Set(service.form.steps.flatMap((step) => step.fields.filter((field) => field.type === 'FILE').map((field) => field.name)));
  const uploads: Array<{ original: AttachmentEntity; bytes: Buffer }> = [];
  for (const field of Object.keys(kept)) {
    if (!fileFields.has(field)) continue;
    const upload = await storedUploadOf(ctx, em, source.id, field, kept[field] as AttachedFile);
    if (upload) uploads.push(upload);
    else {
      delete kept[field];
      dropped.push(field);
      dropped.sort();
    }
  }

  const draft = newDraftRecord({
    applicantId: caller.userId,
    service,
    data: kept,
    currentStep: null,
    prefillSource: null,
    // the applicant's choice of result goes with the copy where the current version still offers it
    resultFormat: source.resultFormat === 'INFORMATION_SYSTEM_RECORD' && !service.resultAsRecordAllowed ? 'DOCUMENT' : source.resultFormat,
    at: now,
  });
  try {
    await em.transactional(async (tx) => {
      tx.create(ApplicationEntity, { ...draft, draftKey: idempotencyKey });
      await tx.flush();
      for (const upload of uploads) await copyUpload(ctx, tx, upload, draft.id, now);
    });
  } catch (error) {
    // the same key raced in from a concurrent retry: that call's draft is the one
    if (error instanceof UniqueConstraintViolationException && idempotencyKey !== null) return copyApplicationToDraft(ctx, applicationId, idempotencyKey);
    throw error;
  }
  ctx.loaders = new LoaderRegistry();
  ctx.em.clear();
  return { draft, droppedFields: dropped };
}

/** What a draft made earlier by the same copy left out (for a retried call's answer). */
function copyableDropped(draft: ApplicationRecord, source: ApplicationRecord): string[] {
  return Object.keys(source.data)
    .filter((name) => source.data[name] !== null && source.data[name] !== undefined && !(name in draft.data))
    .sort();
}

/** The stored upload behind a FILE value of the copied application, with its bytes; null when there is none. */
async function storedUploadOf(ctx: ApplicationsContext, em: EntityManager, applicationId: string, field: string, value: AttachedFile): Promise<{ original: AttachmentEntity; bytes: Buffer } | null> {
  if (typeof value?.sha256 !== 'string') return null;
  const original = await em.findOne(AttachmentEntity, { applicationId, field, sha256: value.sha256.toLowerCase(), size: value.size, name: value.name, status: 'STORED' });
  if (!original) return null;
  const bytes = await ctx.runtime.attachments.store.get(em, original.id);
  return bytes ? { original, bytes } : null;
}

/** A new attachment row (and bytes) for the copy, so its FILE value names an upload of the new draft. */
async function copyUpload(ctx: ApplicationsContext, tx: EntityManager, upload: { original: AttachmentEntity; bytes: Buffer }, toApplicationId: string, now: Date): Promise<void> {
  const { original, bytes } = upload;
  const copy = tx.create(AttachmentEntity, {
    id: randomUUID(),
    applicationId: toApplicationId,
    field: original.field,
    name: original.name,
    mimeType: original.mimeType,
    size: original.size,
    sha256: original.sha256,
    status: 'STORED',
    uploadedBy: original.uploadedBy,
    createdAt: now,
    storedAt: now,
  });
  await tx.flush();
  await ctx.runtime.attachments.store.put(tx, copy.id, bytes);
}

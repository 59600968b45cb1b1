import { type EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import {
  AppError,
  badInput,
  type BusEvent,
  type CertifiedPublicJwk,
  checkQualifiedCertificate,
  conflict,
  domainEvent,
  forbidden,
  isUuid,
  LoaderRegistry,
  localize,
  notFound,
  payloadOf,
  qualifiedProblemError,
  recordEvents,
  requireRole,
  requireUser,
  resolveLanguage,
  type SignedInCaller,
  log as kitLog,
} from '@portal/kit';
import { refuseUnknownAttachments } from '../attachment/attachment.service';
import type { ApplicationsContext, ApplicationsRuntime } from '../context';
import { dataShapeErrors, type FieldError, validateApplicationData } from '../form/form-validation.rules';
import { type ResultFormatCode, resultDocumentErrors, resultFormatProblem } from '../result/result.rules';
import { ResultDocumentEntity } from '../document/result-document.entity';
import { newVerificationCode } from '../document/verification-code.rules';
import { isPaidService, type ServiceVersionEntity, type SigningKeyEntity } from '../projection/projection.entity';
import { applicantProfile, currentServiceVersion, serviceVersionOf, signingKey } from '../projection/projection.service';
import {
  canonicalJson,
  certificatePolicy,
  sha256Hex,
  type SignedFor,
  signingKeyProblem,
  submissionSigningPayload,
  verifyCompactJws,
  x5cProblem,
} from '../signature/signature.rules';
import {
  type ApplicationAccessFacts,
  checkedText,
  MAX_RATING_COMMENT_LENGTH,
  MAX_REASON_LENGTH,
  scoreProblem,
  whyCannotAssign,
  whyCannotSeeContent,
  whyCannotWaiveDocuments,
  whyCannotView,
  whyNotAnExecutor,
  whyNotAssignableNow,
  whyNotRateableNow,
  whyNotTheApplicant,
} from './application-access.rules';
import { type DueAtIfPaidBy, dueAtIfPaidByEndOfDay, type PaymentRequest, paymentPurpose, statusChangedPayload } from './application-events.rules';
import {
  type ApplicationAction,
  type ApplicationFacts,
  checkTransitionAllowed,
  planTransition,
  type TransitionActor,
  transitionActorFor,
  type TransitionCheck,
  type TransitionPlan,
} from './application-transitions.rules';
import { ApplicationEntity, type ApplicationRecord, newDraftRecord, snapshotOf, StatusChangeEntity } from './application.entity';
import type { DecideInput, SaveDraftInput, SubmitApplicationInput } from './application.inputs';
import { currentStepProblem, type DraftData, draftDataProblem, mergeDraftData, prefillDraftData, type PrefillProfile, prefillProfileOf, type PrefillSourceCode } from './draft.rules';
import { assertIntakeNotWaiting, fetchApplicationDocumentsNow, recordRegistryDocuments, waiveDocument } from '../registry/registry-document.service';
import { applicationNumber, documentNumber } from './numbering.rules';
import { createDeliveryIfServedByEdms } from '../edms/delivery.service';
import { isApplicationOverdue } from '../queue/queue.rules';

/**
 * Applications: drafts, and every status change through the transition table, each in ONE
 * transaction with its history row, the optimistic lock and the ApplicationStatusChanged outbox
 * event. Writes run on a fork of the request's EntityManager, so reads after them start clean.
 */

export const CHANGED_BY_SOMEONE_ELSE = 'The application was changed by someone else; reload it and try again.';

const applicationNotFound = (id: string) =>
  notFound(`No application with id ${id}. Check the id; your own applications are listed in me { applications }.`);

export type PlannedTransition = Extract<TransitionPlan, { ok: true }>;

function refuse(check: TransitionCheck | TransitionPlan): asserts check is { ok: true } | PlannedTransition {
  if (!check.ok) throw new AppError(check.code, check.message);
}

export async function findApplication(em: EntityManager, id: string): Promise<ApplicationEntity | null> {
  return isUuid(id) ? em.findOne(ApplicationEntity, { id: id.toLowerCase() }) : null;
}

export async function requireApplication(em: EntityManager, id: string): Promise<ApplicationEntity> {
  const application = await findApplication(em, id);
  if (!application) throw applicationNotFound(id);
  return application;
}

export function factsOf(application: ApplicationRecord, service: ServiceVersionEntity): ApplicationFacts {
  return {
    applicantId: application.applicantId,
    providerId: application.providerId,
    paid: isPaidService(service),
    feeConfirmed: application.paymentConfirmedAt !== null,
    appealBodyId: application.appealBodyId ?? null,
  };
}

function actorOf(action: ApplicationAction, caller: SignedInCaller): TransitionActor {
  const actor = transitionActorFor(action, caller);
  if (!actor) throw forbidden('Your account has no role yet, so it can take no action on applications.');
  return actor;
}

/** Reads after a change must not see what the request cached before it. */
export function forgetReads(ctx: ApplicationsContext): void {
  ctx.loaders = new LoaderRegistry();
  ctx.em.clear();
}

async function nextSequenceValue(tx: EntityManager, sequence: 'application_number_seq' | 'document_number_seq'): Promise<number> {
  const [row] = await tx.execute<Array<{ value: string }>>(`select nextval('applications.${sequence}') as value`);
  return Number(row.value);
}

export interface TransitionWrite {
  plan: PlannedTransition;
  actor: TransitionActor;
  at: Date;
  reason: string | null;
  /** Column changes beside status, version and updatedAt (may draw sequence numbers). */
  changes?: (tx: EntityManager) => Promise<Partial<ApplicationRecord>>;
  /** Rows written with the change, after the application row is locked by the update. */
  afterUpdate?: (tx: EntityManager, after: ApplicationRecord) => Promise<void>;
  payment?: PaymentRequest | null;
  /** AWAITING_PAYMENT: the completion date the acceptance notice promises if the fee is confirmed in time (R-35.1, R-40). */
  dueAtIfPaidBy?: DueAtIfPaidBy | null;
}

/**
 * Applies a planned transition inside the transaction `tx`: the optimistic-lock update (0 rows:
 * someone changed the application since it was read), the history row, the rows of `afterUpdate`
 * and the outbox event carrying the new version. Any failure rolls all of it back.
 */
export async function writeTransition(tx: EntityManager, application: ApplicationRecord, service: ServiceVersionEntity, write: TransitionWrite): Promise<ApplicationRecord> {
  const changes = write.changes ? await write.changes(tx) : {};
  const next: Partial<ApplicationRecord> = { ...changes, status: write.plan.to, version: application.version + 1, updatedAt: write.at };
  const updated = await tx.nativeUpdate(ApplicationEntity, { id: application.id, version: application.version }, next);
  if (updated === 0) throw conflict(CHANGED_BY_SOMEONE_ELSE);
  const after: ApplicationRecord = { ...application, ...next };
  tx.create(StatusChangeEntity, {
    applicationId: application.id,
    applicationVersion: after.version,
    fromStatus: write.plan.from,
    toStatus: write.plan.to,
    at: write.at,
    actorId: write.actor.role === 'SYSTEM' ? null : (write.actor.userId ?? null),
    actorRole: write.actor.role,
    reason: write.reason,
  });
  if (write.afterUpdate) await write.afterUpdate(tx, after);
  const payload = statusChangedPayload({
    application: after,
    service,
    from: write.plan.from,
    to: write.plan.to,
    at: write.at,
    reason: write.reason,
    payment: write.payment ?? null,
    dueAtIfPaidBy: write.dueAtIfPaidBy ?? null,
  });
  await recordEvents(tx, [domainEvent('ApplicationStatusChanged', { type: 'Application', id: application.id, version: after.version }, payload)]);
  await tx.flush();
  return after;
}

async function commitTransition(ctx: ApplicationsContext, em: EntityManager, application: ApplicationEntity, service: ServiceVersionEntity, write: TransitionWrite): Promise<ApplicationRecord> {
  const snapshot = snapshotOf(application);
  const after = await em.transactional((tx) => writeTransition(tx, snapshot, service, write));
  forgetReads(ctx);
  return after;
}

// ------------------------------------------------------------------ reading

/**
 * The application if the caller may read it; null when there is none (an id that is not a UUID
 * names none); FORBIDDEN when it exists but is not theirs to see.
 */
export function assertViewable(ctx: ApplicationsContext, application: ApplicationRecord): void {
  const caller = requireUser(ctx);
  const problem = whyCannotView(caller, application);
  if (problem) throw forbidden(problem);
}

/** Throws FORBIDDEN unless the caller may see what the application holds, beyond its metadata. */
export function assertContentVisible(ctx: ApplicationsContext, application: ApplicationRecord): void {
  const problem = whyCannotSeeContent(requireUser(ctx), application);
  if (problem) throw forbidden(problem);
}

/** Whether the caller may see what the application holds (for fields that are null rather than refused). */
export function contentVisible(ctx: ApplicationsContext, application: ApplicationAccessFacts): boolean {
  return whyCannotSeeContent(requireUser(ctx), application) === null;
}

// ------------------------------------------------------------------ drafts

export async function saveDraft(ctx: ApplicationsContext, input: SaveDraftInput): Promise<ApplicationRecord> {
  const caller = requireRole(ctx, 'CITIZEN');
  const em = ctx.em.fork();
  const now = ctx.runtime.now();
  const dataProblem = draftDataProblem(input.data);
  if (dataProblem) throw badInput(dataProblem);
  const sent = input.data as DraftData;

  const idempotencyKey = input.idempotencyKey ?? null;
  if (idempotencyKey !== null && (idempotencyKey.trim().length === 0 || idempotencyKey.length > 100)) {
    throw badInput('idempotencyKey must be 1 to 100 characters, e.g. a UUID the client generated for this draft.');
  }
  if ((input.applicationId === null || input.applicationId === undefined) && idempotencyKey !== null) {
    // a retried create answers with the draft the first call made, as it is now
    const earlier = await em.findOne(ApplicationEntity, { applicantId: caller.userId, draftKey: idempotencyKey });
    if (earlier) return snapshotOf(earlier);
  }

  if (input.applicationId === null || input.applicationId === undefined) {
    const service = await currentServiceVersion(em, input.serviceId);
    if (!service) throw notFound(`No published service with id ${input.serviceId}. Pick a service from the catalogue (Query.services).`);
    const stepProblem = currentStepProblem(service.form, input.currentStep);
    if (stepProblem) throw badInput(stepProblem);
    refuseDataOutsideTheForm(ctx, service, sent);
    refuseUnavailableResultFormat(ctx, service, input.resultFormat);
    await refuseUnknownAttachments(ctx, em, service.form, null, sent);
    const prefill = await prefillOf(ctx, em, service, caller.userId);
    const record = newDraftRecord({
      applicantId: caller.userId,
      service,
      data: prefillDraftData(service.form, mergeDraftData({}, sent), prefill?.profile ?? null),
      currentStep: input.currentStep ?? null,
      prefillSource: prefill?.source ?? null,
      resultFormat: input.resultFormat ?? 'DOCUMENT',
      at: now,
    });
    // a draft has no history yet: history and events begin with submission (DRAFT -> SUBMITTED)
    em.create(ApplicationEntity, { ...record, draftKey: idempotencyKey });
    try {
      await em.flush();
    } catch (error) {
      // the same key raced in from a concurrent retry: that call's draft is the one
      if (error instanceof UniqueConstraintViolationException && idempotencyKey !== null) return saveDraft(ctx, input);
      throw error;
    }
    forgetReads(ctx);
    return record;
  }

  const application = await requireApplication(em, input.applicationId);
  if (application.applicantId !== caller.userId) throw forbidden('Only the applicant may change this draft.');
  if (application.status !== 'DRAFT') {
    throw conflict(`Only a draft can be changed; this application is ${application.status}. Start a new draft to apply again.`);
  }
  if (!isUuid(input.serviceId) || input.serviceId.toLowerCase() !== application.serviceId) {
    throw badInput(`This draft is for service ${application.serviceId}, not ${input.serviceId}; send the draft's own serviceId, or omit applicationId to start a new draft.`);
  }
  const service = await serviceVersionOf(em, application.serviceId, application.serviceVersion);
  const stepProblem = currentStepProblem(service.form, input.currentStep);
  if (stepProblem) throw badInput(stepProblem);
  refuseDataOutsideTheForm(ctx, service, sent);
  refuseUnavailableResultFormat(ctx, service, input.resultFormat);
  await refuseUnknownAttachments(ctx, em, service.form, application.id, sent);
  const changes: Partial<ApplicationRecord> = {
    data: mergeDraftData(application.data, sent),
    currentStep: input.currentStep === undefined ? application.currentStep : input.currentStep,
    resultFormat: input.resultFormat ?? application.resultFormat,
    version: application.version + 1,
    updatedAt: now,
  };
  const dataProblemAfterMerge = draftDataProblem(changes.data);
  if (dataProblemAfterMerge) throw badInput(dataProblemAfterMerge);
  const updated = await em.nativeUpdate(ApplicationEntity, { id: application.id, version: application.version, status: 'DRAFT' }, changes);
  if (updated === 0) throw conflict(CHANGED_BY_SOMEONE_ELSE);
  forgetReads(ctx);
  return { ...snapshotOf(application), ...changes };
}

/**
 * What a new draft is prefilled with (R-27.4): for a citizen whose form has prefilled fields, the
 * population register's record (through the registry client, cached briefly), over the profile's
 * data; the profile alone when the register does not answer. Null without a profile or prefill.
 */
async function prefillOf(ctx: ApplicationsContext, em: EntityManager, service: ServiceVersionEntity, userId: string): Promise<{ profile: PrefillProfile; source: PrefillSourceCode } | null> {
  if (!service.form.steps.some((step) => step.fields.some((field) => field.prefillFrom))) return null;
  const profile = await applicantProfile(em, userId);
  if (!profile) return null;
  const person = profile.kind === 'INDIVIDUAL' ? await ctx.runtime.prefill.personFor(em, { userId, pin: profile.pin }) : null;
  return prefillProfileOf(profile, person);
}

/** How many of the refused keys the error message itself names; extensions.fields lists them all. */
const KEYS_NAMED_IN_MESSAGE = 3;

/** A draft keeps only the form's fields (R-26): keys the form does not have are refused, at any depth, in the caller's language. */
function refuseDataOutsideTheForm(ctx: ApplicationsContext, service: ServiceVersionEntity, sent: DraftData): void {
  const errors = dataShapeErrors(service.form, sent);
  if (errors.length === 0) return;
  const language = resolveLanguage(ctx.caller);
  const named = errors.slice(0, KEYS_NAMED_IN_MESSAGE).map((error) => localize(error.message, language));
  if (errors.length > KEYS_NAMED_IN_MESSAGE) named.push(language === 'RU' ? `И ещё ${errors.length - KEYS_NAMED_IN_MESSAGE} (см. extensions.fields).` : `Дагы ${errors.length - KEYS_NAMED_IN_MESSAGE} (extensions.fields караңыз).`);
  throw badInput(named.join(' '), { fields: fieldErrorsExtension(errors, language) });
}

/** R-33.2: the result as an information-system record only where the service allows it; in the caller's language. */
function refuseUnavailableResultFormat(ctx: ApplicationsContext, service: ServiceVersionEntity, format: ResultFormatCode | null | undefined): void {
  const problem = format ? resultFormatProblem(format, service) : null;
  if (problem) throw badInput(localize(problem, resolveLanguage(ctx.caller)), { field: 'resultFormat' });
}

/** validateApplicationData: the full check against the current published version of the service. */
export async function validateForService(ctx: ApplicationsContext, serviceId: string, data: unknown): Promise<FieldError[]> {
  const service = await currentServiceVersion(ctx.em, serviceId);
  if (!service) throw notFound(`No published service with id ${serviceId}. Pick a service from the catalogue (Query.services).`);
  return validateApplicationData(service.form, data, { today: ctx.runtime.now() });
}

// ------------------------------------------------------------------ the applicant's transitions

/**
 * Checks the registered key and the JWS over `payload`, and where a qualified signature is required
 * the key's certificate at the time of signing (valid, not revoked, the signer's PIN, for a result
 * the provider's officer); throws the contract's error otherwise.
 */
export async function verifySignature(
  ctx: ApplicationsContext,
  em: EntityManager,
  input: { signature: string; signingKeyId: string },
  signer: SignedInCaller,
  signedFor: SignedFor,
  payload: string,
  payloadHelp: string,
): Promise<SigningKeyEntity> {
  const language = resolveLanguage(ctx.caller);
  const key = await signingKey(em, input.signingKeyId);
  const keyProblem = signingKeyProblem(input.signingKeyId, key, signer.userId, signedFor.kind === 'APPLICATION' ? signedFor.requiredLevel : 'SIMPLE');
  if (keyProblem) throw new AppError(keyProblem.code, keyProblem.message);
  const registered = key!;
  const policy = certificatePolicy(signedFor, registered.level);
  if (policy.kind === 'REFUSE_SIMPLE_KEY') {
    const refusal = qualifiedProblemError({ kind: 'NOT_QUALIFIED', keyId: registered.id }, language);
    throw new AppError(refusal.code, refusal.message, { problem: 'NOT_QUALIFIED' });
  }
  const check = await verifyCompactJws(input.signature, registered.publicKeyJwk, registered.id, payload, 'what was expected');
  if (!check.ok) throw badInput(check.problem === 'PAYLOAD_MISMATCH' ? payloadHelp : check.message);
  if (policy.kind === 'NO_CERTIFICATE_CHECK') return registered;

  const x5c = x5cProblem(input.signature, registered.certificateChainPem?.[0] ?? null, registered.id);
  if (x5c) throw badInput(x5c);
  const profile = await applicantProfile(em, signer.userId);
  if (!profile) {
    throw conflict(
      localize(
        {
          ru: 'Ваш профиль ещё не поступил в сервис заявлений, поэтому сертификат нельзя сверить с вашим ПИН; повторите попытку через минуту.',
          ky: 'Профилиңиз арыздар кызматына али келе элек, ошондуктан сертификатты ПИНиңиз менен салыштырууга болбойт; бир мүнөттөн кийин кайра аракет кылыңыз.',
        },
        language,
      ),
    );
  }
  const certificate = await checkQualifiedCertificate({
    keyId: registered.id,
    chainPem: registered.certificateChainPem,
    trustedRootsPem: ctx.runtime.qualified.trustedRootsPem,
    jwk: registered.publicKeyJwk as unknown as CertifiedPublicJwk,
    at: ctx.runtime.now(),
    signer: { identifier: profile.pin, providerCode: policy.providerCode },
    revocation: ctx.runtime.qualified.revocation,
  });
  if (!certificate.ok) {
    const refusal = qualifiedProblemError(certificate.problem, language);
    throw new AppError(refusal.code, refusal.message, { problem: certificate.problem.kind });
  }
  return registered;
}

export function fieldErrorsExtension(errors: FieldError[], language: 'KY' | 'RU') {
  return errors.map((error) => ({ field: error.field, code: error.code, message: localize(error.message, language), messages: error.message }));
}

export async function submitApplication(ctx: ApplicationsContext, input: SubmitApplicationInput): Promise<ApplicationRecord> {
  const caller = requireUser(ctx);
  const em = ctx.em.fork();
  const application = await requireApplication(em, input.applicationId);
  const service = await serviceVersionOf(em, application.serviceId, application.serviceVersion);
  const actor = actorOf('submit', caller);
  const facts = factsOf(application, service);
  refuse(checkTransitionAllowed('submit', { status: application.status, actor, application: facts }));

  const now = ctx.runtime.now();
  const errors = validateApplicationData(service.form, application.data, { today: now });
  if (errors.length > 0) {
    throw badInput(
      `The application data has ${errors.length} error(s); correct the fields listed in extensions.fields (${errors.map((error) => error.field || 'data').join(', ')}) and submit again.`,
      { fields: fieldErrorsExtension(errors, resolveLanguage(ctx.caller)) },
    );
  }
  await refuseUnknownAttachments(ctx, em, service.form, application.id, application.data);
  const key = await verifySignature(
    ctx,
    em,
    input,
    caller,
    { kind: 'APPLICATION', requiredLevel: service.signatureLevel },
    submissionSigningPayload(application.id, application.serviceId, application.data),
    'The signature covers other data than this application as stored. Sign the UTF-8 RFC 8785 canonical JSON of {"applicationId","serviceId","data"} with data exactly as saved (read it back from the application), then submit again.',
  );
  const plan = planTransition('submit', { status: application.status, actor, application: facts, dataValid: true, signatureVerified: true });
  refuse(plan);
  let registryDocuments = 0;
  const submitted = await commitTransition(ctx, em, application, service, {
    plan,
    actor,
    at: now,
    reason: null,
    changes: async (tx) => ({
      number: applicationNumber(now, await nextSequenceValue(tx, 'application_number_seq')),
      submittedAt: now,
      intakeDueAt: ctx.runtime.calendar.intakeDueAt(now),
      signature: input.signature.trim(),
      signingKeyId: key.id,
    }),
    // once-only documents: their fetch jobs are created with the submission, or not at all;
    // a provider served through its EDMS gets the application delivered (same transaction: never lost, never twice)
    afterUpdate: async (tx, after) => {
      registryDocuments = await recordRegistryDocuments(tx, after, service, ctx.runtime.registry);
      await createDeliveryIfServedByEdms(tx, after, now);
    },
  });
  if (registryDocuments > 0) await fetchRightAway(ctx, submitted.id);
  return submitted;
}

/** How long a submission waits for the first fetch of its registry documents (a slow registry is not waited for longer). */
const FIRST_FETCH_WAIT_MS = 3_000;

/**
 * The first fetch of a just-submitted application's registry documents, so that usually the
 * submission already answers with them; an attempt still running after FIRST_FETCH_WAIT_MS goes on
 * under its lease and records its outcome, and whatever is not fetched (a registry down) the
 * background job retries. Never fails the submission: it is committed.
 */
async function fetchRightAway(ctx: ApplicationsContext, applicationId: string): Promise<void> {
  const first = fetchApplicationDocumentsNow(ctx.em, ctx.runtime.registry, applicationId, FIRST_FETCH_WAIT_MS).catch((error: unknown) => {
    kitLog.warn({ subgraph: 'applications', applicationId, reason: String(error) }, 'first registry fetch after submission failed; the fetch job retries');
  });
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([first, new Promise<void>((resolve) => (timer = setTimeout(resolve, FIRST_FETCH_WAIT_MS)))]);
  clearTimeout(timer);
  forgetReads(ctx);
}

export async function withdrawApplication(ctx: ApplicationsContext, applicationId: string): Promise<ApplicationRecord> {
  const caller = requireUser(ctx);
  const em = ctx.em.fork();
  const application = await requireApplication(em, applicationId);
  const service = await serviceVersionOf(em, application.serviceId, application.serviceVersion);
  const actor = actorOf('withdraw', caller);
  const plan = planTransition('withdraw', { status: application.status, actor, application: factsOf(application, service) });
  refuse(plan);
  return commitTransition(ctx, em, application, service, { plan, actor, at: ctx.runtime.now(), reason: null });
}

// ------------------------------------------------------------------ the provider's transitions

export async function acceptApplication(ctx: ApplicationsContext, applicationId: string): Promise<ApplicationRecord> {
  const caller = requireUser(ctx);
  const em = ctx.em.fork();
  const application = await requireApplication(em, applicationId);
  const service = await serviceVersionOf(em, application.serviceId, application.serviceVersion);
  const actor = actorOf('accept', caller);
  const plan = planTransition('accept', { status: application.status, actor, application: factsOf(application, service) });
  refuse(plan);
  // registration waits for the once-only documents, unless the officer explicitly waived them
  await assertIntakeNotWaiting(ctx, em, application.id);

  return commitTransition(ctx, em, application, service, await acceptanceWrite(em, ctx.runtime, application, service, plan, actor, null));
}

/** What registering an application at intake writes: the payment asked for (R-40), or the decision deadline. */
async function acceptanceWrite(
  em: EntityManager,
  runtime: ApplicationsRuntime,
  application: ApplicationRecord,
  service: ServiceVersionEntity,
  plan: PlannedTransition,
  actor: TransitionActor,
  reason: string | null,
): Promise<TransitionWrite> {
  const now = runtime.now();
  let payment: PaymentRequest | null = null;
  if (plan.to === 'AWAITING_PAYMENT') {
    const profile = await applicantProfile(em, application.applicantId);
    if (!profile) {
      throw conflict("The applicant's profile has not reached the applications service yet, so the payer cannot be named; try again in a minute.");
    }
    payment = {
      amountMinor: service.feeMinor!,
      payerPin: profile.pin,
      budgetCode: service.budgetCode,
      purpose: paymentPurpose(service.title, application.number!),
    };
  }
  // item 21: the decision is due counted from the day of receipt; while the fee is unpaid the count
  // stands still (R-40), so a paid service gets its deadline on confirmation and, meanwhile, the date
  // it will have if the fee is confirmed by the end of today
  const calendar = runtime.calendar;
  const dueAt = plan.to === 'IN_REVIEW' ? calendar.decisionDueAt(application.submittedAt!, service.deadlineWorkingDays) : null;
  const dueAtIfPaidBy = plan.to === 'AWAITING_PAYMENT' ? dueAtIfPaidByEndOfDay(calendar, application.submittedAt!, now, service.deadlineWorkingDays) : null;
  return { plan, actor, at: now, reason, payment, dueAtIfPaidBy, changes: async () => ({ registeredAt: now, dueAt }) };
}

/**
 * The provider's officer registers the application without a registry document still pending or
 * failed: the document is WAIVED with who, when and why (shown on it), and intake may proceed.
 */
export async function waiveRegistryDocument(ctx: ApplicationsContext, input: { applicationId: string; code: string; reason: string }): Promise<ApplicationRecord> {
  const caller = requireUser(ctx);
  const em = ctx.em.fork();
  const application = await requireApplication(em, input.applicationId);
  const notOfficer = whyCannotWaiveDocuments(caller, application);
  if (notOfficer) throw forbidden(notOfficer);
  const checked = checkedText(input.reason, 'reason', MAX_REASON_LENGTH, true);
  if ('problem' in checked) throw badInput(checked.problem);
  await waiveDocument(em, { application, code: input.code, officerId: caller.userId, at: ctx.runtime.now(), reason: checked.text! });
  forgetReads(ctx);
  return snapshotOf(application);
}

export async function rejectApplication(ctx: ApplicationsContext, applicationId: string, reason: string): Promise<ApplicationRecord> {
  const caller = requireUser(ctx);
  const em = ctx.em.fork();
  const application = await requireApplication(em, applicationId);
  const service = await serviceVersionOf(em, application.serviceId, application.serviceVersion);
  const actor = actorOf('reject', caller);
  const plan = planTransition('reject', { status: application.status, actor, application: factsOf(application, service), reason });
  refuse(plan);
  const checked = checkedText(reason, 'reason', MAX_REASON_LENGTH, true);
  if ('problem' in checked) throw badInput(checked.problem);
  return commitTransition(ctx, em, application, service, {
    plan,
    actor,
    at: ctx.runtime.now(),
    reason: checked.text,
    changes: async () => ({ refusalReason: checked.text }),
  });
}

export async function decideApplication(ctx: ApplicationsContext, input: DecideInput): Promise<ApplicationRecord> {
  const caller = requireUser(ctx);
  const em = ctx.em.fork();
  const application = await requireApplication(em, input.applicationId);
  const service = await serviceVersionOf(em, application.serviceId, application.serviceVersion);
  const action: ApplicationAction = input.approve ? 'approve' : 'refuse';
  const actor = actorOf(action, caller);
  const facts = factsOf(application, service);
  refuse(checkTransitionAllowed(action, { status: application.status, actor, application: facts }));
  const now = ctx.runtime.now();

  if (!input.approve) {
    const hasDocument = input.resultDocument !== undefined && input.resultDocument !== null;
    if (hasDocument || input.signature || input.signingKeyId) {
      throw badInput('A refusal carries no result document: leave resultDocument, signature and signingKeyId out, or send approve: true to issue the document.');
    }
    const plan = planTransition('refuse', { status: application.status, actor, application: facts, reason: input.reason });
    refuse(plan);
    const checked = checkedText(input.reason, 'reason', MAX_REASON_LENGTH, true);
    if ('problem' in checked) throw badInput(checked.problem);
    return commitTransition(ctx, em, application, service, {
      plan,
      actor,
      at: now,
      reason: checked.text,
      changes: async () => ({ refusalReason: checked.text }),
    });
  }

  const document = input.resultDocument;
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw badInput('To approve, send resultDocument: the result document as a JSON object, signed by you.');
  }
  if (!input.signature || !input.signingKeyId) {
    throw badInput('To approve, send signature (compact JWS, ES256, over the RFC 8785 canonical JSON of resultDocument) and signingKeyId (your registered key).');
  }
  const note = checkedText(input.reason, 'reason', MAX_REASON_LENGTH, false);
  if ('problem' in note) throw badInput(note.problem);
  // R-45: the result in the form the provider defined, checked like an application's fields
  const resultErrors = resultDocumentErrors(service.resultForm, document as Record<string, unknown>, now);
  if (resultErrors.length > 0) {
    const language = resolveLanguage(ctx.caller);
    const listed = resultErrors.map((error) => error.field || 'resultDocument').join(', ');
    throw badInput(
      language === 'RU'
        ? `Документ результата не соответствует форме результата услуги (${listed}): исправьте поля, перечисленные в extensions.fields, подпишите и отправьте снова.`
        : `Жыйынтык документи кызматтын жыйынтык формасына дал келбейт (${listed}): extensions.fields тизмесиндеги талааларды оңдоп, кайра кол коюп жөнөтүңүз.`,
      { fields: fieldErrorsExtension(resultErrors, language) },
    );
  }
  const canonical = canonicalJson(document);
  const key = await verifySignature(
    ctx,
    em,
    { signature: input.signature, signingKeyId: input.signingKeyId },
    caller,
    { kind: 'RESULT_DOCUMENT', providerCode: service.providerCode },
    canonical,
    'The signature covers other data than resultDocument. Sign the UTF-8 RFC 8785 canonical JSON of resultDocument exactly as you send it.',
  );
  const plan = planTransition('approve', { status: application.status, actor, application: facts, resultSigned: true });
  refuse(plan);
  return commitTransition(ctx, em, application, service, {
    plan,
    actor,
    at: now,
    reason: note.text,
    changes: async (tx) => ({ resultDocumentNumber: documentNumber(now, await nextSequenceValue(tx, 'document_number_seq')) }),
    afterUpdate: async (tx, after) => {
      tx.create(ResultDocumentEntity, {
        number: after.resultDocumentNumber!,
        applicationId: after.id,
        document: document as Record<string, unknown>,
        sha256: sha256Hex(canonical),
        signature: input.signature!.trim(),
        signedBy: caller.userId,
        signingKeyId: key.id,
        issuedAt: now,
        verificationCode: newVerificationCode(),
      });
    },
  });
}

export async function assignApplication(ctx: ApplicationsContext, applicationId: string, executorId: string): Promise<ApplicationRecord> {
  const caller = requireUser(ctx);
  const em = ctx.em.fork();
  const application = await requireApplication(em, applicationId);
  const notAllowed = whyCannotAssign(caller, application);
  if (notAllowed) throw forbidden(notAllowed);
  const notNow = whyNotAssignableNow(application.status);
  if (notNow) throw conflict(notNow);
  const executor = await applicantProfile(em, executorId);
  const notExecutor = whyNotAnExecutor(executorId, executor, application.providerId);
  if (notExecutor) throw badInput(notExecutor);
  const changes: Partial<ApplicationRecord> = { executorId: executor!.userId, version: application.version + 1, updatedAt: ctx.runtime.now() };
  const updated = await em.nativeUpdate(ApplicationEntity, { id: application.id, version: application.version }, changes);
  if (updated === 0) throw conflict(CHANGED_BY_SOMEONE_ELSE);
  forgetReads(ctx);
  return { ...snapshotOf(application), ...changes };
}

// ------------------------------------------------------------------ the provider's system (EDMS)

/** A result document the provider's EDMS issued, its signature verified (edms/result-signature.ts). */
export interface SystemIssuedResult {
  document: Record<string, unknown>;
  signature: string;
  signedBy: string;
  signingKeyId: string;
}

export type ProviderSystemAction =
  | { action: 'accept'; reason: string | null }
  | { action: 'reject' | 'refuse'; reason: string }
  | { action: 'approve'; reason: string | null; result: SystemIssuedResult };

/**
 * The provider acting through its EDMS, inside the caller's transaction `tx`: the same transition
 * table (actor: the provider, no person), the same writes and the same ApplicationStatusChanged
 * event as an officer's accept, reject or decision, so the applicant sees it live and gets every
 * notice. A transition the table refuses is returned, not thrown, and writes nothing.
 */
export async function applyProviderSystemAction(
  tx: EntityManager,
  runtime: ApplicationsRuntime,
  applicationId: string,
  providerId: string,
  request: ProviderSystemAction,
): Promise<{ ok: true; application: ApplicationRecord } | { ok: false; code: string; message: string }> {
  const application = await findApplication(tx, applicationId);
  if (!application) return { ok: false, code: 'NOT_FOUND', message: `No application with id ${applicationId}.` };
  const service = await serviceVersionOf(tx, application.serviceId, application.serviceVersion);
  const actor: TransitionActor = { role: 'PROVIDER_OFFICER', userId: null, providerId };
  const facts = factsOf(application, service);
  const reasonText = checkedText(request.reason, 'reason', MAX_REASON_LENGTH, request.action === 'reject' || request.action === 'refuse');
  if ('problem' in reasonText) return { ok: false, code: 'BAD_USER_INPUT', message: reasonText.problem };
  const plan = planTransition(request.action, { status: application.status, actor, application: facts, reason: reasonText.text, resultSigned: request.action === 'approve' });
  if (!plan.ok) return { ok: false, code: plan.code, message: plan.message };
  const snapshot = snapshotOf(application);
  const now = runtime.now();
  let write: TransitionWrite;
  switch (request.action) {
    case 'accept':
      write = await acceptanceWrite(tx, runtime, snapshot, service, plan, actor, reasonText.text);
      break;
    case 'reject':
    case 'refuse':
      write = { plan, actor, at: now, reason: reasonText.text, changes: async () => ({ refusalReason: reasonText.text }) };
      break;
    case 'approve': {
      const { result } = request;
      // R-45 holds for a provider's system as for an officer: the result in the form the provider defined
      const resultErrors = resultDocumentErrors(service.resultForm, result.document, now);
      if (resultErrors.length > 0) {
        return { ok: false, code: 'BAD_USER_INPUT', message: `The result document does not fit the service's result form: ${resultErrors.map((error) => `${error.field || 'document'} (${error.code})`).join(', ')}.` };
      }
      write = {
        plan,
        actor,
        at: now,
        reason: reasonText.text,
        changes: async (inner) => ({ resultDocumentNumber: documentNumber(now, await nextSequenceValue(inner, 'document_number_seq')) }),
        afterUpdate: async (inner, after) => {
          inner.create(ResultDocumentEntity, {
            number: after.resultDocumentNumber!,
            applicationId: after.id,
            document: result.document,
            sha256: sha256Hex(canonicalJson(result.document)),
            signature: result.signature.trim(),
            signedBy: result.signedBy,
            signingKeyId: result.signingKeyId,
            issuedAt: now,
            verificationCode: newVerificationCode(),
          });
        },
      };
      break;
    }
  }
  return { ok: true, application: await writeTransition(tx, snapshot, service, write) };
}

// ------------------------------------------------------------------ the platform's transition

/**
 * PaymentConfirmed (payments) resumes an application waiting for its fee: AWAITING_PAYMENT ->
 * IN_REVIEW by the SYSTEM actor, with the decision deadline counted from the day of receipt and the
 * working days between registration and payment left out (item 21, R-40). Runs in the consumer's transaction (inbox), so it happens once. An application that
 * no longer waits (withdrawn meanwhile) is left alone; a concurrent change throws, and the consumer
 * retries the event.
 */
export async function confirmPayment(em: EntityManager, event: BusEvent, runtime: ApplicationsRuntime): Promise<void> {
  const payment = payloadOf(event, 'PaymentConfirmed');
  const application = await findApplication(em, payment.applicationId);
  const log = (message: string) => kitLog.warn({ subgraph: 'applications', event: event.eventId }, message);
  if (!application) return log(`PaymentConfirmed for unknown application ${payment.applicationId}: ignored`);
  const service = await serviceVersionOf(em, application.serviceId, application.serviceVersion);
  const actor: TransitionActor = { role: 'SYSTEM' };
  const plan = planTransition('confirmPayment', { status: application.status, actor, application: factsOf(application, service) });
  if (!plan.ok) return log(`PaymentConfirmed for application ${application.id} in status ${application.status}: ignored (${plan.message})`);
  const paidAt = new Date(payment.paidAt);
  const now = runtime.now();
  const confirmedAt = Number.isNaN(paidAt.getTime()) ? now : paidAt;
  const suspension = { from: application.registeredAt ?? confirmedAt, until: confirmedAt };
  const dueAt = runtime.calendar.decisionDueAt(application.submittedAt ?? confirmedAt, service.deadlineWorkingDays, [suspension]);
  await writeTransition(em, snapshotOf(application), service, {
    plan,
    actor,
    at: now,
    reason: null,
    changes: async () => ({ paymentConfirmedAt: confirmedAt, dueAt }),
  });
}

// ------------------------------------------------------------------ after the decision

export async function rateApplication(ctx: ApplicationsContext, applicationId: string, score: number, comment: string | null | undefined): Promise<ApplicationRecord> {
  const caller = requireUser(ctx);
  const em = ctx.em.fork();
  const application = await requireApplication(em, applicationId);
  const notApplicant = whyNotTheApplicant(caller, application, 'rate the service of');
  if (notApplicant) throw forbidden(notApplicant);
  const notNow = whyNotRateableNow(application.status, isApplicationOverdue(application.status, application.intakeDueAt, application.dueAt, ctx.runtime.now()));
  if (notNow) throw conflict(notNow);
  const badScore = scoreProblem(score);
  if (badScore) throw badInput(badScore);
  const checked = checkedText(comment, 'comment', MAX_RATING_COMMENT_LENGTH, false);
  if ('problem' in checked) throw badInput(checked.problem);
  // one rating per application (R-36): rating again replaces the score; the event feeds open data (L-12)
  const ratedAt = ctx.runtime.now();
  await em.transactional(async (tx) => {
    await tx.execute(
      `insert into applications.service_rating (application_id, service_id, applicant_id, score, comment, created_at)
       values (?, ?, ?, ?, ?, ?)
       on conflict (application_id) do update set score = excluded.score, comment = excluded.comment, updated_at = excluded.created_at`,
      [application.id, application.serviceId, application.applicantId, score, checked.text, ratedAt],
    );
    const rated = { applicationId: application.id, serviceId: application.serviceId, providerId: application.providerId, score, ratedAt: ratedAt.toISOString() };
    await recordEvents(tx, [domainEvent('ApplicationRated', { type: 'Application', id: application.id, version: application.version }, rated)]);
  });
  forgetReads(ctx);
  return snapshotOf(application);
}

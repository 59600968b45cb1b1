import { randomUUID } from 'node:crypto';
import { type EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import {
  AppError,
  type BusEvent,
  decodeCursor,
  domainEvent,
  encodeCursor,
  isOffsetCursor,
  isUuid,
  type LocalizedText,
  localize,
  notFound,
  pageSize,
  payloadOf,
  recordEvents,
  requireRole,
  requireUser,
  resolveLanguage,
} from '@portal/kit';
import { ApplicationEntity, type ApplicationRecord, snapshotOf } from '../application/application.entity';
import { checkedText } from '../application/application-access.rules';
import { planTransition, type TransitionActor } from '../application/application-transitions.rules';
import { factsOf, forgetReads, requireApplication, verifySignature, writeTransition } from '../application/application.service';
import type { ApplicationsContext, ApplicationsRuntime } from '../context';
import { serviceVersionOf } from '../projection/projection.service';
import { canonicalJson } from '../signature/signature.rules';
import { AppealChangeEntity, AppealEntity, ProviderAppealBodyEntity } from './appeal.entity';
import type { AnswerAppealInput } from './appeal.inputs';
import {
  type AppealStatusCode,
  type AppealSubjectCode,
  answerSigningPayload,
  appealAnswerDueAt,
  MAX_APPEAL_ANSWER_LENGTH,
  MAX_APPEAL_TEXT_LENGTH,
  planAppealTransition,
  type Refusal,
  reopenedStatus,
  whyNotAppealable,
  whyNotOfAppealBody,
} from './appeal.rules';

/**
 * Complaints: filing by the applicant (registered with the provider's appeal body at
 * once when it has one), review and the signed answer by the body's officers, an upheld complaint
 * reopening the application. Every change is ONE transaction with its history row and its
 * AppealChanged outbox event (and, when reopened, the application's transition and its event).
 */

type Language = 'KY' | 'RU';

function refusal(problem: Refusal, language: Language): AppError {
  return new AppError(problem.code, localize(problem.message, language));
}

const text = (message: LocalizedText, language: Language) => localize(message, language);

const appealNotFound = (id: string, language: Language) =>
  notFound(
    text(
      {
        ky: `${id} идентификатору менен даттануу жок. Өзүңүзгө жиберилген даттануулар appealQueue тизмесинде.`,
        ru: `Жалобы с id ${id} нет. Адресованные вам жалобы перечислены в appealQueue.`,
      },
      language,
    ),
  );

/** Officers to tell about a complaint: the application's executor, else every active officer of the provider. */
async function officersToTell(em: EntityManager, providerId: string, executorId: string | null): Promise<string[]> {
  if (executorId) return [executorId];
  return officersOf(em, providerId);
}

async function officersOf(em: EntityManager, providerId: string): Promise<string[]> {
  const rows = await em.execute<Array<{ user_id: string }>>(
    `select user_id from applications.applicant_profile
      where provider_id = ? and 'PROVIDER_OFFICER' = any(roles) and not blocked order by user_id`,
    [providerId],
  );
  return rows.map((row) => row.user_id);
}

interface ChangeWrite {
  appeal: AppealEntity;
  application: ApplicationRecord;
  serviceTitle: LocalizedText;
  from: AppealStatusCode | null;
  at: Date;
  actor: { id: string | null; role: 'CITIZEN' | 'PROVIDER_OFFICER' | 'SYSTEM' };
  tellAppealBody: boolean;
}

/** The history row and the AppealChanged event of the appeal's current state (its version already set). */
async function recordAppealChange(tx: EntityManager, write: ChangeWrite): Promise<void> {
  const { appeal, application } = write;
  tx.create(AppealChangeEntity, {
    appealId: appeal.id,
    appealVersion: appeal.version,
    fromStatus: write.from,
    toStatus: appeal.status,
    at: write.at,
    actorId: write.actor.id,
    actorRole: write.actor.role,
  });
  const appealBody = appeal.appealBodyId && appeal.appealBodyCode && appeal.appealBodyName ? { providerId: appeal.appealBodyId, code: appeal.appealBodyCode, name: appeal.appealBodyName } : null;
  await recordEvents(tx, [
    domainEvent(
      'AppealChanged',
      { type: 'Appeal', id: appeal.id, version: appeal.version },
      {
        appealId: appeal.id,
        version: appeal.version,
        applicationId: application.id,
        applicationNumber: application.number,
        serviceTitle: write.serviceTitle,
        applicantId: application.applicantId,
        providerId: application.providerId,
        subject: appeal.subject,
        from: write.from,
        to: appeal.status,
        at: write.at.toISOString(),
        appealBody,
        dueAt: appeal.dueAt?.toISOString() ?? null,
        answer: appeal.answer,
        reopenedTo: appeal.reopenedTo,
        providerOfficerIds: await officersToTell(tx, application.providerId, application.executorId),
        appealBodyOfficerIds: write.tellAppealBody && appeal.appealBodyId ? await officersOf(tx, appeal.appealBodyId) : [],
      },
    ),
  ]);
}

/**
 * Addresses a FILED complaint to the body (registration, automatic: the body may not refuse to
 * receive a complaint, so there is nothing for an officer to decide): REGISTERED with the answer
 * deadline, and the application readable by the body's officers. Inside the caller's transaction.
 */
function register(tx: EntityManager, appeal: AppealEntity, body: ProviderAppealBodyEntity, runtime: ApplicationsRuntime, at: Date): void {
  appeal.status = 'REGISTERED';
  appeal.appealBodyId = body.appealBodyId;
  appeal.appealBodyCode = body.appealBodyCode;
  appeal.appealBodyName = body.appealBodyName;
  appeal.registeredAt = at;
  appeal.dueAt = appealAnswerDueAt(runtime.calendar, at, runtime.appeals.answerWorkingDays);
  appeal.version += 1;
  tx.persist(appeal);
}

async function markApplicationReadableByBody(tx: EntityManager, applicationId: string, appealBodyId: string): Promise<void> {
  // not a change of the application: its version (the optimistic lock) stays
  await tx.nativeUpdate(ApplicationEntity, { id: applicationId }, { appealBodyId });
}

/** The latest status change of the application: the decision or step a complaint is about. */
async function latestStatusChange(em: EntityManager, applicationId: string): Promise<{ version: number; at: Date } | null> {
  const [row] = await em.execute<Array<{ application_version: number; at: Date | string }>>(
    'select application_version, at from applications.status_change where application_id = ? order by application_version desc limit 1',
    [applicationId],
  );
  return row ? { version: Number(row.application_version), at: new Date(row.at) } : null;
}

// ------------------------------------------------------------------ the applicant

export async function fileAppeal(ctx: ApplicationsContext, applicationId: string, appealText: string, subject: AppealSubjectCode): Promise<AppealEntity> {
  const caller = requireUser(ctx);
  const language = resolveLanguage(ctx.caller);
  const em = ctx.em.fork();
  const application = await requireApplication(em, applicationId);
  if (caller.userId !== application.applicantId) {
    throw refusal({ ok: false, code: 'FORBIDDEN', message: { ky: 'Бул өтүнмө боюнча арызданууну анын ээси гана бере алат.', ru: 'Жалобу по этому заявлению может подать только заявитель.' } }, language);
  }
  const checked = checkedText(appealText, 'text', MAX_APPEAL_TEXT_LENGTH, true);
  if ('problem' in checked) throw new AppError('BAD_USER_INPUT', checked.problem);
  const now = ctx.runtime.now();
  const step = await latestStatusChange(em, application.id);
  const problem = whyNotAppealable(
    subject,
    { status: application.status, intakeDueAt: application.intakeDueAt, dueAt: application.dueAt, statusSince: step?.at ?? application.updatedAt },
    now,
    ctx.runtime.appeals.filingDays,
  );
  if (problem) throw refusal(problem, language);
  const matterVersion = step?.version ?? application.version;

  const earlier = await em.findOne(AppealEntity, { applicationId: application.id, subject, matterVersion });
  if (earlier) return sameOrConflict(earlier, checked.text!, language);

  const service = await serviceVersionOf(em, application.serviceId, application.serviceVersion);
  const body = await em.findOne(ProviderAppealBodyEntity, { providerId: application.providerId });
  const appeal = Object.assign(new AppealEntity(), {
    id: randomUUID(),
    applicationId: application.id,
    applicantId: application.applicantId,
    providerId: application.providerId,
    subject,
    matterVersion,
    text: checked.text!,
    status: 'FILED',
    version: 1,
    createdAt: now,
  });
  try {
    await em.transactional(async (tx) => {
      tx.persist(appeal);
      await tx.flush();
      // one event for what the applicant ends up with: FILED, or REGISTERED with the body at once
      if (body?.appealBodyId) {
        tx.create(AppealChangeEntity, { appealId: appeal.id, appealVersion: 1, fromStatus: null, toStatus: 'FILED', at: now, actorId: caller.userId, actorRole: 'CITIZEN' });
        register(tx, appeal, body, ctx.runtime, now);
        await tx.flush();
        await markApplicationReadableByBody(tx, application.id, body.appealBodyId);
        await recordAppealChange(tx, { appeal, application: snapshotOf(application), serviceTitle: service.title, from: 'FILED', at: now, actor: { id: null, role: 'SYSTEM' }, tellAppealBody: true });
      } else {
        await recordAppealChange(tx, { appeal, application: snapshotOf(application), serviceTitle: service.title, from: null, at: now, actor: { id: caller.userId, role: 'CITIZEN' }, tellAppealBody: false });
      }
      await tx.flush();
    });
  } catch (error) {
    // the same complaint raced in from a retry: the first one stands
    if (error instanceof UniqueConstraintViolationException) {
      const raced = await ctx.em.fork().findOne(AppealEntity, { applicationId: application.id, subject, matterVersion });
      if (raced) return sameOrConflict(raced, checked.text!, language);
    }
    throw error;
  }
  forgetReads(ctx);
  return appeal;
}

/** A retry (same text) gets the complaint it filed; another complaint about the same decision is a CONFLICT. */
function sameOrConflict(earlier: AppealEntity, appealText: string, language: Language): AppealEntity {
  if (earlier.text === appealText) return earlier;
  const [year, month, day] = earlier.createdAt.toISOString().slice(0, 10).split('-');
  throw new AppError(
    'CONFLICT',
    text(
      {
        ky: `Бул чечимге (кадамга) ${day}.${month}.${year} күнү даттануу берилген (абалы: ${earlier.status}); бир чечимге бир гана даттануу берилет.`,
        ru: `На это решение (этот шаг) жалоба уже подана ${day}.${month}.${year} (статус: ${earlier.status}); на одно решение подаётся одна жалоба.`,
      },
      language,
    ),
    { appealId: earlier.id },
  );
}

// ------------------------------------------------------------------ the appeal body

async function requireAppealOfBody(ctx: ApplicationsContext, em: EntityManager, appealId: string): Promise<AppealEntity> {
  const caller = requireUser(ctx);
  const language = resolveLanguage(ctx.caller);
  const appeal = isUuid(appealId) ? await em.findOne(AppealEntity, { id: appealId.toLowerCase() }) : null;
  if (!appeal) throw appealNotFound(appealId, language);
  const notOfBody = whyNotOfAppealBody(caller, appeal.appealBodyId);
  if (notOfBody) throw refusal(notOfBody, language);
  return appeal;
}

/** Optimistic lock on the appeal row: 0 rows means someone changed it since it was read. */
async function lockedUpdate(tx: EntityManager, appeal: AppealEntity, readVersion: number, changes: Partial<AppealEntity>, language: Language): Promise<void> {
  const updated = await tx.nativeUpdate(AppealEntity, { id: appeal.id, version: readVersion }, { ...changes, version: readVersion + 1 });
  if (updated === 0) {
    throw new AppError('CONFLICT', text({ ky: 'Даттанууну башка бирөө өзгөрттү; кайра жүктөп, кайталаңыз.', ru: 'Жалобу изменил кто-то другой; обновите её и повторите.' }, language));
  }
}

/** An officer of the appeal body takes the complaint up: REGISTERED -> UNDER_REVIEW, they are its reviewer. */
export async function startAppealReview(ctx: ApplicationsContext, appealId: string): Promise<AppealEntity> {
  const caller = requireUser(ctx);
  const language = resolveLanguage(ctx.caller);
  const em = ctx.em.fork();
  const appeal = await requireAppealOfBody(ctx, em, appealId);
  const plan = planAppealTransition('startReview', appeal.status);
  if (!plan.ok) throw refusal(plan, language);
  const application = await requireApplication(em, appeal.applicationId);
  const service = await serviceVersionOf(em, application.serviceId, application.serviceVersion);
  const now = ctx.runtime.now();
  const readVersion = appeal.version;
  const changes: Partial<AppealEntity> = { status: plan.to, reviewerId: caller.userId };
  const next = Object.assign(new AppealEntity(), appeal, changes, { version: readVersion + 1 });
  await em.transactional(async (tx) => {
    await lockedUpdate(tx, appeal, readVersion, changes, language);
    await recordAppealChange(tx, { appeal: next, application: snapshotOf(application), serviceTitle: service.title, from: plan.from, at: now, actor: { id: caller.userId, role: 'PROVIDER_OFFICER' }, tellAppealBody: false });
    await tx.flush();
  });
  forgetReads(ctx);
  return next;
}

/**
 * The appeal body's motivated, signed answer: UPHELD or DISMISSED. The signature is a JWS over the
 * canonical JSON of {"appealId","uphold","answer"} with a QUALIFIED key of an officer of the body
 * (its certificate naming the officer's PIN and the body's code, checked at signing time). Upheld,
 * a rejection or refusal is reopened through the transition table, in the same transaction.
 * The same signed answer again returns the answered complaint; a different one is a CONFLICT.
 */
export async function answerAppeal(ctx: ApplicationsContext, input: AnswerAppealInput): Promise<AppealEntity> {
  const caller = requireUser(ctx);
  const language = resolveLanguage(ctx.caller);
  const em = ctx.em.fork();
  const appeal = await requireAppealOfBody(ctx, em, input.appealId);
  if (appeal.answerSignature !== null && appeal.answerSignature === input.signature.trim()) return appeal;
  const plan = planAppealTransition(input.uphold ? 'uphold' : 'dismiss', appeal.status);
  if (!plan.ok) throw refusal(plan, language);
  const checked = checkedText(input.answer, 'answer', MAX_APPEAL_ANSWER_LENGTH, true);
  if ('problem' in checked) throw new AppError('BAD_USER_INPUT', checked.problem);
  if (checked.text !== input.answer) {
    throw new AppError(
      'BAD_USER_INPUT',
      text({ ky: 'Жоопту башында жана аягында боштуксуз жөнөтүңүз: кол коюлган текст так ошондой сакталат.', ru: 'Отправьте ответ без пробелов в начале и в конце: подписанный текст хранится ровно таким.' }, language),
    );
  }
  const key = await verifySignature(
    ctx,
    em,
    { signature: input.signature, signingKeyId: input.signingKeyId },
    caller,
    { kind: 'RESULT_DOCUMENT', providerCode: appeal.appealBodyCode ?? '' },
    canonicalJson(answerSigningPayload(appeal.id, input.uphold, input.answer)),
    text(
      {
        ky: 'Кол башка маалыматка коюлган. {"appealId","uphold","answer"} объектинин RFC 8785 каноникалык JSONуна так жөнөткөн жообуңуз менен кол коюңуз.',
        ru: 'Подпись покрывает другие данные. Подпишите RFC 8785 канонический JSON {"appealId","uphold","answer"} ровно с тем ответом, который отправляете.',
      },
      language,
    ),
  );
  const application = await requireApplication(em, appeal.applicationId);
  const service = await serviceVersionOf(em, application.serviceId, application.serviceVersion);
  const now = ctx.runtime.now();
  const reopenTo = input.uphold ? reopenedStatus(application.status) : null;
  const readVersion = appeal.version;
  const changes: Partial<AppealEntity> = {
    status: plan.to,
    answer: checked.text,
    answerSignature: input.signature.trim(),
    answerSigningKeyId: key.id,
    answeredBy: caller.userId,
    answeredAt: now,
    reopenedTo: reopenTo,
  };
  const next = Object.assign(new AppealEntity(), appeal, changes, { version: readVersion + 1 });
  await em.transactional(async (tx) => {
    await lockedUpdate(tx, appeal, readVersion, changes, language);
    let after: ApplicationRecord = snapshotOf(application);
    if (reopenTo) after = await reopen(tx, ctx.runtime, after, service, caller, next, now);
    await recordAppealChange(tx, { appeal: next, application: after, serviceTitle: service.title, from: plan.from, at: now, actor: { id: caller.userId, role: 'PROVIDER_OFFICER' }, tellAppealBody: false });
    await tx.flush();
  });
  forgetReads(ctx);
  return next;
}

/**
 * The upheld complaint reopens the application where the decision was taken: intake again with a
 * new intake deadline, or review with a new decision deadline counted from today; the refusal
 * reason is cleared, the answer is the history row's reason.
 */
async function reopen(
  tx: EntityManager,
  runtime: ApplicationsRuntime,
  application: ApplicationRecord,
  service: Awaited<ReturnType<typeof serviceVersionOf>>,
  caller: { userId: string; providerId: string | null },
  appeal: AppealEntity,
  now: Date,
): Promise<ApplicationRecord> {
  const actor: TransitionActor = { role: 'PROVIDER_OFFICER', userId: caller.userId, providerId: caller.providerId };
  const plan = planTransition('reopen', { status: application.status, actor, application: factsOf(application, service), appealUpheld: true });
  if (!plan.ok) throw new AppError(plan.code, plan.message);
  return writeTransition(tx, application, service, {
    plan,
    actor,
    at: now,
    reason: appeal.answer,
    changes: async () =>
      plan.to === 'SUBMITTED'
        ? { refusalReason: null, intakeDueAt: runtime.calendar.intakeDueAt(now), intakeOverdueAt: null, registeredAt: null, dueAt: null }
        : { refusalReason: null, dueAt: runtime.calendar.decisionDueAt(now, service.deadlineWorkingDays), decisionOverdueAt: null },
  });
}

export interface AppealPage {
  nodes: Array<{ cursor: string; appeal: AppealEntity }>;
  hasNextPage: boolean;
  totalCount: number;
}

/**
 * The appeal body's queue: complaints addressed to the caller's body, the open ones first by answer
 * deadline (overdue ones at the top), then the answered ones, latest answer first.
 */
export async function appealQueue(ctx: ApplicationsContext, first: number | null | undefined, after: string | null | undefined): Promise<AppealPage> {
  const caller = requireRole(ctx, 'PROVIDER_OFFICER');
  const limit = pageSize(first);
  const offset = decodeCursor(after, isOffsetCursor)?.o ?? 0;
  const bodyId = caller.providerId;
  if (!bodyId) return { nodes: [], hasNextPage: false, totalCount: 0 };
  const em = ctx.em;
  const [rows, totalCount] = await Promise.all([
    em.getConnection().execute<Array<{ id: string }>>(
      `select id from applications.appeal where appeal_body_id = ?
        order by (status in ('UPHELD', 'DISMISSED')), case when status in ('UPHELD', 'DISMISSED') then null else due_at end asc nulls last, answered_at desc nulls last, id
        limit ? offset ?`,
      [bodyId, limit + 1, offset],
    ),
    em.count(AppealEntity, { appealBodyId: bodyId }),
  ]);
  const page = rows.slice(0, limit).map((row) => row.id);
  const appeals = page.length > 0 ? await em.find(AppealEntity, { id: { $in: page } }) : [];
  const byId = new Map(appeals.map((appeal) => [appeal.id, appeal]));
  return {
    nodes: page.map((id, index) => ({ cursor: encodeCursor({ o: offset + index + 1 }), appeal: byId.get(id)! })),
    hasNextPage: rows.length > limit,
    totalCount,
  };
}

// ------------------------------------------------------------------ the catalog's appeal bodies

/**
 * ProviderAppealBodyConfigured (catalog): the projection, ordered by version; when a body is named,
 * the provider's complaints still FILED (none was named when they came) are registered with it now.
 */
export async function projectProviderAppealBody(em: EntityManager, event: BusEvent, runtime: ApplicationsRuntime): Promise<void> {
  const configured = payloadOf(event, 'ProviderAppealBodyConfigured');
  const body = configured.appealBody;
  const applied = await em.execute<Array<{ provider_id: string }>>(
    `insert into applications.provider_appeal_body (provider_id, appeal_body_id, appeal_body_code, appeal_body_name, version)
     values (?, ?, ?, ?::jsonb, ?)
     on conflict (provider_id) do update set
       appeal_body_id = excluded.appeal_body_id, appeal_body_code = excluded.appeal_body_code,
       appeal_body_name = excluded.appeal_body_name, version = excluded.version
     where provider_appeal_body.version < excluded.version
     returning provider_id`,
    [configured.providerId, body?.providerId ?? null, body?.code ?? null, body ? JSON.stringify(body.name) : null, configured.version],
  );
  if (applied.length === 0 || !body) return;
  const projection = Object.assign(new ProviderAppealBodyEntity(), { providerId: configured.providerId, appealBodyId: body.providerId, appealBodyCode: body.code, appealBodyName: body.name, version: configured.version });
  const waiting = await em.find(AppealEntity, { providerId: configured.providerId, status: 'FILED' }, { orderBy: { createdAt: 'asc', id: 'asc' } });
  const now = runtime.now();
  for (const appeal of waiting) {
    const application = await em.findOneOrFail(ApplicationEntity, { id: appeal.applicationId });
    const service = await serviceVersionOf(em, application.serviceId, application.serviceVersion);
    register(em, appeal, projection, runtime, now);
    await em.flush();
    await markApplicationReadableByBody(em, application.id, body.providerId);
    await recordAppealChange(em, { appeal, application: snapshotOf(application), serviceTitle: service.title, from: 'FILED', at: now, actor: { id: null, role: 'SYSTEM' }, tellAppealBody: true });
    await em.flush();
  }
}

// ------------------------------------------------------------------ missed answer deadlines

interface OverdueAppealRow {
  id: string;
  application_id: string;
  applicant_id: string;
  subject: AppealSubjectCode;
  appeal_body_id: string;
  appeal_body_code: string;
  appeal_body_name: LocalizedText;
  due_at: Date | string;
  number: string | null;
  service_title: LocalizedText;
}

/**
 * The overdue scan of complaints: open ones whose answer deadline has passed are marked and
 * announced (AppealOverdue) once, in ONE transaction, rows taken `for update skip locked` so
 * replicas split the work. Returns true when it announced a full batch (there may be more).
 */
export async function announceOverdueAppeals(em: EntityManager, runtime: Pick<ApplicationsRuntime, 'now'>, batchSize = 100): Promise<boolean> {
  const now = runtime.now();
  const announced = await em.fork().transactional(async (tx) => {
    const rows = await tx.execute<OverdueAppealRow[]>(
      `select p.id, p.application_id, p.applicant_id, p.subject, p.appeal_body_id, p.appeal_body_code, p.appeal_body_name, p.due_at,
              a.number, sv.title as service_title
         from applications.appeal p
         join applications.application a on a.id = p.application_id
         join applications.service_version sv on sv.service_id = a.service_id and sv.version = a.service_version
        where p.status in ('REGISTERED', 'UNDER_REVIEW') and p.overdue_at is null and p.due_at < ?
        order by p.due_at limit ?
        for update of p skip locked`,
      [now, batchSize],
    );
    if (rows.length === 0) return 0;
    await tx.execute(`update applications.appeal set overdue_at = ? where id = any(?::uuid[])`, [now, `{${rows.map((row) => row.id).join(',')}}`]);
    const events = [];
    for (const row of rows) {
      events.push(
        domainEvent('AppealOverdue', { type: 'AppealOverdue', id: row.id, version: 1 }, {
          appealId: row.id,
          applicationId: row.application_id,
          applicationNumber: row.number,
          serviceTitle: row.service_title,
          applicantId: row.applicant_id,
          subject: row.subject,
          appealBody: { providerId: row.appeal_body_id, code: row.appeal_body_code, name: row.appeal_body_name },
          dueAt: new Date(row.due_at).toISOString(),
          detectedAt: now.toISOString(),
          appealBodyOfficerIds: await officersOf(tx, row.appeal_body_id),
        }),
      );
    }
    await recordEvents(tx, events);
    return rows.length;
  });
  return announced === batchSize;
}

import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { parseStatusUpdate, type StatusUpdate, UPDATE_JWS_TYPE, unverifiedPayload, verifyMessage } from '@portal/edms';
import { AppError, isUuid } from '@portal/kit';
import { createHash, randomUUID } from 'node:crypto';
import { applyProviderSystemAction, type ProviderSystemAction } from '../application/application.service';
import type { ApplicationsRuntime } from '../context';
import { actionOfUpdate, sequenceProblem, staleUpdateProblem } from './delivery.rules';
import { providerChannel } from './delivery.service';
import { ProviderDeliveryEntity } from './edms.entity';
import { recordCertifiedKey, type ResultSignatureCheck, verifyResultSignature } from './result-signature';
import { logEdms } from './delivery.worker';

/**
 * Signed status updates from providers' EDMS (POST /edms/updates). Each is verified against the
 * provider's configured key, must name its delivery's application, come next in the delivery's
 * sequence and be fresh; it is then applied through the transition table in one transaction with
 * its idempotency row. The same update again gets the same answer and no second effect; anything
 * refused changes nothing and is recorded in provider_update_refusal.
 */

export interface UpdateAnswer {
  httpStatus: number;
  body: Record<string, unknown>;
}

interface Refusal {
  httpStatus: number;
  problem: string;
  message: string;
  deliveryId?: string | null;
  providerId?: string | null;
  updateId?: string | null;
}

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

async function recordRefusal(orm: MikroORM, body: Buffer, remoteAddress: string | null, refusal: Refusal): Promise<UpdateAnswer> {
  await orm.em.fork().execute(
    `insert into applications.provider_update_refusal (id, received_at, delivery_id, provider_id, update_id, problem, message, body_sha256, remote_address)
     values (?, now(), ?, ?, ?, ?, ?, ?, ?)`,
    [randomUUID(), refusal.deliveryId ?? null, refusal.providerId ?? null, refusal.updateId ?? null, refusal.problem, refusal.message, sha256(body), remoteAddress],
  );
  logEdms('warn', 'edms_update_refused', {
    security: true,
    problem: refusal.problem,
    deliveryId: refusal.deliveryId ?? null,
    providerId: refusal.providerId ?? null,
    updateId: refusal.updateId ?? null,
    bodySha256: sha256(body),
  });
  return { httpStatus: refusal.httpStatus, body: { error: refusal.problem, message: refusal.message } };
}

class RefusedInTransaction extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.message);
  }
}

export async function applyEdmsUpdate(orm: MikroORM, runtime: ApplicationsRuntime, body: Buffer, remoteAddress: string | null): Promise<UpdateAnswer> {
  const refuse = (refusal: Refusal) => recordRefusal(orm, body, remoteAddress, refusal);
  const token = body.toString('utf8').trim();
  const claimed = unverifiedPayload(token) as { deliveryId?: unknown; updateId?: unknown } | null;
  const claimedUpdateId = typeof claimed?.updateId === 'string' ? claimed.updateId.slice(0, 100) : null;
  if (!claimed || typeof claimed.deliveryId !== 'string' || !isUuid(claimed.deliveryId)) {
    return refuse({ httpStatus: 400, problem: 'MALFORMED', message: 'The body must be a compact JWS (content-type application/jose) whose payload names the deliveryId it is about.', updateId: claimedUpdateId });
  }
  const em = orm.em.fork();
  const delivery = await em.findOne(ProviderDeliveryEntity, { id: claimed.deliveryId.toLowerCase() });
  if (!delivery) return refuse({ httpStatus: 404, problem: 'UNKNOWN_DELIVERY', message: `The portal made no delivery ${claimed.deliveryId}.`, updateId: claimedUpdateId });
  const context = { deliveryId: delivery.id, providerId: delivery.providerId, updateId: claimedUpdateId };
  const channel = await providerChannel(em, delivery.providerId);
  if (channel?.channel !== 'EDMS' || !channel.publicKeyJwk) {
    return refuse({ ...context, httpStatus: 403, problem: 'PROVIDER_NOT_ON_EDMS', message: "The provider of this delivery is no longer served through its EDMS: its officers answer in the portal's cabinet." });
  }
  const verified = await verifyMessage(token, channel.publicKeyJwk, UPDATE_JWS_TYPE);
  if (!verified.ok) {
    return refuse({ ...context, httpStatus: 401, problem: 'INVALID_SIGNATURE', message: `The update is not signed with the key configured for provider ${channel.providerCode}: ${verified.message}` });
  }
  const parsed = parseStatusUpdate(verified.payload);
  if (!parsed.ok) return refuse({ ...context, httpStatus: 400, problem: 'MALFORMED_UPDATE', message: parsed.problem });
  const update = parsed.value;
  if (update.applicationId.toLowerCase() !== delivery.applicationId) {
    return refuse({ ...context, httpStatus: 403, problem: 'WRONG_APPLICATION', message: `Delivery ${delivery.id} carried another application than ${update.applicationId}.` });
  }
  const payloadSha256 = sha256(token.split('.')[1]);

  const replayed: Refusal = {
    ...context,
    httpStatus: 409,
    problem: 'REPLAYED',
    message: `Update ${update.updateId} was already received with other content: an update id names one update only. Send a new update with a new updateId.`,
  };
  const earlier = await earlierAnswer(em, update, payloadSha256);
  if (earlier === 'REPLAYED') return refuse(replayed);
  if (earlier) return earlier;

  const stale = staleUpdateProblem(update.issuedAt, runtime.now(), runtime.edms.updateSkewMs);
  if (stale) return refuse({ ...context, httpStatus: 400, problem: 'STALE_UPDATE', message: stale });

  const requested = actionOfUpdate(update);
  let certified: ResultSignatureCheck | null = null;
  if (requested.action === 'approve') {
    certified = await verifyResultSignature(em, runtime, update.result!, { id: delivery.providerId, code: channel.providerCode });
    if (!certified.ok) return refuse({ ...context, httpStatus: certified.httpStatus, problem: certified.problem, message: certified.message });
  }
  const action: ProviderSystemAction =
    requested.action === 'approve' && certified?.ok
      ? { action: 'approve', reason: requested.reason, result: { document: update.result!.document, signature: update.result!.signature, signedBy: certified.signedBy, signingKeyId: certified.signingKeyId } }
      : requested.action === 'accept'
        ? { action: 'accept', reason: requested.reason }
        : { action: requested.action as 'reject' | 'refuse', reason: requested.reason! };

  try {
    return await orm.em.fork().transactional(async (tx) => {
      const [locked] = await tx.execute<Array<{ last_sequence: number }>>(`select last_sequence from applications.provider_delivery where id = ? for update`, [delivery.id]);
      // a concurrent copy of this update may have committed while we verified
      const concurrent = await earlierAnswer(tx, update, payloadSha256);
      if (concurrent === 'REPLAYED') throw new RefusedInTransaction(replayed);
      if (concurrent) return concurrent;
      const outOfOrder = sequenceProblem(update.sequence, locked.last_sequence);
      if (outOfOrder) throw new RefusedInTransaction({ ...context, httpStatus: 409, problem: 'OUT_OF_ORDER', message: outOfOrder });
      if (certified?.ok) await recordCertifiedKey(tx, certified);
      const applied = await applyProviderSystemAction(tx, runtime, delivery.applicationId, delivery.providerId, action);
      if (!applied.ok) {
        throw new RefusedInTransaction({ ...context, httpStatus: 409, problem: 'TRANSITION_REFUSED', message: `The ${update.kind} update cannot be applied: ${applied.message}.` });
      }
      const answer: UpdateAnswer = {
        httpStatus: 200,
        body: { updateId: update.updateId, deliveryId: delivery.id, applied: update.kind, applicationStatus: applied.application.status, applicationNumber: applied.application.number },
      };
      await tx.execute(
        `insert into applications.provider_update (update_id, delivery_id, sequence, kind, payload_sha256, response, received_at) values (?, ?, ?, ?, ?, ?::jsonb, now())`,
        [update.updateId, delivery.id, update.sequence, update.kind, payloadSha256, JSON.stringify(answer)],
      );
      // an update proves the EDMS has the application, whatever became of the acknowledgement
      await tx.execute(
        `update applications.provider_delivery
            set last_sequence = ?, status = 'ACKNOWLEDGED', acknowledged_at = coalesce(acknowledged_at, now()),
                delivered_at = coalesce(delivered_at, now()), next_attempt_at = null, last_error = null, updated_at = now()
          where id = ?`,
        [update.sequence, delivery.id],
      );
      return answer;
    });
  } catch (error) {
    if (error instanceof RefusedInTransaction) return refuse(error.refusal);
    // e.g. changed by an officer at the same moment, or a payer not known yet: nothing was written, the EDMS may send it again
    if (error instanceof AppError) return refuse({ ...context, httpStatus: 409, problem: 'TRANSITION_REFUSED', message: `The ${update.kind} update cannot be applied now: ${error.message}` });
    throw error;
  }
}

/** The answer already given to this update id when the content is the same; REPLAYED when the id came with other content. */
async function earlierAnswer(em: EntityManager, update: StatusUpdate, payloadSha256: string): Promise<UpdateAnswer | 'REPLAYED' | null> {
  const [row] = await em.execute<Array<{ payload_sha256: string; response: UpdateAnswer }>>(
    `select payload_sha256, response from applications.provider_update where update_id = ?`,
    [update.updateId],
  );
  if (!row) return null;
  return row.payload_sha256 === payloadSha256 ? row.response : 'REPLAYED';
}

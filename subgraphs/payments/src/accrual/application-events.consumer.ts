import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { type BackgroundTask, type BusEvent, domainEvent, payloadOf, recordEvents, startEventConsumer } from '@portal/kit';
import { randomUUID } from 'node:crypto';
import { logPayments } from '../log';
import { refundReasonFor } from '../refund/refund.rules';
import { openRefund } from '../refund/refund.service';
import { enqueueSepsRequest } from '../seps/seps-outbox';
import { AccrualEntity } from './accrual.entity';
import { type AccrualDraft, accrualActionFor, type ApplicationStatusChange } from './accrual-lifecycle.rules';
import { makeUin } from './uin.rules';

/** The consumer's name in the inbox and cursor tables; replicas share it. */
export const APPLICATION_EVENTS_CONSUMER = 'payments.application-status';

export interface AccrualIssuing {
  /** 4-digit UIN issuer code for services without a budget code. */
  fallbackIssuerCode: string;
}

/**
 * Follows ApplicationStatusChanged: opens the accrual when payment is due, cancels it when no longer,
 * refunds a paid one when the application closes without the service (withdrawn, or refused where
 * the standard returns the fee). Follows ServiceVersionPublished for that fee policy.
 */
export function startApplicationEventsConsumer(orm: MikroORM, options: { databaseUrl: string } & AccrualIssuing): BackgroundTask {
  return startEventConsumer(orm, {
    databaseUrl: options.databaseUrl,
    name: APPLICATION_EVENTS_CONSUMER,
    types: ['ApplicationStatusChanged', 'ServiceVersionPublished'],
    handle: (event: BusEvent, em: EntityManager) =>
      event.type === 'ServiceVersionPublished'
        ? rememberFeePolicy(em, payloadOf(event, 'ServiceVersionPublished'))
        : onApplicationStatusChanged(em, payloadOf(event, 'ApplicationStatusChanged'), options, event.eventId),
  });
}

/** The fee policy of each published service version (a version is immutable: a replay writes the same). */
async function rememberFeePolicy(em: EntityManager, published: { serviceId: string; version: number; feeReturnedOnRefusal?: boolean }): Promise<void> {
  await em.execute(
    `insert into payments.service_fee_policy (service_id, version, fee_returned_on_refusal) values (?, ?, ?)
     on conflict (service_id, version) do update set fee_returned_on_refusal = excluded.fee_returned_on_refusal`,
    [published.serviceId.toLowerCase(), published.version, published.feeReturnedOnRefusal === true],
  );
}

async function feePolicyOf(em: EntityManager, serviceId: string, version: number): Promise<{ feeReturnedOnRefusal: boolean } | null> {
  const [row] = await em.execute<Array<{ fee_returned_on_refusal: boolean }>>(
    'select fee_returned_on_refusal from payments.service_fee_policy where service_id = ? and version = ?',
    [serviceId.toLowerCase(), version],
  );
  return row ? { feeReturnedOnRefusal: row.fee_returned_on_refusal } : null;
}

/** Runs inside the consumer's transaction (with the inbox row), so its effects happen once per event. */
export async function onApplicationStatusChanged(em: EntityManager, change: ApplicationStatusChange, issuing: AccrualIssuing, eventId: string): Promise<void> {
  const action = accrualActionFor(change, issuing);
  switch (action.kind) {
    case 'ignore':
      return;
    case 'invalid':
      // A poison event must not stop the consumer (every later event would wait behind it): log it loudly instead.
      logPayments('error', 'accrual_not_created', { eventId, applicationId: action.applicationId, problems: action.problems });
      return;
    case 'create':
      return openAccrual(em, action.draft, eventId);
    case 'cancel':
      return settleClosedApplication(em, change, action.applicationId, action.at, eventId);
  }
}

/** The application closed without the service: nothing more is owed, and a paid fee may go back. */
async function settleClosedApplication(em: EntityManager, change: ApplicationStatusChange, applicationId: string, at: Date, eventId: string): Promise<void> {
  const accrual = await em.findOne(AccrualEntity, { applicationId });
  if (!accrual) return;
  if (accrual.status === 'PENDING') return cancelPendingAccrual(em, accrual, at);
  const reason = refundReasonFor(change, accrual.status, await feePolicyOf(em, change.serviceId, change.serviceVersion));
  if (reason) await openRefund(em, accrual, reason, { eventId });
}

/** Idempotent per application: a repeated event (another event id, same application) finds the accrual and stops. */
async function openAccrual(em: EntityManager, draft: AccrualDraft, eventId: string): Promise<void> {
  const existing = await em.findOne(AccrualEntity, { applicationId: draft.applicationId });
  if (existing) {
    logPayments('info', 'accrual_already_exists', { eventId, applicationId: draft.applicationId, accrualId: existing.id, status: existing.status });
    return;
  }
  const [{ sequence }] = await em.execute<Array<{ sequence: number }>>(`select nextval('payments.uin_sequence')::integer as sequence`);
  const now = new Date();
  const accrual = Object.assign(new AccrualEntity(), {
    id: randomUUID(),
    uin: makeUin({ issuerCode: draft.issuerCode, date: now, sequence }),
    applicationId: draft.applicationId,
    providerId: draft.providerId,
    payerId: draft.payerUserId,
    payerPin: draft.payerPin,
    amountMinor: draft.amountMinor,
    purposeKy: draft.purpose.ky,
    purposeRu: draft.purpose.ru,
    budgetCode: draft.budgetCode,
    createdAt: now,
  });
  em.persist(accrual);
  await em.flush();
  await recordEvents(em, [
    domainEvent(
      'AccrualCreated',
      { type: 'Accrual', id: accrual.id, version: accrual.version },
      { accrualId: accrual.id, applicationId: accrual.applicationId, payerId: accrual.payerId, uin: accrual.uin, amountMinor: accrual.amountMinor },
    ),
  ]);
  // the payment system learns of the accrual at once, so its UIN can be paid anywhere (L-26 item 5)
  await enqueueSepsRequest(em, 'REGISTER_ACCRUAL', accrual.id);
}

/** A PENDING accrual is cancelled; a paid one stays paid until its refund completes. */
async function cancelPendingAccrual(em: EntityManager, accrual: AccrualEntity, at: Date): Promise<void> {
  accrual.status = 'CANCELLED';
  accrual.cancelledAt = at;
  accrual.version += 1;
  await em.flush();
  // its UIN must stop being payable at banks too
  await enqueueSepsRequest(em, 'CANCEL_ACCRUAL', accrual.id);
}

import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { type BackgroundTask, type BusEvent, domainEvent, payloadOf, recordEvents, startEventConsumer } from '@portal/kit';
import { randomUUID } from 'node:crypto';
import { logPayments } from '../log';
import { AccrualEntity } from './accrual.entity';
import { type AccrualDraft, accrualActionFor, type ApplicationStatusChange } from './accrual-lifecycle.rules';
import { makeUin } from './uin.rules';

/** The consumer's name in the inbox and cursor tables; replicas share it. */
export const APPLICATION_EVENTS_CONSUMER = 'payments.application-status';

export interface AccrualIssuing {
  /** 4-digit UIN issuer code for services without a budget code. */
  fallbackIssuerCode: string;
}

/** Follows ApplicationStatusChanged: opens the accrual when payment is due, cancels it when no longer. */
export function startApplicationEventsConsumer(orm: MikroORM, options: { databaseUrl: string } & AccrualIssuing): BackgroundTask {
  return startEventConsumer(orm, {
    databaseUrl: options.databaseUrl,
    name: APPLICATION_EVENTS_CONSUMER,
    types: ['ApplicationStatusChanged'],
    handle: (event: BusEvent, em: EntityManager) => onApplicationStatusChanged(em, payloadOf(event, 'ApplicationStatusChanged'), options, event.eventId),
  });
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
      return cancelPendingAccrual(em, action.applicationId, action.at);
  }
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
}

/** Only a PENDING accrual is cancelled; a paid one stays paid (a refund is a separate, manual matter). */
async function cancelPendingAccrual(em: EntityManager, applicationId: string, at: Date): Promise<void> {
  const accrual = await em.findOne(AccrualEntity, { applicationId, status: 'PENDING' });
  if (!accrual) return;
  accrual.status = 'CANCELLED';
  accrual.cancelledAt = at;
  accrual.version += 1;
  await em.flush();
}

import { LockMode } from '@mikro-orm/core';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { badInput, conflict, domainEvent, forbidden, isUuid, type LocalizedText, notFound, recordEvents, requireUser } from '@portal/kit';
import { randomUUID } from 'node:crypto';
import { AccrualEntity } from '../accrual/accrual.entity';
import { logPayments } from '../log';
import { type SepsClient, SepsRefusedError } from '../payment/seps.client';
import { bishkekYearOf } from '../receipt/receipt-number.rules';
import { enqueueSepsRequest } from '../seps/seps-outbox';
import type { SepsRequestOutcome } from '../seps/seps-outbox.rules';
import { RefundEntity } from './refund.entity';
import { NO_SUCH_ACCRUAL } from '../accrual/accrual.rules';
import type { PaymentsContext } from '../context';
import {
  canRequestRefund,
  confirmationProblem,
  decideRefund,
  decideRequestedRefund,
  formatRefundReceiptNumber,
  MAX_REFUND_REASON_LENGTH,
  ONLY_THE_PROVIDER_REFUNDS,
  parseRefundConfirmation,
  REFUND_REASON_NEEDED,
  type RefundConfirmation,
} from './refund.rules';

/**
 * Opens the refund of a paid accrual and queues its request to the payment system, in the caller's
 * transaction (the event consumer's, so a replayed event finds the refund and adds nothing).
 * Returns the refund: the new one, or the one that already exists.
 */
export async function openRefund(em: EntityManager, accrual: AccrualEntity, reason: LocalizedText, about: { eventId: string }): Promise<RefundEntity | null> {
  const existing = await em.findOne(RefundEntity, { accrualId: accrual.id });
  const decision = decideRefund(accrual, existing);
  if (decision.kind === 'existing') {
    logPayments('info', 'refund_already_requested', { ...about, accrualId: accrual.id, refundId: decision.refundId });
    return existing;
  }
  if (decision.kind === 'refuse') {
    logPayments('warn', 'refund_refused', { ...about, accrualId: accrual.id, accrualStatus: accrual.status, message: decision.message });
    return null;
  }
  const refund = Object.assign(new RefundEntity(), {
    id: randomUUID(),
    accrualId: accrual.id,
    amountMinor: accrual.amountMinor,
    reasonKy: reason.ky,
    reasonRu: reason.ru,
    requestedAt: new Date(),
  });
  em.persist(refund);
  await em.flush();
  await enqueueSepsRequest(em, 'REFUND', refund.id);
  logPayments('info', 'refund_requested', { ...about, accrualId: accrual.id, refundId: refund.id, amountMinor: refund.amountMinor });
  return refund;
}

/**
 * A refund asked for by the provider's officer (e.g. a fee paid twice, or returned on a refusal the
 * standard did not foresee): checked, opened and queued in one transaction under the accrual's lock.
 * The same request again returns the refund that exists; nothing is refunded twice or unpaid.
 */
export async function requestRefundByOfficer(ctx: PaymentsContext, accrualId: string, reasonText: string): Promise<AccrualEntity> {
  const caller = requireUser(ctx);
  if (!isUuid(accrualId)) throw notFound(NO_SUCH_ACCRUAL);
  const id = accrualId.toLowerCase();
  const visible = await ctx.em.findOne(AccrualEntity, { id });
  if (!visible) throw notFound(NO_SUCH_ACCRUAL);
  if (!canRequestRefund(caller, visible)) throw forbidden(ONLY_THE_PROVIDER_REFUNDS);
  const reason = reasonText.trim();
  if (reason.length === 0 || reason.length > MAX_REFUND_REASON_LENGTH) throw badInput(REFUND_REASON_NEEDED, { field: 'reason' });

  await ctx.em.fork().transactional(async (tx) => {
    const accrual = await tx.findOneOrFail(AccrualEntity, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    const existing = await tx.findOne(RefundEntity, { accrualId: id });
    const decision = decideRequestedRefund(accrual, existing ? { id: existing.id, reason: existing.reasonRu } : null, reason);
    if (decision.kind === 'refuse') throw conflict(decision.message, { accrualStatus: accrual.status, refundStatus: existing?.status ?? null });
    if (decision.kind === 'create') await openRefund(tx, accrual, { ky: reason, ru: reason }, { eventId: `request:${caller.requestId}` });
  });
  logPayments('info', 'refund_requested_by_officer', { accrualId: id, officerId: caller.userId, requestId: caller.requestId });
  const accrual = await ctx.em.findOneOrFail(AccrualEntity, { id }, { populate: ['receipt'], refresh: true });
  return accrual;
}

/** One try of a queued refund: ask SEPS, check its signed confirmation, complete the refund. */
export async function sendRefund(orm: MikroORM, paymentSystem: SepsClient, refundId: string): Promise<SepsRequestOutcome> {
  const em = orm.em.fork();
  const refund = await em.findOne(RefundEntity, { id: refundId });
  if (!refund || refund.status !== 'REQUESTED') return { kind: 'done' };
  const accrual = await em.findOneOrFail(AccrualEntity, { id: refund.accrualId }, { populate: ['receipt'] });
  if (!accrual.receipt) return failRefund(orm, refund.id, 'the accrual has no receipt, so no payment to return');
  const expected = { refundId: refund.id, uin: accrual.uin, paymentTransactionId: accrual.receipt.transactionId, amountMinor: refund.amountMinor };
  let raw: string;
  try {
    raw = await paymentSystem.requestRefund({ ...expected, reason: refund.reasonRu });
  } catch (error) {
    if (error instanceof SepsRefusedError) return failRefund(orm, refund.id, error.message);
    throw error;
  }
  const parsed = parseRefundConfirmation(raw);
  const problem = parsed.ok ? confirmationProblem(parsed.confirmation, expected) : parsed.problem;
  if (problem || !parsed.ok) {
    // authentic but not this refund's: nothing is booked, and a person has to look
    logPayments('error', 'refund_confirmation_mismatch', { refundId: refund.id, problem });
    return { kind: 'retry', error: `the payment system's confirmation does not match the refund: ${problem}` };
  }
  await completeRefund(orm, parsed.confirmation);
  return { kind: 'done' };
}

async function failRefund(orm: MikroORM, refundId: string, failure: string): Promise<SepsRequestOutcome> {
  await orm.em.fork().nativeUpdate(RefundEntity, { id: refundId, status: 'REQUESTED' }, { status: 'FAILED', failure });
  logPayments('error', 'refund_failed', { refundId, failure });
  return { kind: 'give-up', error: failure };
}

/** The next refund receipt number of the refund's year; the counter row stays locked until the transaction ends. */
async function nextRefundReceiptNumber(tx: EntityManager, at: Date): Promise<string> {
  const year = bishkekYearOf(at);
  const [{ last_number: last }] = await tx.execute<Array<{ last_number: number }>>(
    `insert into payments.refund_receipt_counter (year, last_number) values (?, 1)
     on conflict (year) do update set last_number = payments.refund_receipt_counter.last_number + 1
     returning last_number`,
    [year],
  );
  return formatRefundReceiptNumber(year, last);
}

/**
 * Books a confirmed refund: the refund COMPLETED with its receipt, the accrual REFUNDED and the
 * RefundCompleted event, in one transaction under the accrual's row lock; a second confirmation of
 * the same refund changes nothing.
 */
export async function completeRefund(orm: MikroORM, confirmation: RefundConfirmation): Promise<void> {
  await orm.em.fork().transactional(async (tx) => {
    const [owner] = await tx.execute<Array<{ accrual_id: string }>>('select accrual_id from payments.refund where id = ?', [confirmation.refundId]);
    if (!owner) return;
    // the accrual's lock first, as the payment confirmation takes it: one order, no deadlock
    const accrual = await tx.findOneOrFail(AccrualEntity, { id: owner.accrual_id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    const refund = await tx.findOneOrFail(RefundEntity, { id: confirmation.refundId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (refund.status !== 'REQUESTED') return;
    Object.assign(refund, {
      status: 'COMPLETED',
      completedAt: confirmation.completedAt,
      transactionId: confirmation.refundTransactionId,
      receiptNumber: await nextRefundReceiptNumber(tx, confirmation.completedAt),
    });
    accrual.status = 'REFUNDED';
    accrual.version += 1;
    await tx.flush();
    await recordEvents(tx, [
      domainEvent(
        'RefundCompleted',
        { type: 'Accrual', id: accrual.id, version: accrual.version },
        {
          refundId: refund.id,
          accrualId: accrual.id,
          applicationId: accrual.applicationId,
          payerId: accrual.payerId,
          amountMinor: refund.amountMinor,
          uin: accrual.uin,
          receiptNumber: refund.receiptNumber!,
          completedAt: confirmation.completedAt.toISOString(),
          reason: { ky: refund.reasonKy, ru: refund.reasonRu },
        },
      ),
    ]);
    logPayments('info', 'refund_completed', { refundId: refund.id, accrualId: accrual.id, receiptNumber: refund.receiptNumber, transactionId: refund.transactionId });
  });
}

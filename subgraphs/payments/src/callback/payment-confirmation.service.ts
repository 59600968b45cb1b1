import { LockMode } from '@mikro-orm/core';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { domainEvent, recordEvents } from '@portal/kit';
import { AccrualEntity } from '../accrual/accrual.entity';
import { logPayments } from '../log';
import { PaymentSessionEntity } from '../payment/payment-session.entity';
import { ReceiptEntity } from '../receipt/receipt.entity';
import { bishkekYearOf, formatReceiptNumber } from '../receipt/receipt-number.rules';
import { decideConfirmation, type SepsCallback } from './seps-callback.rules';

export interface CallbackAnswer {
  httpStatus: 200 | 400 | 404 | 409;
  body: Record<string, unknown>;
}

/** The next receipt number of the payment's year; the counter row is locked until the transaction ends. */
async function nextReceiptNumber(tx: EntityManager, paidAt: Date): Promise<string> {
  const year = bishkekYearOf(paidAt);
  const [{ last_number: last }] = await tx.execute<Array<{ last_number: number }>>(
    `insert into payments.receipt_counter (year, last_number) values (?, 1)
     on conflict (year) do update set last_number = payments.receipt_counter.last_number + 1
     returning last_number`,
    [year],
  );
  return formatReceiptNumber(year, last);
}

/**
 * Applies an authentic SEPS callback. A success confirms the accrual, writes the receipt and the
 * PaymentConfirmed event in ONE transaction, under a lock on the accrual so concurrent deliveries
 * of one payment are serialized; the transaction id is the idempotency key (unique on receipts).
 */
export async function applySepsCallback(orm: MikroORM, callback: SepsCallback): Promise<CallbackAnswer> {
  return orm.em.fork().transactional((tx) => (callback.outcome === 'success' ? confirmPayment(tx, callback) : recordFailedPayment(tx, callback)));
}

async function confirmPayment(tx: EntityManager, callback: SepsCallback): Promise<CallbackAnswer> {
  const accrual = await tx.findOne(AccrualEntity, { uin: callback.uin }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  const receiptOfTransaction = await tx.findOne(ReceiptEntity, { transactionId: callback.transactionId });
  const session = callback.sessionId ? await tx.findOne(PaymentSessionEntity, { id: callback.sessionId }) : null;
  const decision = decideConfirmation(accrual, callback, {
    receiptOfTransaction: receiptOfTransaction ? { accrualId: receiptOfTransaction.accrual.id } : null,
    sessionAccrualId: session?.accrualId ?? null,
  });
  const about = { uin: callback.uin, transactionId: callback.transactionId, sessionId: callback.sessionId, accrualId: accrual?.id ?? null };

  if (decision.kind === 'duplicate') {
    logPayments('info', 'seps_callback_duplicate', about);
    return { httpStatus: 200, body: { status: 'already-confirmed', receiptNumber: receiptOfTransaction!.number } };
  }
  if (decision.kind === 'refuse') {
    // authentic but not applicable: money may have moved without a debt, which needs a person (refund)
    logPayments('warn', 'seps_callback_refused', { ...about, reason: decision.reason, message: decision.message, amountMinor: callback.amountMinor, accrualStatus: accrual?.status ?? null });
    return { httpStatus: decision.httpStatus, body: { error: decision.reason, message: decision.message } };
  }

  const paidAt = callback.paidAt!;
  const receipt = Object.assign(new ReceiptEntity(), {
    number: await nextReceiptNumber(tx, paidAt),
    accrual: accrual!,
    transactionId: callback.transactionId,
    paidAt,
    amountMinor: callback.amountMinor,
  });
  accrual!.status = 'PAID';
  accrual!.paidAt = paidAt;
  accrual!.version += 1;
  tx.persist(receipt);
  if (session) Object.assign(session, { status: 'PAID', transactionId: callback.transactionId, closedAt: new Date() });
  await tx.flush();
  await recordEvents(tx, [
    domainEvent(
      'PaymentConfirmed',
      { type: 'Accrual', id: accrual!.id, version: accrual!.version },
      {
        accrualId: accrual!.id,
        applicationId: accrual!.applicationId,
        payerId: accrual!.payerId,
        amountMinor: receipt.amountMinor,
        receiptNumber: receipt.number,
        paidAt: paidAt.toISOString(),
      },
    ),
  ]);
  logPayments('info', 'payment_confirmed', { ...about, receiptNumber: receipt.number });
  return { httpStatus: 200, body: { status: 'confirmed', receiptNumber: receipt.number } };
}

/** A declined payment closes its session; the accrual stays PENDING so the payer can try again. */
async function recordFailedPayment(tx: EntityManager, callback: SepsCallback): Promise<CallbackAnswer> {
  const about = { uin: callback.uin, transactionId: callback.transactionId, sessionId: callback.sessionId };
  const session = callback.sessionId ? await tx.findOne(PaymentSessionEntity, { id: callback.sessionId }, { lockMode: LockMode.PESSIMISTIC_WRITE }) : null;
  if (!session) {
    logPayments('warn', 'seps_callback_refused', { ...about, reason: 'UNKNOWN_SESSION', outcome: 'failure' });
    return { httpStatus: 404, body: { error: 'UNKNOWN_SESSION', message: 'A failure must name a session this portal opened.' } };
  }
  const accrual = await tx.findOne(AccrualEntity, { id: session.accrualId });
  if (!accrual || accrual.uin !== callback.uin) {
    logPayments('warn', 'seps_callback_refused', { ...about, reason: 'SESSION_OF_ANOTHER_ACCRUAL', outcome: 'failure' });
    return { httpStatus: 400, body: { error: 'SESSION_OF_ANOTHER_ACCRUAL', message: 'The session belongs to another accrual than the UIN.' } };
  }
  if (session.status === 'OPEN') {
    Object.assign(session, { status: 'FAILED', transactionId: callback.transactionId, closedAt: new Date() });
    await tx.flush();
    logPayments('info', 'payment_failed', { ...about, accrualId: accrual.id });
  }
  // a repeated failure, or a failure after the session was paid, changes nothing
  return { httpStatus: 200, body: { status: session.status === 'FAILED' ? 'failure-recorded' : 'ignored', sessionStatus: session.status } };
}

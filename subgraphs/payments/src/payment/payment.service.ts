import { LockMode } from '@mikro-orm/core';
import { conflict, forbidden, isUuid, notFound, rateLimited, requireUser } from '@portal/kit';
import { randomUUID } from 'node:crypto';
import { AccrualEntity } from '../accrual/accrual.entity';
import { canPayAccrual, NO_SUCH_ACCRUAL, ONLY_THE_PAYER_PAYS } from '../accrual/accrual.rules';
import type { PaymentsContext } from '../context';
import { logPayments } from '../log';
import { PaymentSessionEntity } from './payment-session.entity';
import { reusableSession, sessionExpiry, whyNotPayable } from './payment.rules';
import { SepsUnavailableError } from './seps.client';

export const SEPS_UNAVAILABLE =
  'The State Electronic Payment System is not answering right now, so no payment was started and nothing was charged. Try again in a minute.';
const SEPS_RETRY_AFTER_SECONDS = 60;

export interface StartedPayment {
  accrual: AccrualEntity;
  session: PaymentSessionEntity;
}

async function openSessionsOf(em: PaymentsContext['em'], accrualId: string, now: Date): Promise<PaymentSessionEntity[]> {
  return em.find(PaymentSessionEntity, { accrualId, status: 'OPEN', expiresAt: { $gt: now } });
}

function assertPayable(accrual: AccrualEntity): void {
  const problem = whyNotPayable(accrual.status);
  if (problem) throw conflict(problem, { accrualStatus: accrual.status });
}

/**
 * Hands the payer to the payment system. An open session with time left is handed out again.
 * Otherwise the session is registered with SEPS FIRST and written only after SEPS accepted it, in a
 * transaction that re-checks the accrual under a row lock: when SEPS fails nothing is written; when
 * the write fails (or a concurrent call won), SEPS holds a session nobody links to, which expires
 * unused. No database transaction is held open across the HTTP call.
 */
export async function startPayment(ctx: PaymentsContext, accrualId: string): Promise<StartedPayment> {
  const caller = requireUser(ctx);
  if (!isUuid(accrualId)) throw notFound(NO_SUCH_ACCRUAL);
  const id = accrualId.toLowerCase();
  const accrual = await ctx.em.findOne(AccrualEntity, { id }, { populate: ['receipt'] });
  if (!accrual) throw notFound(NO_SUCH_ACCRUAL);
  if (!canPayAccrual(caller, accrual)) throw forbidden(ONLY_THE_PAYER_PAYS);
  assertPayable(accrual);

  const now = new Date();
  const reusable = reusableSession(await openSessionsOf(ctx.em, id, now), now);
  if (reusable) return { accrual, session: reusable };

  const session = Object.assign(new PaymentSessionEntity(), { id: randomUUID(), accrualId: id, createdAt: now, expiresAt: sessionExpiry(now) });
  try {
    await ctx.paymentSystem.registerSession({
      sessionId: session.id,
      uin: accrual.uin,
      amountMinor: accrual.amountMinor,
      purpose: { ky: accrual.purposeKy, ru: accrual.purposeRu },
      callbackUrl: ctx.callbackUrl(),
      expiresAt: session.expiresAt.toISOString(),
    });
  } catch (error) {
    if (!(error instanceof SepsUnavailableError)) throw error;
    logPayments('error', 'seps_session_not_registered', { accrualId: id, sessionId: session.id, httpStatus: error.httpStatus, error: error.message, requestId: caller.requestId });
    throw rateLimited(SEPS_UNAVAILABLE, SEPS_RETRY_AFTER_SECONDS);
  }

  return ctx.em.fork().transactional(async (tx) => {
    const locked = await tx.findOne(AccrualEntity, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE, populate: ['receipt'] });
    if (!locked) throw notFound(NO_SUCH_ACCRUAL);
    assertPayable(locked); // paid or cancelled while SEPS was being asked
    const concurrent = reusableSession(await openSessionsOf(tx, id, now), now);
    if (concurrent) return { accrual: locked, session: concurrent };
    tx.persist(session);
    return { accrual: locked, session };
  });
}

import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { logPayments } from '../log';
import { type SepsClient, SepsSignatureError } from '../payment/seps.client';
import { ReconciliationMismatchEntity, ReconciliationReportEntity } from './reconciliation.entity';
import type { ReconciliationMetrics } from './reconciliation.metrics';
import { type BookEntry, bishkekDayBounds, type Mismatch, parseStatement, reconcile as reconcileBooks, type ReportStatus } from './reconciliation.rules';

export interface ReconciliationDependencies {
  paymentSystem: SepsClient;
  metrics: ReconciliationMetrics;
}

export interface ReconciliationRequest {
  day: string;
  trigger: 'SCHEDULE' | 'OPERATOR';
  requestedBy: string | null;
}

/** The portal's payments (receipts) and refunds booked on one Bishkek day. */
async function portalBookOf(em: EntityManager, day: string): Promise<BookEntry[]> {
  const { start, end } = bishkekDayBounds(day);
  const rows = await em.execute<Array<{ kind: 'PAYMENT' | 'REFUND'; transaction_id: string; uin: string; amount_minor: string }>>(
    `select 'PAYMENT' as kind, r.transaction_id, a.uin, r.amount_minor from payments.receipt r join payments.accrual a on a.id = r.accrual_id
      where r.paid_at >= ? and r.paid_at < ?
     union all
     select 'REFUND' as kind, f.transaction_id, a.uin, f.amount_minor from payments.refund f join payments.accrual a on a.id = f.accrual_id
      where f.status = 'COMPLETED' and f.completed_at >= ? and f.completed_at < ?
     order by kind, transaction_id`,
    [start, end, start, end],
  );
  return rows.map((row) => ({ kind: row.kind, transactionId: row.transaction_id, uin: row.uin, amountMinor: Number(row.amount_minor), status: 'COMPLETED' }));
}

interface Outcome {
  status: ReportStatus;
  statementEntryCount: number;
  problem: string | null;
  mismatches: Mismatch[];
}

/**
 * Reconciles one day: fetches the payment system's signed statement, compares it with the books and
 * stores the report, replacing an earlier one of the same day. Safe on several replicas and when run
 * twice: the comparison and the write happen under a per-day advisory lock, and the same books and
 * statement give the same report. A statement whose signature fails is refused and reported, and
 * nothing in it is compared. When the payment system does not answer, SepsUnavailableError is thrown
 * and no report is written (the schedule tries again).
 */
export async function reconcileDay(orm: MikroORM, dependencies: ReconciliationDependencies, request: ReconciliationRequest): Promise<ReconciliationReportEntity> {
  const startedAt = new Date();
  let statementOutcome: { ok: true; raw: string } | { ok: false; problem: string };
  try {
    statementOutcome = { ok: true, raw: await dependencies.paymentSystem.fetchStatement(request.day) };
  } catch (error) {
    if (!(error instanceof SepsSignatureError)) throw error;
    logPayments('warn', 'seps_statement_signature_rejected', { security: true, day: request.day, reason: error.reason });
    statementOutcome = { ok: false, problem: `The payment system's statement for ${request.day} was refused: its signature does not match (${error.reason}). Nothing in it was compared.` };
  }

  const report = await orm.em.fork().transactional(async (tx) => {
    await tx.execute(`select pg_advisory_xact_lock(hashtext(?))`, [`payments.reconciliation:${request.day}`]);
    const book = await portalBookOf(tx, request.day);
    const outcome = ((): Outcome => {
      if (!statementOutcome.ok) return { status: 'STATEMENT_REFUSED', statementEntryCount: 0, problem: statementOutcome.problem, mismatches: [] };
      const parsed = parseStatement(statementOutcome.raw, request.day);
      if (!parsed.ok) return { status: 'STATEMENT_REFUSED', statementEntryCount: 0, problem: `The payment system's statement for ${request.day} was refused: ${parsed.problem}.`, mismatches: [] };
      const mismatches = reconcileBooks(book, parsed.statement.entries);
      return { status: mismatches.length > 0 ? 'MISMATCHES' : 'BALANCED', statementEntryCount: parsed.statement.entries.length, problem: null, mismatches };
    })();
    return storeReport(tx, request, { ...outcome, portalEntryCount: book.length, startedAt });
  });
  dependencies.metrics.record(report.status, report.mismatches.map((mismatch) => mismatch.kind));
  logPayments(report.status === 'BALANCED' ? 'info' : 'warn', 'reconciliation_finished', {
    day: request.day,
    trigger: request.trigger,
    status: report.status,
    mismatches: report.mismatches.length,
    problem: report.entity.problem,
  });
  return report.entity;
}

async function storeReport(
  tx: EntityManager,
  request: ReconciliationRequest,
  outcome: Outcome & { portalEntryCount: number; startedAt: Date },
): Promise<{ entity: ReconciliationReportEntity; status: ReportStatus; mismatches: Mismatch[] }> {
  const existing = await tx.findOne(ReconciliationReportEntity, { day: request.day });
  const report = existing ?? Object.assign(new ReconciliationReportEntity(), { id: randomUUID(), day: request.day });
  Object.assign(report, {
    status: outcome.status,
    trigger: request.trigger,
    requestedBy: request.requestedBy,
    startedAt: outcome.startedAt,
    finishedAt: new Date(),
    statementEntryCount: outcome.statementEntryCount,
    portalEntryCount: outcome.portalEntryCount,
    mismatchCount: outcome.mismatches.length,
    problem: outcome.problem,
  });
  if (!existing) tx.persist(report);
  await tx.flush();
  await tx.nativeDelete(ReconciliationMismatchEntity, { reportId: report.id });
  outcome.mismatches.forEach((mismatch, position) => tx.persist(Object.assign(new ReconciliationMismatchEntity(), { id: randomUUID(), reportId: report.id, position, ...mismatch })));
  await tx.flush();
  return { entity: report, status: outcome.status, mismatches: outcome.mismatches };
}

/** Whether the day already has a report (the schedule reconciles each day once; an operator may run it again). */
export async function hasReport(orm: MikroORM, day: string): Promise<boolean> {
  return (await orm.em.fork().count(ReconciliationReportEntity, { day })) > 0;
}

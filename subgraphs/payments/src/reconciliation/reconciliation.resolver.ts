import { badInput, conflict, CONNECTION_LIST_SIZE, decodeCursor, encodeCursor, forbidden, hasRole, isOffsetCursor, pageSize, rateLimited, requireUser } from '@portal/kit';
import { Arg, Ctx, Directive, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { PaymentsContext } from '../context';
import { logPayments } from '../log';
import { SepsRefusedError, SepsUnavailableError } from '../payment/seps.client';
import { ReconciliationMismatchEntity, ReconciliationReportEntity } from './reconciliation.entity';
import { dayProblem } from './reconciliation.rules';
import { reconcileDay } from './reconciliation.service';
import { MISMATCH_LIST_SIZE, ReconciliationMismatch, ReconciliationReport, ReconciliationReportConnection } from './reconciliation.type';

export const ONLY_OPERATORS_RECONCILE = 'Reconciliation reports are for the portal operator only.';
export const SEPS_UNAVAILABLE_FOR_STATEMENT = 'The State Electronic Payment System is not answering, so its statement could not be fetched and no report was written. Try again in a minute.';

/** The books against the payment system: operator only (running the portal), no payer's personal data in it. */
@Resolver(() => ReconciliationReport)
export class ReconciliationResolver {
  @Directive(CONNECTION_LIST_SIZE)
  @Query(() => ReconciliationReportConnection, { description: 'Operator: the reconciliation reports, latest day first.' })
  async reconciliationReports(
    @Ctx() ctx: PaymentsContext,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<ReconciliationReportConnection> {
    requireOperator(ctx);
    const size = pageSize(first);
    const offset = decodeCursor(after, isOffsetCursor)?.o ?? 0;
    const [rows, totalCount] = await ctx.em.findAndCount(ReconciliationReportEntity, {}, { orderBy: { day: 'desc' }, limit: size + 1, offset });
    const page = rows.slice(0, size);
    return {
      edges: page.map((row, index) => ({ cursor: encodeCursor({ o: offset + index + 1 }), node: ReconciliationReport.from(row) })),
      pageInfo: { hasNextPage: rows.length > size, endCursor: page.length > 0 ? encodeCursor({ o: offset + page.length }) : null },
      totalCount,
    };
  }

  @Mutation(() => ReconciliationReport, { description: 'Operator: reconciles one Bishkek day (YYYY-MM-DD) now, replacing its earlier report.' })
  async runReconciliation(@Arg('day') day: string, @Ctx() ctx: PaymentsContext): Promise<ReconciliationReport> {
    const caller = requireOperator(ctx);
    const problem = dayProblem(day, new Date());
    if (problem) throw badInput(problem, { field: 'day' });
    try {
      return ReconciliationReport.from(await reconcileDay(ctx.orm, ctx.reconciliation, { day, trigger: 'OPERATOR', requestedBy: caller.userId }));
    } catch (error) {
      if (error instanceof SepsRefusedError) {
        logPayments('error', 'reconciliation_statement_refused_by_seps', { day, error: error.message, httpStatus: error.httpStatus, requestId: caller.requestId });
        throw conflict(`The payment system refused to hand over the statement for ${day} (HTTP ${error.httpStatus}), so no report was written. Check the portal's credentials with the payment system.`);
      }
      if (!(error instanceof SepsUnavailableError)) throw error;
      logPayments('error', 'reconciliation_statement_unavailable', { day, error: error.message, requestId: caller.requestId });
      throw rateLimited(SEPS_UNAVAILABLE_FOR_STATEMENT, 60);
    }
  }

  @Directive(MISMATCH_LIST_SIZE)
  @FieldResolver(() => [ReconciliationMismatch], { description: 'What differs, in the order found.' })
  async mismatches(@Root() report: ReconciliationReport, @Ctx() ctx: PaymentsContext): Promise<ReconciliationMismatch[]> {
    const rows = await ctx.loaders
      .get('mismatchesByReport', async (ids: readonly string[]) => {
        const found = await ctx.em.find(ReconciliationMismatchEntity, { reportId: { $in: [...new Set(ids)] } }, { orderBy: { position: 'asc' } });
        return ids.map((id) => found.filter((row) => row.reportId === id));
      })
      .load(report.id);
    return rows.map(ReconciliationMismatch.from);
  }
}

function requireOperator(ctx: PaymentsContext) {
  const caller = requireUser(ctx);
  if (!hasRole(caller, 'OPERATOR')) throw forbidden(ONLY_OPERATORS_RECONCILE);
  return caller;
}

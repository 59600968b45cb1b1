import { Counter, Gauge, type Metric, type Registry } from 'prom-client';
import type { MismatchKind, ReportStatus } from './reconciliation.rules';

/** The reconciliation's metrics; registered on the subgraph's /metrics once it runs (background start). */
export class ReconciliationMetrics {
  readonly runs = new Counter({ name: 'payments_reconciliation_runs_total', help: 'Reconciliation runs by outcome (BALANCED, MISMATCHES, STATEMENT_REFUSED)', labelNames: ['outcome'], registers: [] });
  readonly mismatches = new Counter({ name: 'payments_reconciliation_mismatches_total', help: 'Mismatches found between the books and the payment system statement, by kind', labelNames: ['kind'], registers: [] });
  readonly latestMismatches = new Gauge({ name: 'payments_reconciliation_latest_mismatches', help: 'Mismatches in the latest reconciliation run', registers: [] });

  register(registry: Registry): void {
    const metrics: Array<[string, Metric]> = [
      ['payments_reconciliation_runs_total', this.runs],
      ['payments_reconciliation_mismatches_total', this.mismatches],
      ['payments_reconciliation_latest_mismatches', this.latestMismatches],
    ];
    for (const [name, metric] of metrics) if (!registry.getSingleMetric(name)) registry.registerMetric(metric);
  }

  record(outcome: ReportStatus, kinds: readonly MismatchKind[]): void {
    this.runs.inc({ outcome });
    for (const kind of kinds) this.mismatches.inc({ kind });
    this.latestMismatches.set(kinds.length);
  }
}

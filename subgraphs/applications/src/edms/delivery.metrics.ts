import type { MikroORM } from '@mikro-orm/postgresql';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { DeliveryOutcome } from '@portal/edms';
import type { ApplicationsRuntime } from '../context';
import { DELIVERY_STATUSES, type DeliveryStatus } from './delivery.rules';

export interface EdmsMetrics {
  attempted(outcome: DeliveryOutcome['kind'], status: DeliveryStatus): void;
}

/**
 * EDMS delivery metrics on the subgraph's /metrics: deliveries by status and the overdue ones (not
 * acknowledged within EDMS_ACK_OVERDUE_SECONDS), read from the database at each scrape so every
 * replica reports the same; and this process's attempts by outcome.
 */
export function registerEdmsMetrics(registry: Registry, orm: MikroORM, runtime: ApplicationsRuntime): EdmsMetrics {
  new Gauge({
    name: 'edms_deliveries',
    help: "Deliveries of applications to providers' EDMS, by status",
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      const rows = await orm.em.fork().execute<Array<{ status: string; count: number }>>(`select status, count(*)::int as count from applications.provider_delivery group by status`);
      for (const status of DELIVERY_STATUSES) this.set({ status }, rows.find((row) => row.status === status)?.count ?? 0);
    },
  });
  new Gauge({
    name: 'edms_deliveries_overdue',
    help: 'Deliveries not acknowledged by the EDMS within EDMS_ACK_OVERDUE_SECONDS of submission',
    registers: [registry],
    async collect() {
      const before = new Date(runtime.now().getTime() - runtime.edms.overdueMs);
      const [row] = await orm.em.fork().execute<Array<{ count: number }>>(
        `select count(*)::int as count from applications.provider_delivery where status <> 'ACKNOWLEDGED' and created_at < ?`,
        [before],
      );
      this.set(row?.count ?? 0);
    },
  });
  const attempts = new Counter({ name: 'edms_delivery_attempts_total', help: 'Delivery attempts by outcome and the status they left the delivery in', labelNames: ['outcome', 'status'], registers: [registry] });
  return { attempted: (outcome, status) => attempts.inc({ outcome, status }) };
}

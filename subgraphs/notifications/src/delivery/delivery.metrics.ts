import type { MikroORM } from '@mikro-orm/postgresql';
import { Counter, Gauge, type Registry } from 'prom-client';
import { NOTIFICATION_CHANNELS, type DeliveryStatusCode, type NotificationChannelCode } from './delivery.rules';

// the cabinet is delivered with the notice: it never waits
const SENT_CHANNELS = NOTIFICATION_CHANNELS.filter((channel) => channel !== 'CABINET');

export interface DeliveryMetrics {
  /** Counts one recorded attempt and the state it left the delivery in. */
  attempted(channel: NotificationChannelCode, status: DeliveryStatusCode): void;
}

/**
 * Delivery metrics on the subgraph's /metrics: queued deliveries and the age of the oldest queued
 * one per channel, read from the database at each scrape (so every replica reports the same, true
 * numbers), and this process's attempts, sends and failures as counters.
 */
export function registerDeliveryMetrics(registry: Registry, orm: MikroORM): DeliveryMetrics {
  const queued = new Gauge({
    name: 'notification_deliveries_queued',
    help: 'Deliveries waiting to be sent, by channel',
    labelNames: ['channel'],
    registers: [registry],
    async collect() {
      const rows = await orm.em.fork().execute<Array<{ channel: string; queued: number }>>(
        `select channel, count(*)::int as queued from notifications.delivery where status = 'QUEUED' group by channel`,
      );
      for (const channel of SENT_CHANNELS) this.set({ channel }, rows.find((row) => row.channel === channel)?.queued ?? 0);
    },
  });
  const oldest = new Gauge({
    name: 'notification_delivery_oldest_queued_age_seconds',
    help: 'Age of the oldest delivery still waiting to be sent, by channel (0 when none waits)',
    labelNames: ['channel'],
    registers: [registry],
    async collect() {
      const rows = await orm.em.fork().execute<Array<{ channel: string; age: number }>>(
        `select channel, extract(epoch from now() - min(created_at))::float8 as age from notifications.delivery where status = 'QUEUED' group by channel`,
      );
      for (const channel of SENT_CHANNELS) this.set({ channel }, rows.find((row) => row.channel === channel)?.age ?? 0);
    },
  });
  void queued;
  void oldest;
  const attempts = new Counter({ name: 'notification_delivery_attempts_total', help: 'Send attempts by channel and the state they left the delivery in', labelNames: ['channel', 'status'], registers: [registry] });
  const sent = new Counter({ name: 'notification_deliveries_sent_total', help: 'Deliveries sent (accepted by the channel) by this process', labelNames: ['channel'], registers: [registry] });
  const failed = new Counter({ name: 'notification_deliveries_failed_total', help: 'Deliveries given up as FAILED by this process', labelNames: ['channel'], registers: [registry] });
  return {
    attempted(channel, status) {
      attempts.inc({ channel, status });
      if (status === 'SENT' || status === 'DELIVERED') sent.inc({ channel });
      if (status === 'FAILED') failed.inc({ channel });
    },
  };
}

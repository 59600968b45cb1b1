import type { ApolloServerPlugin } from '@apollo/server';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Prometheus metrics of one process (gateway or subgraph), served at GET /metrics. */
export class ServiceMetrics {
  readonly registry = new Registry();
  readonly requests: Counter<'operation_type' | 'outcome'>;
  readonly requestDuration: Histogram<'operation_type'>;
  readonly subscriptions: Gauge;
  readonly eventsDelivered: Counter;
  readonly eventDeliveryLag: Histogram;

  constructor(service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
    this.requests = new Counter({
      name: 'graphql_requests_total',
      help: 'GraphQL operations by type and outcome (ok, or error when the response carries errors)',
      labelNames: ['operation_type', 'outcome'],
      registers: [this.registry],
    });
    this.requestDuration = new Histogram({
      name: 'graphql_request_duration_seconds',
      help: 'Time from receiving a GraphQL operation to sending its response',
      labelNames: ['operation_type'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [this.registry],
    });
    this.subscriptions = new Gauge({ name: 'graphql_subscriptions_active', help: 'Open subscriptions served by this process', registers: [this.registry] });
    this.eventsDelivered = new Counter({ name: 'subscription_events_delivered_total', help: 'Events pushed to subscribers', registers: [this.registry] });
    this.eventDeliveryLag = new Histogram({
      name: 'subscription_event_delivery_lag_seconds',
      help: 'Time from an event being recorded to its delivery to a subscriber',
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
  }

  /** Counts and times every operation the Apollo server answers. */
  apolloPlugin<TContext extends object>(): ApolloServerPlugin<TContext> {
    const metrics = this;
    return {
      async requestDidStart() {
        const stopTimer = metrics.requestDuration.startTimer();
        return {
          async willSendResponse({ operation, response }) {
            const operationType = operation?.operation ?? 'invalid';
            stopTimer({ operation_type: operationType });
            const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
            metrics.requests.inc({ operation_type: operationType, outcome: errors?.length ? 'error' : 'ok' });
          },
        };
      },
    };
  }

  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}

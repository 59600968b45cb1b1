import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { percentile } from './measure';

export interface PushLatency {
  subscribers: number;
  events: number;
  samples: number;
  p50: number;
  p99: number;
  max: number;
  missing: number;
}

/**
 * Opens `subscribers` WebSocket subscriptions to the officer's queue, then for each mutation
 * measures the time from sending it to each subscriber's receipt of its event.
 */
export async function measurePushLatency(options: { gatewayUrl: string; officerToken: string; subscribers: number; mutations: Array<() => Promise<string>> }): Promise<PushLatency> {
  const arrivals = new Map<string, number[]>();
  const clients = [];
  let acknowledged = 0;
  for (let i = 0; i < options.subscribers; i += 1) {
    const client = createClient({
      url: options.gatewayUrl.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      lazy: false,
      retryAttempts: 0,
      connectionParams: { authorization: `Bearer ${options.officerToken}` },
      on: { connected: () => (acknowledged += 1) },
    });
    client.subscribe<{ providerQueueUpdates: { to: string; application: { id: string } } }>(
      { query: 'subscription { providerQueueUpdates { to version application { id number status } } }' },
      {
        next: ({ data }) => {
          if (!data) return;
          const key = `${data.providerQueueUpdates.application.id}:${data.providerQueueUpdates.to}`;
          const times = arrivals.get(key) ?? [];
          times.push(performance.now());
          arrivals.set(key, times);
        },
        error: () => undefined,
        complete: () => undefined,
      },
    );
    clients.push(client);
  }
  while (acknowledged < options.subscribers) await new Promise((r) => setTimeout(r, 20));
  await new Promise((r) => setTimeout(r, 500)); // subscriptions registered after the ack

  const latencies: number[] = [];
  let missing = 0;
  for (const mutate of options.mutations) {
    const started = performance.now();
    const key = await mutate();
    const until = Date.now() + 60_000;
    while ((arrivals.get(key)?.length ?? 0) < options.subscribers && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
    const times = arrivals.get(key) ?? [];
    missing += options.subscribers - times.length;
    latencies.push(...times.map((t) => t - started));
  }
  await Promise.all(clients.map((c) => c.dispose()));
  latencies.sort((a, b) => a - b);
  return {
    subscribers: options.subscribers,
    events: options.mutations.length,
    samples: latencies.length,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies[latencies.length - 1] ?? NaN,
    missing,
  };
}

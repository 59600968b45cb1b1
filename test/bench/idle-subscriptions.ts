import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

export interface IdleSubscriptionMemory {
  subscriptions: number;
  opened: number;
  heapBytesPerSubscription: number;
  rssBytesPerSubscription: number;
}

/** One process's memory as its Prometheus endpoint reports it (prom-client's default metrics). */
export async function processMemory(metricsUrl: string, metricsToken: string): Promise<{ heapUsed: number; rss: number }> {
  const text = await (await fetch(metricsUrl, { headers: { authorization: `Bearer ${metricsToken}` } })).text();
  const value = (name: string) => {
    const match = new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+]+)$`, 'm').exec(text);
    if (!match) throw new Error(`${metricsUrl} reports no ${name}`);
    return Number(match[1]);
  };
  return { heapUsed: value('nodejs_heap_size_used_bytes'), rss: value('process_resident_memory_bytes') };
}

/**
 * Opens `count` subscriptions that receive nothing (one WebSocket each, as browsers do) on the
 * gateway and reports what each costs the gateway's process: (after − before) ÷ count.
 */
export async function measureIdleSubscriptions(options: {
  gatewayUrl: string;
  metricsUrl: string;
  metricsToken: string;
  accessToken: string;
  count: number;
}): Promise<IdleSubscriptionMemory> {
  const settle = () => new Promise((r) => setTimeout(r, 3000));
  await settle();
  const before = await processMemory(options.metricsUrl, options.metricsToken);
  const clients: Client[] = [];
  let opened = 0;
  let failed = 0;
  const BATCH = 500;
  for (let start = 0; start < options.count; start += BATCH) {
    const size = Math.min(BATCH, options.count - start);
    const target = opened + failed + size;
    for (let i = 0; i < size; i += 1) {
      const client = createClient({
        url: options.gatewayUrl.replace(/^http/, 'ws'),
        webSocketImpl: WebSocket,
        lazy: false,
        retryAttempts: 0,
        connectionParams: { authorization: `Bearer ${options.accessToken}` },
        on: { connected: () => (opened += 1), closed: () => undefined, error: () => (failed += 1) },
      });
      // a filter that no event of the run matches: the subscription stays idle
      client.subscribe({ query: 'subscription { providerQueueUpdates { to application { id } } }' }, { next: () => undefined, error: () => undefined, complete: () => undefined });
      clients.push(client);
    }
    const until = Date.now() + 60_000;
    while (opened + failed < target && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  }
  await settle();
  const after = await processMemory(options.metricsUrl, options.metricsToken);
  await Promise.all(clients.map((c) => c.dispose()));
  return {
    subscriptions: options.count,
    opened,
    heapBytesPerSubscription: (after.heapUsed - before.heapUsed) / Math.max(1, opened),
    rssBytesPerSubscription: (after.rss - before.rss) / Math.max(1, opened),
  };
}

import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';

export interface Subscriber<T = any> {
  events: T[];
  errors: unknown[];
  /** Resolves with the close code when the server closes the connection. */
  closed: Promise<number>;
  /** Resolves once the server has acknowledged the subscription (the first ping-pong after subscribe). */
  waitFor(predicate: (events: T[]) => boolean, ms?: number): Promise<T[]>;
  dispose(): Promise<void>;
}

/** Opens a graphql-ws connection to the gateway and subscribes, collecting every payload. */
export function subscribe<T = any>(
  gatewayUrl: string,
  query: string,
  options: { token?: string; variables?: Record<string, unknown>; /** headers of the upgrade request */ headers?: Record<string, string>; connectionParams?: Record<string, unknown> } = {},
): Subscriber<T> {
  const events: T[] = [];
  const errors: unknown[] = [];
  let resolveClosed!: (code: number) => void;
  const closed = new Promise<number>((resolve) => {
    resolveClosed = resolve;
  });
  const client: Client = createClient({
    url: gatewayUrl.replace(/^http/, 'ws'),
    webSocketImpl: options.headers ? webSocketWithHeaders(options.headers) : WebSocket,
    lazy: false,
    retryAttempts: 0,
    connectionParams: { ...(options.token ? { authorization: `Bearer ${options.token}` } : {}), ...options.connectionParams },
    on: { closed: (event) => resolveClosed((event as { code: number }).code) },
  });
  client.subscribe<T>(
    { query, variables: options.variables },
    {
      next: (value) => {
        if (value.errors) errors.push(...value.errors);
        if (value.data) events.push(value.data as T);
      },
      error: (error) => errors.push(error),
      complete: () => undefined,
    },
  );
  return {
    events,
    errors,
    closed,
    async waitFor(predicate, ms = 10_000) {
      const until = Date.now() + ms;
      while (!predicate(events)) {
        if (Date.now() > until) throw new Error(`timed out waiting for subscription events; got ${JSON.stringify(events)} errors ${JSON.stringify(errors)}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      return events;
    },
    async dispose() {
      await client.dispose();
    },
  };
}

/** A WebSocket class whose upgrade request carries `headers` (what a browser adds: Accept-Language, a proxy's X-Forwarded-For). */
function webSocketWithHeaders(headers: Record<string, string>): unknown {
  return class extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers });
    }
  };
}

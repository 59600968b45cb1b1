import { DEV_SECRETS, eventBusEnvSpec, loadConfig, nodeEnv, port, str } from '@portal/kit';
import { bool, num } from 'envalid';
import path from 'node:path';
import { DEFAULT_WEB_APP_ROOT } from './web-app';

/** Where the web clients run in development (Vite and the gateway's own origin). */
export const DEV_WEB_ORIGINS = ['http://localhost:4000', 'http://127.0.0.1:4000', 'http://localhost:5173', 'http://127.0.0.1:5173'];
/** How live feeds retry a failed follow-up query and how far `since` may reach back. */
export const feedEnvSpec = {
  FEED_RETRY_ATTEMPTS: num({ default: 6, desc: 'tries of a failed per-event follow-up query before that event is delivered as an error' }),
  FEED_RETRY_INITIAL_DELAY_MS: num({ default: 1000, desc: 'wait before the second try; each later wait doubles' }),
  FEED_RETRY_MAX_DELAY_MS: num({ default: 15_000, desc: 'longest wait between tries' }),
  FEED_REPLAY_MAX_EVENTS: num({ default: 1000, desc: 'most missed events a feed resumed with `since` catches up on' }),
  FEED_REPLAY_MAX_AGE_HOURS: num({ default: 24, desc: 'oldest cursor a feed may be resumed from' }),
  FEED_MAX_QUERIES_PER_EVENT: num({ default: 8, desc: 'follow-up queries of one event in flight at once (one per access class sharing it); the rest wait' }),
};

export const gatewayEnvSpec = {
  ...feedEnvSpec,
  ...eventBusEnvSpec,
  NODE_ENV: nodeEnv(),
  PORT: port({ default: 4000 }),
  HOST: str({ default: '127.0.0.1' }),
  INTERNAL_SECRET: str({ devDefault: DEV_SECRETS.INTERNAL_SECRET, desc: 'secret shared with the subgraphs to sign caller tokens' }),
  IDENTITY_JWKS_URL: str({ default: 'http://127.0.0.1:4001/.well-known/jwks.json', desc: "identity's public keys for access tokens" }),
  SUPERGRAPH_PATH: str({ default: path.resolve(__dirname, '..', '..', 'schema', 'supergraph.graphql') }),
  DATABASE_URL: str({ default: undefined, desc: 'PostgreSQL holding the event log; subscriptions are served when it or EVENT_BUS_URL is set' }),
  METRICS_TOKEN: str({ default: undefined, desc: 'bearer token for GET /metrics (Prometheus); unset: no metrics endpoint on the public port' }),
  TRUST_PROXY: bool({ default: false, desc: 'take the client IP from X-Forwarded-For (behind a load balancer)' }),
  CORS_ALLOWED_ORIGINS: str({
    default: '',
    devDefault: DEV_WEB_ORIGINS.join(','),
    desc: 'comma-separated origins of web clients allowed to call the gateway from a browser (CORS); empty: none',
  }),
  GATEWAY_MAX_ACCESS_TOKEN_TTL_SECONDS: num({ default: 900, desc: 'longest access-token lifetime (exp - iat) accepted; identity issues 600 s' }),
  WEB_APP_ROOT: str({ default: DEFAULT_WEB_APP_ROOT, desc: 'folder of the built web app served at / (web/dist); empty: GraphQL only' }),
  HSTS_MAX_AGE_SECONDS: num({ default: 0, desc: 'Strict-Transport-Security max-age when the gateway is reached over TLS; 0: no header' }),
};

export function parseOrigins(list: string): string[] {
  return list
    .split(',')
    .map((origin) => origin.trim().replace(/\/+$/, ''))
    .filter((origin) => origin.length > 0);
}

export type GatewayEnv = ReturnType<typeof loadGatewayEnv>;

export function loadGatewayEnv(env: Record<string, string | undefined> = process.env) {
  return loadConfig(gatewayEnvSpec, env);
}

export interface FeedOptions {
  retryPolicy: { attempts: number; initialDelayMs: number; maxDelayMs: number };
  replayLimits: { maxEvents: number; maxAgeHours: number };
  /** Follow-up queries of one event in flight at once. */
  maxQueriesPerEvent: number;
}

/** The live feeds' settings from an environment (the gateway's own, or the one `npm start` passes). */
export function feedOptionsFromEnv(env: Record<string, string | undefined> = process.env): FeedOptions {
  const feed = loadConfig(feedEnvSpec, env);
  if (feed.FEED_RETRY_ATTEMPTS < 1 || feed.FEED_REPLAY_MAX_EVENTS < 1 || feed.FEED_REPLAY_MAX_AGE_HOURS <= 0 || feed.FEED_MAX_QUERIES_PER_EVENT < 1) {
    throw new Error('Invalid configuration: FEED_RETRY_ATTEMPTS, FEED_REPLAY_MAX_EVENTS and FEED_MAX_QUERIES_PER_EVENT must be at least 1, FEED_REPLAY_MAX_AGE_HOURS above 0.');
  }
  return {
    retryPolicy: { attempts: feed.FEED_RETRY_ATTEMPTS, initialDelayMs: feed.FEED_RETRY_INITIAL_DELAY_MS, maxDelayMs: feed.FEED_RETRY_MAX_DELAY_MS },
    replayLimits: { maxEvents: feed.FEED_REPLAY_MAX_EVENTS, maxAgeHours: feed.FEED_REPLAY_MAX_AGE_HOURS },
    maxQueriesPerEvent: feed.FEED_MAX_QUERIES_PER_EVENT,
  };
}

import { DEV_SECRETS, loadConfig, nodeEnv, port, str } from '@portal/kit';
import { bool, num } from 'envalid';
import path from 'node:path';

/** Where the web clients run in development (Vite and the gateway's own origin). */
export const DEV_WEB_ORIGINS = ['http://localhost:4000', 'http://127.0.0.1:4000', 'http://localhost:5173', 'http://127.0.0.1:5173'];

export const gatewayEnvSpec = {
  NODE_ENV: nodeEnv(),
  PORT: port({ default: 4000 }),
  HOST: str({ default: '127.0.0.1' }),
  INTERNAL_SECRET: str({ devDefault: DEV_SECRETS.INTERNAL_SECRET, desc: 'secret shared with the subgraphs to sign caller tokens' }),
  IDENTITY_JWKS_URL: str({ default: 'http://127.0.0.1:4001/.well-known/jwks.json', desc: "identity's public keys for access tokens" }),
  SUPERGRAPH_PATH: str({ default: path.resolve(__dirname, '..', '..', 'schema', 'supergraph.graphql') }),
  DATABASE_URL: str({ default: undefined, desc: 'PostgreSQL holding the event log; subscriptions are served when set' }),
  METRICS_TOKEN: str({ default: undefined, desc: 'bearer token for GET /metrics (Prometheus); unset: no metrics endpoint on the public port' }),
  TRUST_PROXY: bool({ default: false, desc: 'take the client IP from X-Forwarded-For (behind a load balancer)' }),
  CORS_ALLOWED_ORIGINS: str({
    default: '',
    devDefault: DEV_WEB_ORIGINS.join(','),
    desc: 'comma-separated origins of web clients allowed to call the gateway from a browser (CORS); empty: none',
  }),
  GATEWAY_MAX_ACCESS_TOKEN_TTL_SECONDS: num({ default: 900, desc: 'longest access-token lifetime (exp - iat) accepted; identity issues 600 s' }),
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

import { DEV_SECRETS, loadConfig, nodeEnv, port, str } from '@portal/kit';
import { bool } from 'envalid';
import path from 'node:path';

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
};

export type GatewayEnv = ReturnType<typeof loadGatewayEnv>;

export function loadGatewayEnv(env: Record<string, string | undefined> = process.env) {
  return loadConfig(gatewayEnvSpec, env);
}

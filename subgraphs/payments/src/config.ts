import { DEV_SECRETS, loadConfig, port, str, subgraphEnvSpec } from '@portal/kit';

/** Development defaults of this subgraph's own secrets: refused when NODE_ENV=production. */
export const PAYMENTS_DEV_SECRETS = {
  ...DEV_SECRETS,
  RECEIPT_LINK_SECRET: 'dev-only-receipt-link-secret-change-me-in-production',
} as const;

export const paymentsEnvSpec = {
  ...subgraphEnvSpec,
  PORT: port({ default: 4004, desc: 'HTTP port of the payments subgraph' }),
  RECEIPT_BASE_URL: str({
    devDefault: 'http://127.0.0.1:4004',
    desc: 'public base URL under which GET /receipts/:number is reachable (Receipt.downloadUrl)',
  }),
  RECEIPT_LINK_SECRET: str({
    devDefault: PAYMENTS_DEV_SECRETS.RECEIPT_LINK_SECRET,
    desc: 'HMAC secret signing the short-lived receipt download links',
  }),
};

export type PaymentsConfig = ReturnType<typeof loadPaymentsConfig>;

/** The payments subgraph's validated settings (development defaults refused in production). */
export function loadPaymentsConfig(env: Record<string, string | undefined> = process.env) {
  return loadConfig(paymentsEnvSpec, env, PAYMENTS_DEV_SECRETS);
}

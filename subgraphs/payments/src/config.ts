import { DEV_SECRETS, loadConfig, port, str, subgraphEnvSpec } from '@portal/kit';

/** Development defaults of this subgraph's own secrets: refused when NODE_ENV=production. */
export const PAYMENTS_DEV_SECRETS = {
  ...DEV_SECRETS,
  RECEIPT_LINK_SECRET: 'dev-only-receipt-link-secret-change-me-in-production',
  SEPS_CALLBACK_SECRET: 'dev-only-seps-callback-secret-change-me-in-production',
  SEPS_API_SECRET: 'dev-only-seps-api-secret-change-me-in-production',
} as const;

/** Where `npm start` runs the payment system stand-in (standins/src/payment-system.ts). */
export const DEV_SEPS_URL = 'http://127.0.0.1:4104';
export const DEV_PAYMENTS_PUBLIC_URL = 'http://127.0.0.1:4004';
/** Where `npm start` serves the gateway: receipt links are made at its origin. */
export const DEV_PUBLIC_GATEWAY_URL = 'http://127.0.0.1:4000';
/** UIN issuer code when a service has no budget code: 0417, Kyrgyzstan's ISO 3166 numeric code. */
export const DEFAULT_UIN_ISSUER_CODE = '0417';

export const paymentsEnvSpec = {
  ...subgraphEnvSpec,
  PORT: port({ default: 4004, desc: 'HTTP port of the payments subgraph' }),
  PUBLIC_GATEWAY_URL: str({
    devDefault: DEV_PUBLIC_GATEWAY_URL,
    desc: "the gateway's public origin as browsers reach it; Receipt.downloadUrl is <it>/files/payments/receipts/:number, signed and expiring",
  }),
  RECEIPT_LINK_SECRET: str({
    devDefault: PAYMENTS_DEV_SECRETS.RECEIPT_LINK_SECRET,
    desc: 'HMAC secret signing the short-lived receipt download links',
  }),
  SEPS_URL: str({
    devDefault: DEV_SEPS_URL,
    desc: 'base URL of the State Electronic Payment System: POST /api/sessions registers a session, /pay/:id is its payment page',
  }),
  SEPS_CALLBACK_SECRET: str({
    devDefault: PAYMENTS_DEV_SECRETS.SEPS_CALLBACK_SECRET,
    desc: 'HMAC secret shared with the payment system; it signs its callbacks (x-seps-signature)',
  }),
  SEPS_API_SECRET: str({
    devDefault: PAYMENTS_DEV_SECRETS.SEPS_API_SECRET,
    desc: 'HMAC secret shared with the payment system; it signs the portal\'s requests to it (x-portal-signature: accrual registration, refunds, statements)',
  }),
  SEPS_RETRY_BASE_MS: str({
    default: '2000',
    desc: 'first wait before a request to the payment system that failed is tried again (doubles on each failure, at most 10 minutes), in ms',
  }),
  RECONCILIATION_CHECK_MS: str({
    default: '600000',
    desc: "how often the reconciliation job checks that yesterday's (Bishkek day) statement was reconciled, in ms",
  }),
  SEPS_TIMEOUT_MS: str({ default: '5000', desc: 'how long to wait for the payment system when opening a payment session, in ms' }),
  PAYMENTS_PUBLIC_URL: str({
    devDefault: DEV_PAYMENTS_PUBLIC_URL,
    desc: 'base URL under which the payment system reaches this subgraph; callbacks go to <it>/callbacks/seps',
  }),
  UIN_ISSUER_CODE: str({
    default: DEFAULT_UIN_ISSUER_CODE,
    desc: '4-digit UIN issuer code used when a paid service has no budget code (otherwise its first 4 digits)',
  }),
};

export type PaymentsConfig = ReturnType<typeof loadPaymentsConfig>;

function httpUrlProblem(name: string, value: string): string | null {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? null : `${name}: must be an http(s) URL; got "${value}"`;
  } catch {
    return `${name}: must be an http(s) URL; got "${value}"`;
  }
}

/** The payments subgraph's validated settings (development defaults refused in production). */
export function loadPaymentsConfig(env: Record<string, string | undefined> = process.env) {
  const config = loadConfig(paymentsEnvSpec, env, PAYMENTS_DEV_SECRETS);
  const problems = [
    httpUrlProblem('SEPS_URL', config.SEPS_URL),
    httpUrlProblem('PAYMENTS_PUBLIC_URL', config.PAYMENTS_PUBLIC_URL),
    httpUrlProblem('PUBLIC_GATEWAY_URL', config.PUBLIC_GATEWAY_URL),
    /^\d{4}$/.test(config.UIN_ISSUER_CODE) ? null : `UIN_ISSUER_CODE: must be exactly 4 digits; got "${config.UIN_ISSUER_CODE}"`,
    /^\d{3,6}$/.test(config.SEPS_TIMEOUT_MS) ? null : `SEPS_TIMEOUT_MS: must be a whole number of milliseconds from 100 to 999999; got "${config.SEPS_TIMEOUT_MS}"`,
    /^\d{1,7}$/.test(config.SEPS_RETRY_BASE_MS) && Number(config.SEPS_RETRY_BASE_MS) >= 10 ? null : `SEPS_RETRY_BASE_MS: must be a whole number of milliseconds from 10 to 9999999; got "${config.SEPS_RETRY_BASE_MS}"`,
    /^\d{3,9}$/.test(config.RECONCILIATION_CHECK_MS) ? null : `RECONCILIATION_CHECK_MS: must be a whole number of milliseconds from 100 to 999999999; got "${config.RECONCILIATION_CHECK_MS}"`,
  ].filter((problem): problem is string => problem !== null);
  if (problems.length > 0) throw new Error(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  return config;
}

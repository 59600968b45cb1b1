import { log } from '@portal/kit';

const paymentsLog = log.child({ subgraph: 'payments' });

/** One structured JSON log line of the payments subgraph (security warnings, payment anomalies), with the request id within a request. */
export function logPayments(level: 'info' | 'warn' | 'error', event: string, details: Record<string, unknown> = {}): void {
  paymentsLog[level]({ event, at: new Date().toISOString(), ...details });
}

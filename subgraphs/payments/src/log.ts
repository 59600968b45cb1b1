/** One structured JSON log line of the payments subgraph (security warnings, payment anomalies). */
export function logPayments(level: 'info' | 'warn' | 'error', event: string, details: Record<string, unknown> = {}): void {
  const line = JSON.stringify({ level, subgraph: 'payments', event, at: new Date().toISOString(), ...details });
  if (level === 'error') console.error(line);
  else if (level === 'warn') console.warn(line);
  else console.log(line);
}

import { existsSync, readFileSync } from 'node:fs';

/** Linux's USER_HZ: /proc/<pid>/stat counts CPU time in these ticks. */
const TICKS_PER_SECOND = 100;

/** User + system CPU time of a process so far in ms, from /proc (Linux); null elsewhere or when it is gone. */
export function cpuMs(pid: number): number | null {
  const file = `/proc/${pid}/stat`;
  if (!existsSync(file)) return null;
  // the fields after the command name (which may hold spaces) start at its closing parenthesis
  const fields = readFileSync(file, 'utf8').split(') ')[1]?.split(' ');
  if (!fields) return null;
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

/** The processes npm start lists in its banner: `GraphQL gateway ... (own process, pid N)`, `subgraph <name> ... (own process, pid N)`. */
export function processesFromBanner(banner: string): Record<string, number> {
  const found: Record<string, number> = {};
  const gateway = /GraphQL gateway\s+\S+ \(own process, pid (\d+)\)/.exec(banner);
  if (gateway) found.gateway = Number(gateway[1]);
  for (const match of banner.matchAll(/subgraph (\w+)\s+\S+ .*\(own process, pid (\d+)\)/g)) found[match[1]] = Number(match[2]);
  return found;
}

/**
 * CPU time per answered request of each process while one load ran: what each part of the
 * platform costs per request (capacity planning, and where a scenario's time goes).
 */
export class CpuPerRequest {
  private readonly totals = new Map<string, { ms: Record<string, number>; requests: number }>();

  constructor(private readonly processes: Record<string, number>) {}

  async measure<T extends { requests: number }>(scenario: string, run: () => Promise<T>): Promise<T> {
    const before = Object.fromEntries(Object.entries(this.processes).map(([name, pid]) => [name, cpuMs(pid)]));
    const result = await run();
    const entry = this.totals.get(scenario) ?? { ms: {}, requests: 0 };
    for (const [name, pid] of Object.entries(this.processes)) {
      const start = before[name];
      const end = cpuMs(pid);
      if (start !== null && end !== null) entry.ms[name] = (entry.ms[name] ?? 0) + end - start;
    }
    entry.requests += result.requests;
    this.totals.set(scenario, entry);
    return result;
  }

  /** ms of CPU per answered request, by scenario and process. */
  perRequest(): Array<{ scenario: string; ms: Record<string, number> }> {
    return [...this.totals].map(([scenario, { ms, requests }]) => ({
      scenario,
      ms: Object.fromEntries(Object.entries(ms).map(([name, total]) => [name, requests > 0 ? total / requests : NaN])),
    }));
  }

  print(): void {
    const names = Object.keys(this.processes);
    const rows = this.perRequest();
    if (rows.length === 0 || names.length === 0) return;
    console.log(`\nCPU ms per answered request, by process (/proc, user + system):`);
    console.log(`${'scenario'.padEnd(48)}${names.map((name) => name.padStart(14)).join('')}`);
    for (const row of rows) console.log(`${row.scenario.padEnd(48)}${names.map((name) => (row.ms[name] === undefined ? '—' : row.ms[name].toFixed(2)).padStart(14)).join('')}`);
  }
}

import autocannon from 'autocannon';

export interface LoadResult {
  name: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  /** Answers received in the run. */
  requests: number;
}

/** Sends one GraphQL request body repeatedly at fixed concurrency and reports throughput and latency. */
export async function loadTest(options: {
  name: string;
  url: string;
  body: unknown;
  headers?: Record<string, string>;
  connections?: number;
  durationSeconds?: number;
}): Promise<LoadResult> {
  const result = await autocannon({
    url: options.url,
    method: 'POST',
    connections: options.connections ?? 50,
    duration: options.durationSeconds ?? 10,
    headers: { 'content-type': 'application/json', ...options.headers },
    body: JSON.stringify(options.body),
  });
  // no answer within the run: no latency to speak of (NaN fails every goal computed from it)
  const answered = result.requests.total > 0;
  return {
    name: options.name,
    requestsPerSecond: result.requests.average,
    p50: answered ? result.latency.p50 : NaN,
    p99: answered ? result.latency.p99 : NaN,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    requests: result.requests.total,
  };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

/** The rounds of one scenario and target as one row: mean req/s and mean p50/p99, errors summed. */
export function averageRounds(results: LoadResult[]): LoadResult {
  const mean = (pick: (r: LoadResult) => number) => results.reduce((sum, r) => sum + pick(r), 0) / results.length;
  return {
    name: results[0].name,
    requestsPerSecond: mean((r) => r.requestsPerSecond),
    p50: mean((r) => r.p50),
    p99: mean((r) => r.p99),
    errors: results.reduce((sum, r) => sum + r.errors, 0),
    non2xx: results.reduce((sum, r) => sum + r.non2xx, 0),
    requests: results.reduce((sum, r) => sum + r.requests, 0),
  };
}

export function printTable(rows: LoadResult[]): void {
  console.log(`${'scenario'.padEnd(56)}${'req/s'.padStart(10)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'errors'.padStart(8)}${'answers'.padStart(9)}`);
  for (const row of rows) {
    console.log(
      `${row.name.padEnd(56)}${row.requestsPerSecond.toFixed(0).padStart(10)}${row.p50.toFixed(1).padStart(9)}${row.p99.toFixed(1).padStart(9)}${String(row.errors + row.non2xx).padStart(8)}${String(row.requests).padStart(9)}`,
    );
  }
}

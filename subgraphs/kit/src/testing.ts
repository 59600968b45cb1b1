import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { ANONYMOUS, CALLER_HEADER, type Caller, signCallerToken } from './caller';
import type { SubgraphContext } from './context';
import type { EventPayloads, EventType } from './event-types';
import { NatsEventBus, type NatsBusOptions } from './events';
import { type RunningSubgraph, runSubgraph, type SubgraphDefinition } from './subgraph';

/** Secret used by tests to sign caller tokens, as the gateway would. */
export const TEST_INTERNAL_SECRET = 'test-internal-secret';

/** Creates an empty database for one test file on the run's test server (see test/support). */
export async function createTestDatabase(prefix = 'test'): Promise<string> {
  const adminUrl = process.env.TEST_ADMIN_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!adminUrl) throw new Error('TEST_ADMIN_DATABASE_URL is not set: run tests through jest (test/support/global-setup.ts).');
  const name = `${prefix}_${randomUUID().replace(/-/g, '').slice(0, 12)}`.toLowerCase();
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`create database ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** The NATS server the tests use (CI and the development machines run one with JetStream). */
export const TEST_NATS_URL = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';

/** False when the test run's global set-up found no NATS server: the NATS tests are skipped then (it says so). */
export const TEST_NATS_AVAILABLE = process.env.TEST_NATS_AVAILABLE !== '0';

/**
 * A NATS JetStream bus on a stream of its own (unique per call: parallel test files never meet);
 * fails with what is missing when no server answers. Call `deleteStream()` and `close()` after.
 */
export async function testNatsBus(label: string, options: Partial<NatsBusOptions> = {}): Promise<NatsEventBus> {
  const stream = `T_${label}_${randomUUID().replace(/-/g, '').slice(0, 10)}`.slice(0, 48);
  const bus = new NatsEventBus({ url: TEST_NATS_URL, stream, ...options });
  try {
    await bus.connected();
  } catch (error) {
    throw new Error(`This test needs NATS with JetStream at ${TEST_NATS_URL} (set TEST_NATS_URL; start one with \`nats-server -js\`): ${(error as Error).message}`);
  }
  return bus;
}

export function testCaller(overrides: Partial<Caller> = {}): Caller {
  return { ...ANONYMOUS(`test-${randomUUID()}`), ...overrides };
}

export interface GraphQLResult<T = Record<string, unknown>> {
  data?: T | null;
  errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, unknown> }>;
}

export interface TestSubgraph extends RunningSubgraph {
  databaseUrl: string;
  /** Sends an operation as the gateway would, signed for `caller` (anonymous when omitted). */
  request<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, caller?: Partial<Caller>): Promise<GraphQLResult<T>>;
}

/** Starts a subgraph on a fresh database with migrations (and optionally the demo seed) applied. */
export async function startTestSubgraph<TContext extends SubgraphContext>(
  definition: SubgraphDefinition<TContext>,
  options: { seed?: boolean; onQuery?: (sql: string) => void } = {},
): Promise<TestSubgraph> {
  const databaseUrl = await createTestDatabase(definition.name);
  const running = await runSubgraph(definition, {
    databaseUrl,
    internalSecret: TEST_INTERNAL_SECRET,
    port: 0,
    seed: options.seed ?? false,
    onQuery: options.onQuery,
    poolSize: 4,
  });
  return {
    ...running,
    databaseUrl,
    async request(query, variables, caller) {
      const signed = testCaller(caller);
      const token = await signCallerToken(signed, TEST_INTERNAL_SECRET);
      const response = await fetch(`${running.url}/graphql`, {
        method: 'POST',
        // the request id travels beside the token, as the gateway sends it
        headers: { 'content-type': 'application/json', [CALLER_HEADER]: token, 'x-request-id': signed.requestId },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as never;
    },
  };
}

/**
 * Appends an event to the shared event log as if another subgraph's relay had published it, so a
 * subgraph's consumers can be tested alone. Returns the event id.
 */
export async function publishTestEvent<T extends EventType>(
  databaseUrl: string,
  type: T,
  aggregate: { type: string; id: string; version: number },
  payload: EventPayloads[T],
): Promise<string> {
  const eventId = randomUUID();
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(
      `insert into event_bus.event_log (event_id, source, type, aggregate_type, aggregate_id, aggregate_version, payload, occurred_at)
       values ($1, 'test', $2, $3, $4, $5, $6, now())`,
      [eventId, type, aggregate.type, aggregate.id, aggregate.version, JSON.stringify(payload)],
    );
    await client.query(`select pg_notify('event_bus', '')`);
  } finally {
    await client.end();
  }
  return eventId;
}

/** Polls `check` every 50 ms until it holds; fails after `timeoutMs` saying what it waited for. */
export async function waitUntil(check: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * identity's UserProfileChanged for a test citizen, as consumers receive it: contacts confirmed with a
 * one-time code are announced verified (only those receive notices); override any field.
 */
export function testUserProfile(userId: string, overrides: Partial<EventPayloads['UserProfileChanged']> = {}): EventPayloads['UserProfileChanged'] {
  return {
    userId,
    kind: 'INDIVIDUAL',
    pin: '21505199000123',
    fullName: 'Test Person',
    birthDate: null,
    address: null,
    email: null,
    phone: null,
    preferredLanguage: 'KY',
    roles: ['CITIZEN'],
    providerId: null,
    blocked: false,
    emailVerified: true,
    phoneVerified: true,
    ...overrides,
  };
}

/** What a PDF says when read as a reader would (pdf-parse): its text and its title. */
export interface PdfReading {
  text: string;
  title: string | null;
}

/**
 * Reads a PDF with pdf-parse (pdf.js) in a child Node process: pdf.js loads its worker by a dynamic
 * ESM import, which jest's module system does not run.
 */
export async function readPdf(pdf: Buffer): Promise<PdfReading> {
  const { execFile } = await import('node:child_process');
  const script = `const { PDFParse } = require('pdf-parse');
const chunks = [];
process.stdin.on('data', (c) => chunks.push(c)).on('end', async () => {
  const parser = new PDFParse({ data: new Uint8Array(Buffer.concat(chunks)) });
  const text = await parser.getText();
  const info = await parser.getInfo();
  process.stdout.write(JSON.stringify({ text: text.text, title: info.info?.Title ?? null }));
  await parser.destroy();
});`;
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, ['-e', script], { cwd: __dirname, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`reading the PDF failed: ${stderr || error.message}`));
      resolve(JSON.parse(stdout) as PdfReading);
    });
    child.stdin?.end(pdf);
  });
}

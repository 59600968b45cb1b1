import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import pino, { type DestinationStream, type Logger } from 'pino';

/** What every log line written while one request is handled carries. */
export interface RequestScope {
  requestId: string;
}

const requestScope = new AsyncLocalStorage<RequestScope>();
/** Loggers already bound to a request id (Fastify's request loggers): the mixin adds nothing to them. */
const boundToRequest = new WeakSet<object>();

/** Under jest without LOG_LEVEL only warnings and errors reach the terminal; captureLogs sees every line. */
const QUIET_UNDER_TEST = process.env.NODE_ENV === 'test' && !process.env.LOG_LEVEL;
const WARNING_OR_WORSE = /"level":"(?:warn|error|fatal)"/;
const stdoutSink: DestinationStream = QUIET_UNDER_TEST
  ? { write: (line: string) => (WARNING_OR_WORSE.test(line) ? process.stdout.write(line) : true) }
  : process.stdout;

/** Where the lines go: stdout, or a test's stream (captureLogs). */
let destination: DestinationStream = stdoutSink;
const forwarding: DestinationStream = { write: (line: string) => destination.write(line) };

/**
 * The process's logger: JSON lines (pino), level from LOG_LEVEL (trace … fatal, silent), each
 * line of a request carrying its `requestId`. Components log through `log.child({ component })`.
 */
export const log: Logger = pino(
  {
    level: process.env.LOG_LEVEL || 'info',
    messageKey: 'message',
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    mixin(_merge, _level, logger) {
      const scope = requestScope.getStore();
      return scope && !boundToRequest.has(logger) ? { requestId: scope.requestId } : {};
    },
  },
  forwarding,
);

/** How a request shows in access lines: its path without the query (GET variables, signed links' signatures stay out of logs). */
function requestInLog(request: { method?: string; url?: string; ip?: string }): Record<string, unknown> {
  return { method: request.method, path: request.url?.split('?')[0], remoteAddress: request.ip };
}

/** A child logger that already names its request (Fastify's `request.log`). */
export function requestLogger<L extends { child(bindings: Record<string, unknown>, options?: { serializers?: Record<string, (value: never) => unknown> }): L }>(
  parent: L,
  bindings: Record<string, unknown>,
): L {
  const child = parent.child(bindings, { serializers: { req: requestInLog } });
  boundToRequest.add(child);
  return child;
}

/** Runs `work` as part of one request: every line logged meanwhile, anywhere, names it. */
export function inRequestScope<T>(scope: RequestScope, work: () => T): T {
  return requestScope.run(scope, work);
}

/** The id of the request being handled here, if any. */
export function currentRequestId(): string | undefined {
  return requestScope.getStore()?.requestId;
}

/** What a client may choose as its request id: short, and only characters safe in logs and headers. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/** The client's `x-request-id` when it is sane, else a fresh one. */
export function requestIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value && SANE_REQUEST_ID.test(value) ? value : randomUUID();
}

/** Sends every log line of the process to `lines` (parsed) until the returned stop is called: tests. */
export function captureLogs(): { lines: Array<Record<string, unknown>>; stop(): void } {
  const lines: Array<Record<string, unknown>> = [];
  const previous = destination;
  destination = {
    write(line: string) {
      for (const text of line.split('\n')) if (text) lines.push(JSON.parse(text) as Record<string, unknown>);
    },
  };
  return {
    lines,
    stop() {
      destination = previous;
    },
  };
}

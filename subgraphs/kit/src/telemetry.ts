import { type Context, context, propagation, ROOT_CONTEXT, type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, ConsoleSpanExporter, type SpanExporter, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { MikroORM } from '@mikro-orm/postgresql';
import { log } from './log';

/**
 * OpenTelemetry traces, off unless the standard variables ask for them: OTEL_TRACES_EXPORTER
 * (otlp, console or none; a list) or OTEL_EXPORTER_OTLP_ENDPOINT alone (then otlp). The OTLP
 * exporter (http/protobuf) reads its own OTEL_EXPORTER_OTLP_* variables; OTEL_SERVICE_NAME names
 * the process. The spans: the server span of each HTTP request, @apollo/gateway's own
 * (gateway.request, gateway.plan, gateway.fetch per subgraph call), and one span per SQL statement.
 */
export function traceExportersFromEnv(env: Record<string, string | undefined> = process.env): SpanExporter[] {
  const named = (env.OTEL_TRACES_EXPORTER ?? '').split(',').map((name) => name.trim().toLowerCase()).filter(Boolean);
  const names = named.length > 0 ? named : env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ? ['otlp'] : [];
  const exporters: SpanExporter[] = [];
  for (const name of names) {
    if (name === 'none') return [];
    if (name === 'otlp') exporters.push(new OTLPTraceExporter());
    else if (name === 'console') exporters.push(new ConsoleSpanExporter());
    else throw new Error(`OTEL_TRACES_EXPORTER: unknown exporter "${name}" (otlp, console or none)`);
  }
  return exporters;
}

export interface Telemetry {
  enabled: boolean;
  shutdown(): Promise<void>;
}

let started: { provider: NodeTracerProvider; telemetry: Telemetry } | null = null;

/**
 * Starts tracing for this process once (the platform runs every service in one process): with the
 * exporters the environment names, or with `spanProcessors` (tests). Without either it does nothing.
 */
export function startTelemetry(serviceName: string, options: { spanProcessors?: SpanProcessor[]; env?: Record<string, string | undefined> } = {}): Telemetry {
  if (started) return started.telemetry;
  const env = options.env ?? process.env;
  const spanProcessors = options.spanProcessors ?? traceExportersFromEnv(env).map((exporter) => new BatchSpanProcessor(exporter));
  if (spanProcessors.length === 0) return { enabled: false, shutdown: async () => {} };
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': env.OTEL_SERVICE_NAME || serviceName }),
    spanProcessors,
  });
  // the AsyncLocalStorage context manager and the W3C traceparent propagator
  provider.register();
  const telemetry: Telemetry = {
    enabled: true,
    async shutdown() {
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
      started = null;
    },
  };
  started = { provider, telemetry };
  log.child({ component: 'telemetry' }).info({ serviceName }, 'traces on');
  return telemetry;
}

const SERVER_TRACER = '@portal/http';

/**
 * The span of one HTTP request served by `service`. `trustTraceparent`: continue the caller's trace
 * (subgraphs, called by the gateway only); the public edge starts its own.
 */
export function startServerSpan(
  service: string,
  request: { method: string; url: string; headers: Record<string, string | string[] | undefined> },
  trustTraceparent: boolean,
): { span: Span; context: Context } {
  const parent = trustTraceparent ? propagation.extract(ROOT_CONTEXT, request.headers) : ROOT_CONTEXT;
  const path = request.url.split('?')[0];
  const span = trace.getTracer(SERVER_TRACER).startSpan(
    `${service} ${request.method} ${path}`,
    { kind: SpanKind.SERVER, attributes: { 'portal.service': service, 'http.request.method': request.method, 'url.path': path } },
    parent,
  );
  return { span, context: trace.setSpan(parent, span) };
}

export function endServerSpan(span: Span, statusCode: number, requestId: string): void {
  span.setAttribute('http.response.status_code', statusCode);
  span.setAttribute('portal.request_id', requestId);
  if (statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
  span.end();
}

/** Writes the active trace context (traceparent) into outgoing request headers. */
export function injectTraceContext(set: (name: string, value: string) => void): void {
  propagation.inject(context.active(), undefined, { set: (_carrier, name, value) => set(name, value) });
}

interface KnexQuery {
  __knexQueryUid?: string;
  sql?: string;
  method?: string;
}

interface KnexEvents {
  on(event: 'query', listener: (query: KnexQuery) => void): unknown;
  on(event: 'query-response', listener: (response: unknown, query: KnexQuery) => void): unknown;
  on(event: 'query-error', listener: (error: Error, query: KnexQuery) => void): unknown;
}

/**
 * One client span per SQL statement of `orm`, child of whatever is active when it is sent (the
 * request's span): MikroORM runs its statements through knex, whose query events mark start and end.
 */
export function traceSqlStatements(orm: MikroORM, databaseSchema: string): void {
  const knex = orm.em.getConnection().getKnex() as unknown as KnexEvents;
  const open = new Map<string, Span>();
  const tracer = trace.getTracer('@portal/sql');
  knex.on('query', (query) => {
    if (!query.__knexQueryUid || !trace.getSpan(context.active())) return;
    const statement = query.sql ?? '';
    const span = tracer.startSpan(`SQL ${statement.split(/\s/, 1)[0].toUpperCase()} ${databaseSchema}`, {
      kind: SpanKind.CLIENT,
      attributes: { 'db.system.name': 'postgresql', 'db.namespace': databaseSchema, 'db.query.text': statement.slice(0, 2000) },
    });
    open.set(query.__knexQueryUid, span);
  });
  const end = (query: KnexQuery, error?: Error) => {
    const span = query.__knexQueryUid ? open.get(query.__knexQueryUid) : undefined;
    if (!span) return;
    open.delete(query.__knexQueryUid!);
    if (error) span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
    span.end();
  };
  knex.on('query-response', (_response, query) => end(query));
  knex.on('query-error', (error, query) => end(query, error));
}

import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { fastifyApolloHandler } from '@as-integrations/fastify';
import type { MikroORM } from '@mikro-orm/postgresql';
import { context as otelContext, type Context, type Span } from '@opentelemetry/api';
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest, LogController } from 'fastify';
import type { GraphQLSchema } from 'graphql';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ALSO_FOR_EXTENSION, CALLER_HEADER, type Caller, CallerTokenError, languageFromAcceptLanguage, verifyCallerToken } from './caller';
import { LoaderRegistry, type SubgraphContext } from './context';
import { maskUnexpectedError, withoutSchemaHints } from './errors';
import { checkOperationText, inputLimitsPlugin, inputLiteralsRule, type InputLimits, localizeInputLimitError, SUBGRAPH_INPUT_LIMITS } from './input-limits';
import { inRequestScope, log, requestIdFrom, requestLogger } from './log';
import { ServiceMetrics } from './metrics';
import { endServerSpan, startServerSpan } from './telemetry';

export interface RawRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: Buffer;
  params: Record<string, string>;
}

export interface RawResponse {
  status: number;
  headers?: Record<string, string>;
  body: string | Buffer;
}

/** A plain HTTP route beside /graphql (JWKS, callbacks, downloads): not behind the caller check. */
export interface Route {
  method: 'GET' | 'POST';
  /** Path with `:name` parameters, e.g. `/documents/:number`. */
  path: string;
  handle(request: RawRequest): Promise<RawResponse>;
}

/** A plain Node handler (streams its own request and answer: uploads, downloads, static files). */
export type NodeHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export interface SubgraphServerOptions<TContext extends SubgraphContext = SubgraphContext> {
  name: string;
  schema: GraphQLSchema;
  orm: MikroORM;
  internalSecret: string;
  routes?: Route[];
  /** Adds subgraph-specific members to the per-request context. */
  extendContext?: (base: SubgraphContext) => TContext;
  maxBodyBytes?: number;
  /** Input limits of /graphql (default SUBGRAPH_INPUT_LIMITS). */
  inputLimits?: InputLimits;
  /** The process's metrics, when the caller registers more of its own (default: a fresh set). */
  metrics?: ServiceMetrics;
}

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' };
const NO_STORE_JSON_HEADERS = { ...JSON_HEADERS, 'cache-control': 'no-store' };
export const NOT_FOUND: RawResponse = { status: 404, headers: JSON_HEADERS, body: '{"error":"not found"}' };

export interface HttpServerOptions {
  /** Names the service in log lines and spans, e.g. `gateway`, `subgraph-catalog`. */
  service: string;
  /** Largest request body read (Fastify's bodyLimit). */
  bodyLimit: number;
  /** The answer to a body over the limit (default: 413 `{"error":"request body too large"}`). */
  tooLarge?: (limit: number) => RawResponse;
  /** The client address from X-Forwarded-For (behind a reverse proxy). */
  trustProxy?: boolean;
  /** Continue the caller's `traceparent` (internal services); the public edge starts its own trace. */
  trustTraceparent?: boolean;
  /** Security headers on every answer (default true); stand-ins set their own. */
  securityHeaders?: boolean;
  hstsMaxAgeSeconds?: number;
  /** Answers what no route matches (default: 404 `{"error":"not found"}`). */
  notFound?: (request: FastifyRequest, reply: FastifyReply) => unknown;
}

const requestSpans = new WeakMap<FastifyRequest, { span: Span; context: Context }>();

/**
 * One access line per request, when it completes, with the method and path as well as the status
 * and time, instead of Fastify's two (incoming, then completed): half the log volume of a service
 * that answers a gateway's every fetch.
 */
class AccessLineLogController extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (error) reply.log.error({ req: request, res: reply, err: error, responseTime: reply.elapsedTime }, 'request errored');
    else reply.log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }
}

/**
 * A Fastify server as every HTTP service of the platform runs it: pino logs with the request id
 * (the client's sane `x-request-id`, else a fresh one, echoed in the answer), a server span per
 * request, raw bodies within `bodyLimit`, security headers, JSON errors instead of Fastify's.
 * Routes are added with `serveRoute`, `serveGraphQL` and `mountNodeHandler`.
 */
export function createHttpServer(options: HttpServerOptions): FastifyInstance {
  const app = Fastify({
    loggerInstance: log.child({ service: options.service }) as FastifyBaseLogger,
    childLoggerFactory: (logger, bindings) => requestLogger(logger, bindings),
    logController: new AccessLineLogController({ requestIdLogLabel: 'requestId' }),
    genReqId: (req) => requestIdFrom(req.headers['x-request-id']),
    trustProxy: options.trustProxy ?? false,
    bodyLimit: options.bodyLimit,
    forceCloseConnections: true,
    return503OnClosing: false,
  });
  // bodies stay bytes: /graphql parses its own JSON, signed callbacks check the exact bytes
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  app.addHook('onRequest', (request, reply, done) => {
    requestSpans.set(request, startServerSpan(options.service, request, options.trustTraceparent ?? false));
    reply.header('x-request-id', request.id);
    if (options.securityHeaders ?? true) reply.headers(securityHeaders(options.hstsMaxAgeSeconds));
    done();
  });
  app.addHook('onResponse', (request, reply, done) => {
    const traced = requestSpans.get(request);
    if (traced) endServerSpan(traced.span, reply.statusCode, request.id);
    done();
  });
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return sendRaw(reply, options.tooLarge?.(options.bodyLimit) ?? { status: 413, headers: JSON_HEADERS, body: '{"error":"request body too large"}' });
    }
    const status = error.statusCode ?? 500;
    if (status < 500) return sendRaw(reply, { status, headers: JSON_HEADERS, body: JSON.stringify({ error: error.message }) });
    request.log.error({ err: error }, 'request failed');
    return sendRaw(reply, { status: 500, headers: JSON_HEADERS, body: JSON.stringify({ error: 'internal', requestId: request.id }) });
  });
  app.setNotFoundHandler(options.notFound ?? ((_request, reply) => sendRaw(reply, NOT_FOUND)));
  return app;
}

/** Runs `work` inside the request's log scope and span, so every line and child span names the request. */
export function withinRequest<T>(request: FastifyRequest, work: () => T): T {
  const traced = requestSpans.get(request);
  return inRequestScope({ requestId: request.id }, () => (traced ? otelContext.with(traced.context, work) : work()));
}

export function sendRaw(reply: FastifyReply, response: RawResponse): FastifyReply {
  return reply.code(response.status).headers(response.headers ?? {}).send(response.body);
}

/** The kit's plain route on a Fastify server: its body as bytes, its `:name` parameters decoded. */
export function serveRoute(app: FastifyInstance, route: Route): void {
  app.route({
    method: route.method,
    url: route.path,
    handler: (request, reply) =>
      withinRequest(request, async () => {
        const url = new URL(request.url, 'http://service');
        const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const response = await route.handle({ method: request.method, path: url.pathname, query: url.searchParams, headers: request.headers, body, params: request.params as Record<string, string> });
        return sendRaw(reply, response);
      }),
  });
}

/**
 * Mounts a plain Node handler on `prefix` (the path itself and everything under it) for the given
 * methods. The request stream is left unread (the handler applies its own size limits); the
 * request id and security headers are already on `res`; logs and spans name the request.
 */
export function mountNodeHandler(app: FastifyInstance, prefix: string, handler: NodeHandler, methods: Array<'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE' | 'OPTIONS'> = ['GET', 'POST']): void {
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, _payload, done) => done(null));
    const serve = (request: FastifyRequest, reply: FastifyReply) => handOver(request, reply, handler);
    const base = prefix.replace(/\/+$/, '');
    scope.route({ method: methods, url: base || '/', handler: serve, exposeHeadRoute: false });
    scope.route({ method: methods, url: `${base}/*`, handler: serve, exposeHeadRoute: false });
  });
}

/**
 * Lets a plain Node handler answer this request: Fastify steps aside (its onResponse hook still
 * logs and ends the span), the headers set so far (request id, security) are put on `res` first.
 */
export function handOver(request: FastifyRequest, reply: FastifyReply, handler: NodeHandler): Promise<void> {
  return withinRequest(request, async () => {
    reply.hijack();
    for (const [name, value] of Object.entries(reply.getHeaders())) if (value !== undefined) reply.raw.setHeader(name, value as string | string[]);
    try {
      await handler(request.raw, reply.raw);
    } catch (error) {
      request.log.error({ err: error }, 'request failed');
      if (!reply.raw.headersSent) {
        reply.raw.writeHead(500, JSON_HEADERS);
        reply.raw.end(JSON.stringify({ error: 'internal', requestId: request.id }));
      } else reply.raw.end();
    }
  });
}

export interface GraphQLRouteOptions<TContext extends object> {
  apollo: ApolloServer<TContext>;
  /** Checked against the operation text before Apollo parses it. */
  limits: InputLimits;
  /** Decides whether the request is served: a refusal, or how to build its context. */
  admit(request: FastifyRequest): Promise<{ refusal: RawResponse } | { context: () => Promise<TContext> }>;
  /** Headers of every /graphql answer (CORS), set before anything else. */
  headers?: (request: FastifyRequest) => Record<string, string>;
}

/**
 * GET and POST /graphql through Apollo Server (@as-integrations/fastify): the body parsed as JSON
 * here (a clear 400 otherwise), the operation text scanned against the limits before Apollo
 * parses it, answers never cached.
 */
export function serveGraphQL<TContext extends object>(app: FastifyInstance, options: GraphQLRouteOptions<TContext>): void {
  const contexts = new WeakMap<FastifyRequest, () => Promise<TContext>>();
  const apolloHandler = fastifyApolloHandler<TContext>(options.apollo, { context: async (request) => contexts.get(request)!() });
  app.route({
    method: ['GET', 'POST'],
    url: '/graphql',
    // before the body is read, so a refusal of the body (413) carries them too
    onRequest: (request, reply, done) => {
      reply.headers({ ...options.headers?.(request), 'cache-control': 'no-store' });
      done();
    },
    handler: (request, reply) =>
      withinRequest(request, async () => {
        const admitted = await options.admit(request);
        if ('refusal' in admitted) return sendRaw(reply, admitted.refusal);
        let parsedBody: unknown = undefined;
        if (request.method === 'POST' && Buffer.isBuffer(request.body) && request.body.length > 0) {
          try {
            parsedBody = JSON.parse(request.body.toString('utf8'));
          } catch {
            return sendRaw(reply, { status: 400, headers: NO_STORE_JSON_HEADERS, body: '{"errors":[{"message":"The request body is not valid JSON.","extensions":{"code":"BAD_USER_INPUT"}}]}' });
          }
        }
        for (const text of operationTexts(parsedBody, request.query as Record<string, unknown>)) {
          const refusal = checkOperationText(text, options.limits);
          if (refusal) {
            localizeInputLimitError(refusal, languageFromAcceptLanguage(headerValue(request.headers['accept-language'])));
            const { http: _http, ...extensions } = refusal.extensions;
            return sendRaw(reply, { status: 400, headers: NO_STORE_JSON_HEADERS, body: JSON.stringify({ errors: [{ message: refusal.message, extensions }] }) });
          }
        }
        request.body = parsedBody;
        contexts.set(request, admitted.context);
        type ApolloArguments = Parameters<typeof apolloHandler>;
        const answer = await apolloHandler.call(app, request as ApolloArguments[0], reply as ApolloArguments[1]);
        // Apollo may name its own cache policy: the platform's answers are per user, never cached
        reply.header('cache-control', 'no-store');
        return answer;
      }),
  });
}

/**
 * Serves one subgraph: POST /graphql only with a valid gateway caller token (every operation,
 * `_entities` and `_service` included), GET /health checking the database, and the extra routes.
 */
export async function startSubgraphServer<TContext extends SubgraphContext>(
  options: SubgraphServerOptions<TContext>,
  port: number,
  host = '127.0.0.1',
): Promise<RunningServer> {
  const metrics = options.metrics ?? new ServiceMetrics(`subgraph-${options.name}`);
  const inputLimits = options.inputLimits ?? SUBGRAPH_INPUT_LIMITS;
  const hideSchemaDetails = process.env.NODE_ENV === 'production';
  const apollo = new ApolloServer<TContext>({
    schema: options.schema,
    csrfPrevention: true,
    includeStacktraceInErrorResponses: false,
    hideSchemaDetailsFromClientErrors: hideSchemaDetails,
    // no cache hints are declared or read (the gateway sets no Cache-Control from them), and the
    // plugins that use them wrap every field's resolver: off, so fields resolve without that layer
    plugins: [ApolloServerPluginInlineTraceDisabled(), ApolloServerPluginCacheControlDisabled(), metrics.apolloPlugin<TContext>(), inputLimitsPlugin<TContext>(inputLimits)],
    validationRules: [inputLiteralsRule(inputLimits)],
    formatError: (formatted, error) => {
      const masked = maskUnexpectedError(formatted, error);
      return hideSchemaDetails ? withoutSchemaHints(masked) : masked;
    },
  });
  await apollo.start();
  // only the gateway calls a subgraph: its traceparent continues the gateway's trace
  const app = createHttpServer({ service: `subgraph-${options.name}`, bodyLimit: options.maxBodyBytes ?? 1024 * 1024, trustTraceparent: true });

  app.get('/health', async (_request, reply) => {
    const healthy = await options.orm.isConnected();
    return sendRaw(reply, { status: healthy ? 200 : 503, headers: JSON_HEADERS, body: JSON.stringify({ subgraph: options.name, status: healthy ? 'ok' : 'database unavailable' }) });
  });
  app.get('/metrics', async (_request, reply) => {
    // like /health: for the internal network only; it carries no personal data
    const rendered = await metrics.render();
    return sendRaw(reply, { status: 200, headers: { 'content-type': rendered.contentType }, body: rendered.body });
  });
  serveGraphQL<TContext>(app, {
    apollo,
    limits: inputLimits,
    async admit(request) {
      let caller: Caller;
      try {
        // the body is still the raw bytes here: read only when the token pins a recipient list
        caller = await verifyCallerToken(headerValue(request.headers[CALLER_HEADER]), options.internalSecret, () => claimedAlsoFor(request.body), request.id);
      } catch (error) {
        if (!(error instanceof CallerTokenError)) throw error;
        // Only the gateway may call a subgraph: answer like a GraphQL server so clients see the code.
        return {
          refusal: {
            status: 401,
            headers: JSON_HEADERS,
            body: JSON.stringify({ errors: [{ message: 'Subgraphs accept only requests signed by the gateway.', extensions: { code: 'UNAUTHENTICATED' } }] }),
          },
        };
      }
      return {
        context: async () => {
          const base: SubgraphContext = { caller, em: options.orm.em.fork() as SubgraphContext['em'], loaders: new LoaderRegistry() };
          return (options.extendContext ? options.extendContext(base) : base) as TContext;
        },
      };
    },
  });
  for (const route of options.routes ?? []) serveRoute(app, route);

  await app.listen({ port, host });
  const actualPort = (app.server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${actualPort}`,
    port: actualPort,
    async close() {
      await app.close();
      await apollo.stop();
    },
  };
}

/** The `alsoFor` list a shared live-feed render carries in its body's extensions (read only when its token pins one). */
function claimedAlsoFor(body: unknown): unknown {
  if (!Buffer.isBuffer(body)) return undefined;
  try {
    return (JSON.parse(body.toString('utf8')) as { extensions?: Record<string, unknown> }).extensions?.[ALSO_FOR_EXTENSION];
  } catch {
    return undefined;
  }
}

export function newRequestId(): string {
  return randomUUID();
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Headers on every HTTP answer (GraphQL, health, downloads): no sniffing, no referrer, no framing.
 * Fastify adds no X-Powered-By; nothing here adds one either.
 */
export function securityHeaders(hstsMaxAgeSeconds?: number): Record<string, string> {
  return {
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'content-security-policy': "frame-ancestors 'none'",
    ...(hstsMaxAgeSeconds && hstsMaxAgeSeconds > 0 ? { 'strict-transport-security': `max-age=${Math.floor(hstsMaxAgeSeconds)}; includeSubDomains` } : {}),
  };
}

/** The security headers on a plain Node answer (a handler mounted outside the kit's server). */
export function setSecurityHeaders(res: ServerResponse, options: { hstsMaxAgeSeconds?: number } = {}): void {
  for (const [name, value] of Object.entries(securityHeaders(options.hstsMaxAgeSeconds))) res.setHeader(name, value);
}

/** The operation texts of a request: the POST body's (one, or each of a batch) or GET's `query`. */
function operationTexts(parsedBody: unknown, query: Record<string, unknown> | undefined): string[] {
  const texts: string[] = [];
  const fromBody = (entry: unknown) => {
    const text = (entry as { query?: unknown } | null)?.query;
    if (typeof text === 'string') texts.push(text);
  };
  if (Array.isArray(parsedBody)) parsedBody.forEach(fromBody);
  else if (parsedBody && typeof parsedBody === 'object') fromBody(parsedBody);
  const fromSearch = query?.query;
  if (typeof fromSearch === 'string') texts.push(fromSearch);
  else if (Array.isArray(fromSearch)) for (const text of fromSearch) if (typeof text === 'string') texts.push(text);
  return texts;
}

export { JSON_HEADERS };

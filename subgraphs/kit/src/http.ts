import { ApolloServer, HeaderMap, type HTTPGraphQLRequest } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { GraphQLSchema } from 'graphql';
import { randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ALSO_FOR_EXTENSION, CALLER_HEADER, type Caller, CallerTokenError, languageFromAcceptLanguage, verifyCallerToken } from './caller';
import { LoaderRegistry, type SubgraphContext } from './context';
import { maskUnexpectedError, withoutSchemaHints } from './errors';
import { checkOperationText, inputLimitsPlugin, inputLiteralsRule, type InputLimits, localizeInputLimitError, SUBGRAPH_INPUT_LIMITS } from './input-limits';
import { ServiceMetrics } from './metrics';

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
    plugins: [ApolloServerPluginInlineTraceDisabled(), metrics.apolloPlugin<TContext>(), inputLimitsPlugin<TContext>(inputLimits)],
    validationRules: [inputLiteralsRule(inputLimits)],
    formatError: (formatted, error) => {
      const masked = maskUnexpectedError(formatted, error);
      return hideSchemaDetails ? withoutSchemaHints(masked) : masked;
    },
  });
  await apollo.start();
  const routes = (options.routes ?? []).map((route) => ({ ...route, matcher: compilePath(route.path) }));
  const maxBody = options.maxBodyBytes ?? 1024 * 1024;

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error(JSON.stringify({ level: 'error', subgraph: options.name, message: String((error as Error)?.stack ?? error) }));
      if (!res.headersSent) send(res, { status: 500, headers: JSON_HEADERS, body: '{"error":"internal"}' });
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    setSecurityHeaders(res);
    const url = new URL(req.url ?? '/', 'http://subgraph');
    const body = await readBody(req, maxBody);
    if (body === null) return send(res, { status: 413, headers: JSON_HEADERS, body: '{"error":"request body too large"}' });

    if (url.pathname === '/health' && req.method === 'GET') {
      const healthy = await options.orm.isConnected();
      return send(res, { status: healthy ? 200 : 503, headers: JSON_HEADERS, body: JSON.stringify({ subgraph: options.name, status: healthy ? 'ok' : 'database unavailable' }) });
    }
    if (url.pathname === '/metrics' && req.method === 'GET') {
      // like /health: for the internal network only; it carries no personal data
      const rendered = await metrics.render();
      return send(res, { status: 200, headers: { 'content-type': rendered.contentType }, body: rendered.body });
    }
    if (url.pathname === '/graphql') return graphql(req, res, url, body);

    for (const route of routes) {
      if (route.method !== req.method) continue;
      const params = route.matcher(url.pathname);
      if (!params) continue;
      const response = await route.handle({ method: req.method, path: url.pathname, query: url.searchParams, headers: req.headers, body, params });
      return send(res, response);
    }
    send(res, { status: 404, headers: JSON_HEADERS, body: '{"error":"not found"}' });
  }

  async function graphql(req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer): Promise<void> {
    let caller: Caller;
    try {
      caller = await verifyCallerToken(headerValue(req.headers[CALLER_HEADER]), options.internalSecret, () => claimedAlsoFor(body));
    } catch (error) {
      if (!(error instanceof CallerTokenError)) throw error;
      // Only the gateway may call a subgraph: answer like a GraphQL server so clients see the code.
      return send(res, {
        status: 401,
        headers: JSON_HEADERS,
        body: JSON.stringify({ errors: [{ message: 'Subgraphs accept only requests signed by the gateway.', extensions: { code: 'UNAUTHENTICATED' } }] }),
      });
    }
    await executeGraphQL(
      apollo,
      req,
      res,
      url,
      body,
      async () => {
        const base: SubgraphContext = { caller, em: options.orm.em.fork() as SubgraphContext['em'], loaders: new LoaderRegistry() };
        return (options.extendContext ? options.extendContext(base) : base) as TContext;
      },
      inputLimits,
    );
  }

  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  const actualPort = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${actualPort}`,
    port: actualPort,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await apollo.stop();
    },
  };
}

/** The `alsoFor` list a shared live-feed render carries in its body's extensions (read only when its token pins one). */
function claimedAlsoFor(body: Buffer): unknown {
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
 * Node's http server adds no X-Powered-By; nothing here adds one either.
 */
export function setSecurityHeaders(res: ServerResponse, options: { hstsMaxAgeSeconds?: number } = {}): void {
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('referrer-policy', 'no-referrer');
  res.setHeader('x-frame-options', 'DENY');
  res.setHeader('content-security-policy', "frame-ancestors 'none'");
  if (options.hstsMaxAgeSeconds && options.hstsMaxAgeSeconds > 0) {
    res.setHeader('strict-transport-security', `max-age=${Math.floor(options.hstsMaxAgeSeconds)}; includeSubDomains`);
  }
}

function send(res: ServerResponse, response: RawResponse): void {
  res.writeHead(response.status, response.headers ?? {});
  res.end(response.body);
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function compilePath(pattern: string): (path: string) => Record<string, string> | null {
  const names: string[] = [];
  const regex = new RegExp(
    `^${pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:(\w+)/g, (_m, name: string) => {
      names.push(name);
      return '([^/]+)';
    })}$`,
  );
  return (path) => {
    const match = regex.exec(path);
    if (!match) return null;
    return Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(match[i + 1])]));
  };
}

/**
 * Runs one HTTP request through Apollo Server (a minimal node:http integration). The operation
 * text is scanned against `limits` before Apollo parses it; answers are never cached.
 */
export async function executeGraphQL<TContext extends object>(
  apollo: ApolloServer<TContext>,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  body: Buffer,
  context: () => Promise<TContext>,
  limits: InputLimits = SUBGRAPH_INPUT_LIMITS,
): Promise<void> {
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  let parsedBody: unknown = undefined;
  if (req.method === 'POST' && body.length > 0) {
    try {
      parsedBody = JSON.parse(body.toString('utf8'));
    } catch {
      return send(res, { status: 400, headers: NO_STORE_JSON_HEADERS, body: '{"errors":[{"message":"The request body is not valid JSON.","extensions":{"code":"BAD_USER_INPUT"}}]}' });
    }
  }
  for (const text of operationTexts(parsedBody, url)) {
    const refusal = checkOperationText(text, limits);
    if (refusal) {
      localizeInputLimitError(refusal, languageFromAcceptLanguage(headerValue(req.headers['accept-language'])));
      const { http: _http, ...extensions } = refusal.extensions;
      return send(res, { status: 400, headers: NO_STORE_JSON_HEADERS, body: JSON.stringify({ errors: [{ message: refusal.message, extensions }] }) });
    }
  }
  const httpGraphQLRequest: HTTPGraphQLRequest = { method: req.method ?? 'GET', headers, search: url.search, body: parsedBody };
  const response = await apollo.executeHTTPGraphQLRequest({ httpGraphQLRequest, context });
  const outHeaders: Record<string, string> = {};
  for (const [key, value] of response.headers) outHeaders[key] = value;
  outHeaders['cache-control'] = 'no-store';
  if (response.body.kind === 'complete') {
    return send(res, { status: response.status ?? 200, headers: outHeaders, body: response.body.string });
  }
  res.writeHead(response.status ?? 200, outHeaders);
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}

const NO_STORE_JSON_HEADERS = { ...JSON_HEADERS, 'cache-control': 'no-store' };

/** The operation texts of a request: the POST body's (one, or each of a batch) or GET's `query`. */
function operationTexts(parsedBody: unknown, url: URL): string[] {
  const texts: string[] = [];
  const fromBody = (entry: unknown) => {
    const query = (entry as { query?: unknown } | null)?.query;
    if (typeof query === 'string') texts.push(query);
  };
  if (Array.isArray(parsedBody)) parsedBody.forEach(fromBody);
  else if (parsedBody && typeof parsedBody === 'object') fromBody(parsedBody);
  const fromSearch = url.searchParams.get('query');
  if (fromSearch !== null) texts.push(fromSearch);
  return texts;
}

export { readBody, send, JSON_HEADERS };

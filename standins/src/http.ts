import { createHttpServer, handOver, JSON_HEADERS } from '@portal/kit';
import type { HTTPMethods } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The HTTP plumbing the stand-ins share: a Fastify server, bounded bodies, JSON, text and HTML answers. */

export const MAX_BODY_BYTES = 64 * 1024;

/** Each request's body as Fastify read it (within the server's body limit). */
const bodies = new WeakMap<IncomingMessage, Buffer>();

export interface StandinServer {
  url: string;
  close(): Promise<void>;
}

/** Answers one endpoint of a stand-in; `params` are the route's `:name` (and `*`) parameters as Fastify decoded them. */
export type StandinHandler = (req: IncomingMessage, res: ServerResponse, params: Record<string, string>) => Promise<void> | void;

/** A JSON body Fastify checks against `schema` before the endpoint runs; `refuse` answers one that does not fit. */
export interface JsonBody {
  schema: Record<string, unknown>;
  refuse: (res: ServerResponse) => void;
}

export interface StandinRoute {
  method: HTTPMethods | HTTPMethods[];
  /** Fastify's route syntax: `/pay/:sessionId`, `/r1/*`. */
  url: string;
  handle: StandinHandler;
  body?: JsonBody;
}

export interface StandinRoutes {
  routes: StandinRoute[];
  /** What a request no route matches gets (each stand-in names its endpoints). */
  notFound: (req: IncomingMessage, res: ServerResponse) => void;
  /** The body of the 500 a failing endpoint answers (default: `{"error": <its message>}`). */
  failure?: (error: unknown) => unknown;
}

/** The methods the stand-ins' routes answer; `otherMethods` is what a 405 route takes. */
const METHODS: HTTPMethods[] = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'];
export const ANY_METHOD: HTTPMethods[] = METHODS;

/** Every method but these: for a route that answers 405 where the protocol does. */
export function otherMethods(...allowed: HTTPMethods[]): HTTPMethods[] {
  return METHODS.filter((method) => !allowed.includes(method));
}

export function route(method: HTTPMethods | HTTPMethods[], url: string, handle: StandinHandler, body?: JsonBody): StandinRoute {
  return { method, url, handle, body };
}

/** The body of a test endpoint that switches a stand-in's mode: `{"mode": one of modes, ...}`. */
export function modeSchema(modes: readonly string[]): Record<string, unknown> {
  return { type: 'object', required: ['mode'], properties: { mode: { enum: [...modes] } } };
}

/**
 * Serves a stand-in's endpoints as Fastify routes on the kit's server (pino logs with request ids,
 * spans, a JSON 413 over `bodyLimit`): Fastify matches method and path and reads the body, which
 * readBody/readJson return; the endpoint answers on the plain Node response as the imitated
 * system does. A failure answers 500 (stand-ins are for tests).
 */
export async function serveStandin(name: string, endpoints: StandinRoutes, options: { port: number; host: string; bodyLimit?: number }): Promise<StandinServer> {
  const app = createHttpServer({
    service: `standin-${name}`,
    bodyLimit: options.bodyLimit ?? MAX_BODY_BYTES,
    tooLarge: () => ({ status: 413, headers: JSON_HEADERS, body: '{"error":"the body is too large"}' }),
    // the stand-ins answer as the systems they imitate, headers included
    securityHeaders: false,
    notFound: (request, reply) => handOver(request, reply, async (req, res) => endpoints.notFound(req, res)),
  });
  const failure = endpoints.failure ?? ((error: unknown) => ({ error: String((error as Error)?.message ?? error) }));
  for (const endpoint of endpoints.routes) {
    app.route({
      method: endpoint.method,
      url: endpoint.url,
      // HEAD is answered only where a stand-in says so
      exposeHeadRoute: false,
      preValidation: (request, _reply, done) => {
        const bytes = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        bodies.set(request.raw, bytes);
        // a declared JSON body is parsed whatever the content type, as readJson does; not JSON fails the schema
        if (endpoint.body) request.body = parseJsonOrNull(bytes);
        done();
      },
      ...(endpoint.body ? { schema: { body: endpoint.body.schema }, attachValidation: true } : {}),
      handler: (request, reply) => {
        const params = request.params as Record<string, string>;
        return handOver(request, reply, async (req, res) => {
          try {
            if (request.validationError && endpoint.body) return endpoint.body.refuse(res);
            await endpoint.handle(req, res, params);
          } catch (error) {
            if (res.headersSent) return void res.end();
            sendJson(res, 500, failure(error));
          }
        });
      },
    });
  }
  await app.listen({ port: options.port, host: options.host });
  return {
    url: `http://${options.host}:${(app.server.address() as AddressInfo).port}`,
    close: () => app.close(),
  };
}

function parseJsonOrNull(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    return null;
  }
}

/** The request body as UTF-8 text, or null when it is larger than `limit`. */
export async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<string | null> {
  const body = bodies.get(req) ?? Buffer.alloc(0);
  return body.length > limit ? null : body.toString('utf8');
}

/** The request body parsed as JSON, or null when it is too large or not JSON. */
export async function readJson(req: IncomingMessage): Promise<unknown> {
  const text = await readBody(req);
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

export function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(text);
}

/** An HTML page that loads nothing from elsewhere; `contentSecurityPolicy` may allow inline styles or forms. */
export function sendHtml(res: ServerResponse, status: number, html: string, contentSecurityPolicy = "default-src 'none'"): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy': contentSecurityPolicy,
    'x-content-type-options': 'nosniff',
  });
  res.end(html);
}

/** What the test endpoint of a message stand-in (SMTP, SMSC) reads and changes. */
export interface TestInbox<TMode extends string> {
  modes: readonly TMode[];
  /** The messages received, oldest first; DELETE /messages empties it. */
  received: unknown[];
  mode(): TMode;
  delayMs(): number;
  setMode(mode: TMode, delayMs?: number): void;
}

/**
 * The HTTP side of a message stand-in: `GET /messages` lists what it received, `DELETE /messages`
 * empties the list, `POST /test/mode` with `{"mode", "delayMs"?}` tells it how to misbehave.
 */
export function testInboxRoutes<TMode extends string>(inbox: TestInbox<TMode>): StandinRoutes {
  return {
    routes: [
      route('GET', '/messages', (_req, res) => sendJson(res, 200, { mode: inbox.mode(), messages: inbox.received })),
      route('DELETE', '/messages', (_req, res) => {
        inbox.received.length = 0;
        sendJson(res, 200, { mode: inbox.mode(), messages: [] });
      }),
      route(
        'POST',
        '/test/mode',
        async (req, res) => {
          const body = (await readJson(req)) as Record<string, unknown>;
          inbox.setMode(body.mode as TMode, typeof body.delayMs === 'number' && body.delayMs >= 0 ? body.delayMs : undefined);
          sendJson(res, 200, { mode: inbox.mode(), delayMs: inbox.delayMs() });
        },
        { schema: modeSchema(inbox.modes), refuse: (res) => sendJson(res, 400, { error: `mode must be one of ${inbox.modes.join(', ')}` }) },
      ),
    ],
    notFound: (_req, res) => sendJson(res, 404, { error: 'not found: GET /messages, DELETE /messages, POST /test/mode' }),
    failure: () => ({ error: 'internal' }),
  };
}

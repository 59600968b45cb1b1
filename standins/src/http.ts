import { createHttpServer, handOver, JSON_HEADERS } from '@portal/kit';
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

/**
 * Serves a stand-in's protocol handler on Fastify: the kit's server (pino logs with request ids,
 * spans, a JSON 413 over `bodyLimit`), every path handed to `handle`, whose readBody/readJson
 * return what Fastify read. A failure answers 500 with its message (stand-ins are for tests).
 */
export async function serveStandin(
  name: string,
  handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
  options: { port: number; host: string; bodyLimit?: number },
): Promise<StandinServer> {
  const app = createHttpServer({
    service: `standin-${name}`,
    bodyLimit: options.bodyLimit ?? MAX_BODY_BYTES,
    tooLarge: () => ({ status: 413, headers: JSON_HEADERS, body: '{"error":"the body is too large"}' }),
    // the stand-ins answer as the systems they imitate, headers included
    securityHeaders: false,
  });
  const serve = (request: Parameters<typeof handOver>[0], reply: Parameters<typeof handOver>[1]) => {
    bodies.set(request.raw, Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0));
    return handOver(request, reply, (req, res) => handle(req, res).catch((error: unknown) => {
      if (res.headersSent) return void res.end();
      sendJson(res, 500, { error: String((error as Error)?.message ?? error) });
    }));
  };
  app.all('/', serve);
  app.all('/*', serve);
  await app.listen({ port: options.port, host: options.host });
  return {
    url: `http://${options.host}:${(app.server.address() as AddressInfo).port}`,
    close: () => app.close(),
  };
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
export function testInboxHandler<TMode extends string>(inbox: TestInbox<TMode>): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://standin').pathname;
    await (async () => {
      if (path === '/messages' && req.method === 'GET') return sendJson(res, 200, { mode: inbox.mode(), messages: inbox.received });
      if (path === '/messages' && req.method === 'DELETE') {
        inbox.received.length = 0;
        return sendJson(res, 200, { mode: inbox.mode(), messages: [] });
      }
      if (path === '/test/mode' && req.method === 'POST') {
        const parsed = await readJson(req);
        const body = (parsed && typeof parsed === 'object' ? parsed : {}) as Record<string, unknown>;
        if (!inbox.modes.includes(body.mode as TMode)) return sendJson(res, 400, { error: `mode must be one of ${inbox.modes.join(', ')}` });
        inbox.setMode(body.mode as TMode, typeof body.delayMs === 'number' && body.delayMs >= 0 ? body.delayMs : undefined);
        return sendJson(res, 200, { mode: inbox.mode(), delayMs: inbox.delayMs() });
      }
      sendJson(res, 404, { error: 'not found: GET /messages, DELETE /messages, POST /test/mode' });
    })().catch(() => sendJson(res, 500, { error: 'internal' }));
  };
}

import type { IncomingMessage, ServerResponse } from 'node:http';

/** The HTTP plumbing the stand-ins share: bounded bodies, JSON, text and HTML answers. */

export const MAX_BODY_BYTES = 64 * 1024;

/** The request body as UTF-8 text, or null when it is larger than `limit`. */
export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > limit ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
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
export function testInboxListener<TMode extends string>(inbox: TestInbox<TMode>): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const path = new URL(req.url ?? '/', 'http://standin').pathname;
    (async () => {
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

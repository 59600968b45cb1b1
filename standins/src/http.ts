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

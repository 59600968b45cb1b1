import http, { type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileForwarding, fileRoutesFor } from './downloads';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

async function listen(server: http.Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const WEB_ORIGIN = 'http://localhost:5173';

describe('file forwarding at the gateway origin', () => {
  const seen: Seen[] = [];
  const upstream = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(201, { 'content-type': 'application/pdf', 'content-disposition': 'attachment; filename="a.pdf"', 'x-internal': 'secret', 'set-cookie': 'a=b' });
      res.end('%PDF-1.7 body');
    });
  });
  let gateway: http.Server;
  let gatewayUrl: string;
  let upstreamUrl: string;

  beforeAll(async () => {
    upstreamUrl = await listen(upstream);
    const files = fileForwarding({ routes: fileRoutesFor({ applications: `${upstreamUrl}/graphql`, payments: 'http://127.0.0.1:1/graphql' }), maxBodyBytes: 1024, corsOrigins: new Set([WEB_ORIGIN]) });
    gateway = http.createServer((req, res) => {
      const pathname = new URL(req.url!, 'http://x').pathname;
      if (files.handles(pathname)) return void files(req, res);
      res.writeHead(404).end();
    });
    gatewayUrl = await listen(gateway);
  });
  afterAll(async () => {
    gateway.closeAllConnections();
    await new Promise((resolve) => gateway.close(resolve));
    await new Promise((resolve) => upstream.close(resolve));
  });
  beforeEach(() => {
    seen.length = 0;
  });

  it('routes /files/<subgraph>/ and /open-data/ to the subgraph origin; nothing else', () => {
    const routes = fileRoutesFor({ applications: 'http://10.0.0.3:4003/graphql', payments: 'http://10.0.0.4:4004/graphql' });
    expect(routes).toEqual(
      expect.arrayContaining([
        { prefix: '/files/applications/', upstreamOrigin: 'http://10.0.0.3:4003' },
        { prefix: '/files/payments/', upstreamOrigin: 'http://10.0.0.4:4004' },
        { prefix: '/open-data/', upstreamOrigin: 'http://10.0.0.3:4003' },
      ]),
    );
    const files = fileForwarding({ routes, maxBodyBytes: 10 });
    expect(files.handles('/files/applications/documents/DOC-1')).toBe(true);
    expect(files.handles('/open-data/service-statistics.csv')).toBe(true);
    expect(files.handles('/graphql')).toBe(false);
    expect(files.handles('/files/other/x')).toBe(false);
    expect(files.handles('/metrics')).toBe(false);
  });

  it('keeps the path and query, drops the bearer token and cookies, and keeps only file headers of the answer', async () => {
    const response = await fetch(`${gatewayUrl}/files/applications/documents/DOC-2026-000001?format=pdf&expires=1&signature=abc`, {
      headers: { authorization: 'Bearer token', cookie: 'session=1', 'accept-language': 'ru' },
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="a.pdf"');
    expect(response.headers.get('x-internal')).toBeNull();
    expect(response.headers.get('set-cookie')).toBeNull();
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.text()).toBe('%PDF-1.7 body');
    expect(seen).toHaveLength(1);
    expect(seen[0].url).toBe('/files/applications/documents/DOC-2026-000001?format=pdf&expires=1&signature=abc');
    expect(seen[0].headers.authorization).toBeUndefined();
    expect(seen[0].headers.cookie).toBeUndefined();
    expect(seen[0].headers['accept-language']).toBe('ru');
    expect(seen[0].headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('forwards an upload body within the limit', async () => {
    const response = await fetch(`${gatewayUrl}/files/applications/uploads/u1?expires=1&signature=s`, { method: 'POST', headers: { 'content-type': 'image/png' }, body: Buffer.from('png bytes') });
    expect(response.status).toBe(201);
    expect(seen[0].method).toBe('POST');
    expect(seen[0].headers['content-type']).toBe('image/png');
    expect(seen[0].body.toString()).toBe('png bytes');
  });

  it('refuses a body over the limit in the client language, without calling the subgraph', async () => {
    const response = await fetch(`${gatewayUrl}/files/applications/uploads/u1`, { method: 'POST', headers: { 'accept-language': 'ru' }, body: Buffer.alloc(2048) });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ error: 'Файл слишком большой: можно отправить не больше 1 КиБ.', code: 'BAD_USER_INPUT' });
    expect(seen).toHaveLength(0);
  });

  it('grants CORS to the allowed web origins only, answering their preflight of an upload', async () => {
    const preflight = await fetch(`${gatewayUrl}/files/applications/uploads/u1`, { method: 'OPTIONS', headers: { origin: WEB_ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(WEB_ORIGIN);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('content-type');
    const foreign = await fetch(`${gatewayUrl}/files/applications/uploads/u1`, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    expect(seen).toHaveLength(0);

    const allowed = await fetch(`${gatewayUrl}/files/applications/uploads/u1`, { method: 'POST', headers: { origin: WEB_ORIGIN, 'content-type': 'application/pdf' }, body: 'x' });
    expect(allowed.headers.get('access-control-allow-origin')).toBe(WEB_ORIGIN);
    const other = await fetch(`${gatewayUrl}/files/applications/uploads/u1`, { method: 'POST', headers: { origin: 'https://evil.example', 'content-type': 'application/pdf' }, body: 'x' });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses other methods and answers 502 with a message when the subgraph is down', async () => {
    const put = await fetch(`${gatewayUrl}/files/applications/uploads/u1`, { method: 'PUT', body: 'x' });
    expect(put.status).toBe(405);
    const down = await fetch(`${gatewayUrl}/files/payments/receipts/R-1`);
    expect(down.status).toBe(502);
    expect((await down.json()).error).toBe('Файлдар кызматы азыр жооп бербей жатат. Бир аздан кийин кайталаңыз.');
  });
});

import type { FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { createHttpServer, mountNodeHandler, serveRoute } from './http';
import { captureLogs } from './log';

describe('the kit HTTP server (Fastify)', () => {
  let app: FastifyInstance;
  let base: string;
  let logs: ReturnType<typeof captureLogs>;

  beforeAll(async () => {
    logs = captureLogs();
    app = createHttpServer({ service: 'test-service', bodyLimit: 1024 });
    serveRoute(app, {
      method: 'POST',
      path: '/echo/:name',
      handle: async (request) => ({ status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: request.params.name, bytes: request.body.toString('hex'), q: request.query.get('q') }) }),
    });
    // a plain Node handler reading its own (unbounded by the server) body, as an upload route does
    mountNodeHandler(app, '/files', async (req, res) => {
      let size = 0;
      for await (const chunk of req) size += (chunk as Buffer).length;
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ path: req.url, size }));
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    logs.stop();
    await app.close();
  });

  it('hands a route its exact body bytes and decoded parameters', async () => {
    const response = await fetch(`${base}/echo/a%20b?q=1`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"x": 1}' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ name: 'a b', bytes: Buffer.from('{"x": 1}').toString('hex'), q: '1' });
  });

  it('refuses a body over the limit with 413 before the route runs', async () => {
    const response = await fetch(`${base}/echo/x`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: Buffer.alloc(2048) });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ error: 'request body too large' });
  });

  it('answers unknown paths 404 in JSON, with the security headers and the request id', async () => {
    const response = await fetch(`${base}/nowhere`, { headers: { 'x-request-id': 'kit-test-0001' } });
    expect(response.status).toBe(404);
    expect(response.headers.get('x-request-id')).toBe('kit-test-0001');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('x-powered-by')).toBeNull();
  });

  it('mounts a plain Node handler on a prefix: the stream left unread, the headers already set, the request logged', async () => {
    const response = await fetch(`${base}/files/uploads/1`, { method: 'POST', headers: { 'content-type': 'application/pdf', 'x-request-id': 'kit-upload-0001' }, body: Buffer.alloc(5000) });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ path: '/files/uploads/1', size: 5000 });
    expect(response.headers.get('x-request-id')).toBe('kit-upload-0001');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(logs.lines).toEqual(expect.arrayContaining([expect.objectContaining({ service: 'test-service', requestId: 'kit-upload-0001', message: 'request completed' })]));
  });

  it('logs the path of a request without its query (GET variables and link signatures stay out of logs)', async () => {
    await (await fetch(`${base}/nowhere?signature=secret-value&pin=21404198700033`, { headers: { 'x-request-id': 'kit-query-0001' } })).text();
    const completed = logs.lines.filter((line) => line.requestId === 'kit-query-0001' && line.message === 'request completed');
    // one access line per request, with the method, the path, the status and the time taken
    expect(completed).toHaveLength(1);
    expect(completed[0]).toEqual(expect.objectContaining({ req: expect.objectContaining({ method: 'GET', path: '/nowhere' }), res: { statusCode: 404 }, responseTime: expect.any(Number) }));
    expect(logs.lines.some((line) => line.requestId === 'kit-query-0001' && line.message === 'incoming request')).toBe(false);
    expect(JSON.stringify(logs.lines)).not.toMatch(/secret-value|21404198700033/);
  });
});

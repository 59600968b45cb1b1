import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { cacheControlFor, webAppContentSecurityPolicy, webAppHandler } from './web-app';

describe('web app serving', () => {
  let root: string;
  let server: http.Server;
  let base: string;

  beforeAll(async () => {
    root = mkdtempSync(path.join(os.tmpdir(), 'web-app-'));
    mkdirSync(path.join(root, 'assets'));
    writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>app</title>');
    writeFileSync(path.join(root, 'assets', 'index-AbC123.js'), 'console.log(1)');
    writeFileSync(path.join(root, 'assets', 'index-AbC123.css'), 'body{}');
    writeFileSync(path.join(root, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    writeFileSync(path.join(root, '.env'), 'SECRET=1');
    const handler = webAppHandler(root);
    if (!handler) throw new Error('handler expected for a built app');
    server = http.createServer((req, res) => handler(req, res, () => res.writeHead(404).end('not found')));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(root, { recursive: true, force: true });
  });

  it('never serves dotfiles and answers 404 (not the app) for a missing file', async () => {
    expect(await (await fetch(`${base}/.env`)).text()).not.toContain('SECRET');
    expect((await fetch(`${base}/assets/missing-123.js`)).status).toBe(404);
  });

  it('serves hashed assets with their type, cached for a year', async () => {
    const script = await fetch(`${base}/assets/index-AbC123.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await fetch(`${base}/assets/index-AbC123.css`)).headers.get('content-type')).toMatch(/text\/css/);
    expect((await fetch(`${base}/favicon.svg`)).headers.get('content-type')).toBe('image/svg+xml');
  });

  it('answers client routes with index.html, revalidated, under the app policy', async () => {
    for (const route of ['/', '/cabinet', '/services/mvd-no-criminal-record']) {
      const page = await fetch(`${base}${route}`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toBe('text/html;charset=utf-8');
      expect(page.headers.get('cache-control')).toBe('no-cache');
      expect(await page.text()).toContain('<title>app</title>');
      const policy = page.headers.get('content-security-policy') ?? '';
      expect(policy).toContain("script-src 'self'");
      expect(policy).toContain("frame-ancestors 'none'");
      expect(policy).toMatch(/connect-src 'self' ws:\/\/127\.0\.0\.1:\d+ wss:\/\/127\.0\.0\.1:\d+/);
    }
  });

  it('answers a repeated request with 304 by its ETag', async () => {
    const first = await fetch(`${base}/assets/index-AbC123.js`);
    const etag = first.headers.get('etag');
    expect(etag).toBeTruthy();
    expect((await fetch(`${base}/assets/index-AbC123.js`, { headers: { 'if-none-match': etag ?? '' } })).status).toBe(304);
  });

  it('is off when the app is not built', () => {
    expect(webAppHandler(path.join(root, 'nothing-here'))).toBeNull();
  });
});

describe('web app policy', () => {
  it('names only a well-formed host for WebSocket and no inline or eval script', () => {
    expect(webAppContentSecurityPolicy('portal.gov.kg')).toContain("connect-src 'self' ws://portal.gov.kg wss://portal.gov.kg;");
    expect(webAppContentSecurityPolicy('[::1]:4000')).toContain('ws://[::1]:4000');
    expect(webAppContentSecurityPolicy("evil.kg; script-src *")).toContain("connect-src 'self';");
    expect(webAppContentSecurityPolicy(undefined)).not.toMatch(/unsafe-inline|unsafe-eval/);
  });

  it('caches only hashed assets', () => {
    expect(cacheControlFor('/assets/index-AbC123.js')).toMatch(/immutable/);
    expect(cacheControlFor('/assets/nested/thing')).toBe('no-cache');
    expect(cacheControlFor('/index.html')).toBe('no-cache');
    expect(cacheControlFor('/favicon.svg')).toBe('no-cache');
  });
});

import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import sirv from 'sirv';

/** Where `npm run build` puts the web app (web/dist), from the gateway's dist/ or src/. */
export const DEFAULT_WEB_APP_ROOT = path.resolve(__dirname, '..', '..', 'web', 'dist');

/** Vite names every file under assets/ by its content hash: a new build is new names, so they never change. */
const HASHED_ASSET = /^\/assets\/[^/]+\.[A-Za-z0-9]+$/;
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** index.html and the other unhashed files: always asked again (cheap with the ETag), so a deploy shows at once. */
const REVALIDATE = 'no-cache';
const HOST_HEADER = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * The policy for the app's pages: its own scripts, styles and images only, and GraphQL at the same
 * origin over HTTP and WebSocket (a CSP 'self' does not name ws:/wss: in every browser, so the
 * page's own host is listed for them). No inline script, no eval, no framing.
 */
export function webAppContentSecurityPolicy(hostHeader: string | undefined): string {
  const host = hostHeader && HOST_HEADER.test(hostHeader) ? hostHeader : null;
  const connect = ["'self'", ...(host ? [`ws://${host}`, `wss://${host}`] : [])].join(' ');
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src ${connect}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function cacheControlFor(pathname: string): string {
  return HASHED_ASSET.test(pathname) ? IMMUTABLE : REVALIDATE;
}

export type WebAppHandler = (req: IncomingMessage, res: ServerResponse, notFound: () => void) => void;

/**
 * Serves the built single-page app with sirv: files with their types and ETags, hashed assets
 * cached for a year, and index.html for client routes (paths without a file extension), so
 * /cabinet or /services/x open the app. Null when the app is not built (the gateway then serves GraphQL only).
 */
export function webAppHandler(root: string): WebAppHandler | null {
  if (!existsSync(path.join(root, 'index.html'))) return null;
  const serve = sirv(root, {
    single: true,
    etag: true,
    dotfiles: false,
    gzip: false,
    brotli: false,
    setHeaders: (res, pathname) => {
      res.setHeader('cache-control', cacheControlFor(pathname));
    },
  });
  return (req, res, notFound) => {
    res.setHeader('content-security-policy', webAppContentSecurityPolicy(req.headers.host));
    serve(req, res, notFound);
  };
}

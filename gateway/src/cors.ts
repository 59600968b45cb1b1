import type { RawResponse } from '@portal/kit';
import { DEV_WEB_ORIGINS } from './config';

/** Used when the gateway is started without an allow-list (development and tests). */
export const DEFAULT_CORS_ORIGINS: readonly string[] = DEV_WEB_ORIGINS;

/** What the web and mobile clients send (Apollo Client, graphql-request, the bench). */
export const CORS_ALLOWED_HEADERS = ['authorization', 'content-type', 'accept', 'accept-language', 'apollo-require-preflight', 'x-apollo-operation-name', 'x-request-id'];
export const CORS_ALLOWED_METHODS = ['GET', 'POST', 'OPTIONS'];
const PREFLIGHT_MAX_AGE_SECONDS = 600;

/**
 * Grants for an actual (non-preflight) request: only an origin on the allow-list is named, with
 * credentials; any other origin gets no Access-Control-Allow-Origin, so the browser withholds the answer.
 */
export function corsResponseHeaders(origin: string | undefined, allowed: ReadonlySet<string>): Record<string, string> {
  if (!origin || !allowed.has(origin)) return origin ? { vary: 'Origin' } : {};
  return {
    'access-control-allow-origin': origin,
    'access-control-allow-credentials': 'true',
    'access-control-expose-headers': 'x-request-id',
    vary: 'Origin',
  };
}

/** Answers a preflight (OPTIONS): 204 with the grants for an allowed origin and method, else 403 without any. */
export function corsPreflight(origin: string | undefined, requestedMethod: string | undefined, allowed: ReadonlySet<string>): RawResponse {
  if (!origin || !allowed.has(origin) || (requestedMethod !== undefined && !CORS_ALLOWED_METHODS.includes(requestedMethod.toUpperCase()))) {
    return { status: 403, headers: { vary: 'Origin', 'content-type': 'text/plain; charset=utf-8' }, body: 'origin not allowed' };
  }
  return {
    status: 204,
    headers: {
      ...corsResponseHeaders(origin, allowed),
      'access-control-allow-methods': CORS_ALLOWED_METHODS.join(', '),
      'access-control-allow-headers': CORS_ALLOWED_HEADERS.join(', '),
      'access-control-max-age': String(PREFLIGHT_MAX_AGE_SECONDS),
    },
    body: '',
  };
}

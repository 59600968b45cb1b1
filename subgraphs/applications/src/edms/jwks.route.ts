import { EDMS_JWKS_PATH } from '@portal/edms';
import type { Route } from '@portal/kit';
import type { ApplicationsRuntime } from '../context';

/** GET /.well-known/edms-jwks.json — the portal's public key for EDMS to verify deliveries with (kid in the JWS header). */
export function edmsJwksRoute(runtime: Pick<ApplicationsRuntime, 'edms'>): Route {
  return {
    method: 'GET',
    path: EDMS_JWKS_PATH,
    async handle() {
      const keys = [{ ...runtime.edms.publicJwk, alg: 'ES256', use: 'sig' }];
      return { status: 200, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'public, max-age=300' }, body: JSON.stringify({ keys }) };
    },
  };
}

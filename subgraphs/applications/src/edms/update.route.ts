import type { MikroORM } from '@mikro-orm/postgresql';
import { EDMS_UPDATES_PATH } from '@portal/edms';
import type { RawRequest, Route } from '@portal/kit';
import type { ApplicationsRuntime } from '../context';
import { applyEdmsUpdate } from './update.service';

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };

function headerValue(request: RawRequest, name: string): string | null {
  const value = request.headers[name];
  return (Array.isArray(value) ? value.join(',') : value) ?? null;
}

/**
 * POST /edms/updates — a provider's EDMS reports on a delivered application: the body is a compact
 * JWS made with the provider's configured key (see @portal/edms). Not behind the gateway: the
 * signature is the authentication. Answers JSON: 200 applied (or the same answer again), 4xx refused.
 */
export function edmsUpdateRoute(orm: MikroORM, runtime: ApplicationsRuntime): Route {
  return {
    method: 'POST',
    path: EDMS_UPDATES_PATH,
    async handle(request) {
      const answer = await applyEdmsUpdate(orm, runtime, request.body, headerValue(request, 'x-forwarded-for'));
      return { status: answer.httpStatus, headers: JSON_HEADERS, body: JSON.stringify(answer.body) };
    },
  };
}

import type { MikroORM } from '@mikro-orm/postgresql';
import type { RawRequest, RawResponse, Route } from '@portal/kit';
import { createHash } from 'node:crypto';
import { logPayments } from '../log';
import { verifyCallback } from './callback-signature.rules';
import { applySepsCallback } from './payment-confirmation.service';
import { parseSepsCallback } from './seps-callback.rules';

export const SEPS_SIGNATURE_HEADER = 'x-seps-signature';
export const SEPS_CALLBACK_PATH = '/callbacks/seps';

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };
const answer = (status: number, body: Record<string, unknown>): RawResponse => ({ status, headers: JSON_HEADERS, body: JSON.stringify(body) });

function headerValue(request: RawRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

/**
 * POST /callbacks/seps — the payment system's signed report of a payment's outcome. Not behind the
 * gateway: the HMAC signature over the raw body (with its timestamp) is the only authentication, so
 * it is checked before the body is even parsed; a refusal is a security event and is logged.
 */
export function sepsCallbackRoute(orm: MikroORM, options: { secret: string; toleranceSeconds?: number }): Route {
  return {
    method: 'POST',
    path: SEPS_CALLBACK_PATH,
    async handle(request) {
      const verification = verifyCallback(request.body, headerValue(request, SEPS_SIGNATURE_HEADER), options.secret, { toleranceSeconds: options.toleranceSeconds });
      if (!verification.ok) {
        logPayments('warn', 'seps_callback_signature_rejected', {
          security: true,
          reason: verification.reason,
          forwardedFor: headerValue(request, 'x-forwarded-for') ?? null,
          bodyBytes: request.body.length,
          // enough to match the attempt with the sender's records without logging the body
          bodySha256: createHash('sha256').update(request.body).digest('hex'),
        });
        return answer(401, { error: 'INVALID_SIGNATURE', message: 'The x-seps-signature header is missing, malformed, stale or does not match the body.' });
      }
      const parsed = parseSepsCallback(request.body);
      if (!parsed.ok) {
        logPayments('warn', 'seps_callback_malformed', { problem: parsed.problem, bodyBytes: request.body.length });
        return answer(400, { error: 'MALFORMED_CALLBACK', message: parsed.problem });
      }
      const result = await applySepsCallback(orm, parsed.callback);
      return answer(result.httpStatus, result.body);
    },
  };
}

import { timingSafeEqual } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Route } from '@portal/kit';
import type { BotApiOptions } from './bot-api';
import { handleTelegramUpdate, type TelegramUpdate } from './telegram.updates';

function sameSecret(given: string | string[] | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * POST /telegram/webhook (TELEGRAM_UPDATES=webhook): Telegram posts each update here with the
 * setWebhook secret_token in X-Telegram-Bot-Api-Secret-Token; anything without it is refused (401).
 */
export function telegramWebhookRoute(orm: MikroORM, api: BotApiOptions, secret: string): Route {
  return {
    method: 'POST',
    path: '/telegram/webhook',
    async handle(request) {
      if (!sameSecret(request.headers['x-telegram-bot-api-secret-token'], secret)) {
        return { status: 401, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ error: 'X-Telegram-Bot-Api-Secret-Token missing or wrong' }) };
      }
      let update: TelegramUpdate;
      try {
        update = JSON.parse(request.body.toString('utf8')) as TelegramUpdate;
      } catch {
        return { status: 400, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ error: 'the body is not a JSON Telegram update' }) };
      }
      await handleTelegramUpdate(orm.em.fork() as EntityManager, api, update);
      return { status: 200, headers: { 'content-type': 'application/json' }, body: '{}' };
    },
  };
}

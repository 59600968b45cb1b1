import type { IncomingMessage, ServerResponse } from 'node:http';
import { ANY_METHOD, modeSchema, readJson, route, sendJson, serveStandin } from './http';

/** The development bot: its token and username, what `npm start` gives the notifications subgraph. */
export const DEV_TELEGRAM_BOT = { token: '4110000000:portal-dev-bot-token', username: 'KgPortalDevBot' };

export type TelegramStandinMode = 'ok' | 'rate-limited' | 'blocked' | 'down';
const MODES: readonly TelegramStandinMode[] = ['ok', 'rate-limited', 'blocked', 'down'];

export interface SentTelegramMessage {
  messageId: number;
  chatId: string;
  text: string;
  sentAt: string;
}

interface Update {
  update_id: number;
  message: { message_id: number; date: number; text: string; chat: { id: number; type: 'private'; first_name: string }; from: { id: number; is_bot: false; first_name: string } };
}

export interface TelegramStandinOptions {
  /** 0 picks a free port (tests). */
  port: number;
  host?: string;
  token?: string;
  username?: string;
  /** Messages kept, oldest dropped first (default 500). */
  keep?: number;
}

export interface TelegramStandin {
  /** What to put in TELEGRAM_API_URL. */
  url: string;
  token: string;
  username: string;
  messages(): readonly SentTelegramMessage[];
  /** Plays a user pressing Start on a deep link: `/start <code>` from a private chat. */
  pressStart(chatId: number, code: string, firstName?: string): Promise<void>;
  setMode(mode: TelegramStandinMode, retryAfterSeconds?: number): void;
  close(): Promise<void>;
}

const failure = (status: number, description: string, parameters?: Record<string, unknown>) => [status, { ok: false, error_code: status, description, ...(parameters ? { parameters } : {}) }] as const;

/**
 * A stand-in of the Telegram Bot API (https://core.telegram.org/bots/api) for one bot: sendMessage,
 * getUpdates (long polling), setWebhook/deleteWebhook (then updates are POSTed to the webhook with
 * its secret_token), getMe; and test endpoints: POST /test/start plays a user pressing Start,
 * GET /test/messages lists what the bot sent, POST /test/mode makes sendMessage answer 429 with
 * retry_after, 403 "bot was blocked by the user" or 500.
 */
export async function startTelegramStandin(options: TelegramStandinOptions): Promise<TelegramStandin> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? DEV_TELEGRAM_BOT.token;
  const username = options.username ?? DEV_TELEGRAM_BOT.username;
  const keep = options.keep ?? 500;
  const sent: SentTelegramMessage[] = [];
  let updates: Update[] = [];
  let nextUpdateId = 1;
  let nextMessageId = 1;
  let mode: TelegramStandinMode = 'ok';
  let retryAfterSeconds = 3;
  let webhook: { url: string; secret: string | null } | null = null;
  let waiting: Array<() => void> = [];

  const deliver = async (update: Update): Promise<void> => {
    if (webhook) {
      await fetch(webhook.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(webhook.secret ? { 'x-telegram-bot-api-secret-token': webhook.secret } : {}) },
        body: JSON.stringify(update),
      }).catch(() => undefined);
      return;
    }
    updates.push(update);
    for (const wake of waiting) wake();
    waiting = [];
  };

  const pressStart = async (chatId: number, code: string, firstName = 'Test'): Promise<void> => {
    await deliver({
      update_id: nextUpdateId++,
      message: { message_id: nextMessageId++, date: Math.floor(Date.now() / 1000), text: `/start ${code}`, chat: { id: chatId, type: 'private', first_name: firstName }, from: { id: chatId, is_bot: false, first_name: firstName } },
    });
  };

  const botMethod = async (method: string, params: Record<string, unknown>): Promise<readonly [number, unknown]> => {
    switch (method) {
      case 'getMe':
        return [200, { ok: true, result: { id: Number(token.split(':')[0]), is_bot: true, first_name: 'Portal (stand-in)', username } }];
      case 'sendMessage': {
        const chatId = params.chat_id;
        const text = params.text;
        if ((typeof chatId !== 'string' && typeof chatId !== 'number') || typeof text !== 'string' || text.length === 0) return failure(400, 'Bad Request: chat_id and text are required');
        if (text.length > 4096) return failure(400, 'Bad Request: message is too long');
        if (mode === 'rate-limited') return failure(429, `Too Many Requests: retry after ${retryAfterSeconds}`, { retry_after: retryAfterSeconds });
        if (mode === 'blocked') return failure(403, 'Forbidden: bot was blocked by the user');
        if (mode === 'down') return failure(500, 'Internal Server Error');
        const message = { messageId: nextMessageId++, chatId: String(chatId), text, sentAt: new Date().toISOString() };
        sent.push(message);
        while (sent.length > keep) sent.shift();
        return [200, { ok: true, result: { message_id: message.messageId, date: Math.floor(Date.now() / 1000), chat: { id: Number(chatId), type: 'private' }, text } }];
      }
      case 'getUpdates': {
        if (webhook) return failure(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
        const offset = typeof params.offset === 'number' ? params.offset : 0;
        updates = updates.filter((u) => u.update_id >= offset);
        const timeout = Math.min(Math.max(typeof params.timeout === 'number' ? params.timeout : 0, 0), 50);
        if (updates.length === 0 && timeout > 0) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, timeout * 1000);
            waiting.push(() => {
              clearTimeout(timer);
              resolve();
            });
          });
        }
        return [200, { ok: true, result: updates }];
      }
      case 'setWebhook': {
        if (typeof params.url !== 'string' || !/^https?:\/\//.test(params.url)) return failure(400, 'Bad Request: bad webhook: an HTTP URL must be provided for webhook');
        webhook = { url: params.url, secret: typeof params.secret_token === 'string' ? params.secret_token : null };
        return [200, { ok: true, result: true, description: 'Webhook was set' }];
      }
      case 'deleteWebhook':
        webhook = null;
        return [200, { ok: true, result: true, description: 'Webhook was deleted' }];
      default:
        return failure(404, 'Not Found');
    }
  };

  const routes = [
    route(ANY_METHOD, '/bot:token/:method(^[A-Za-z]+$)', async (req, res, path) => {
      if (path.token !== token) {
        const [status, body] = failure(401, 'Unauthorized');
        return sendJson(res, status, body);
      }
      const parsed = req.method === 'POST' ? await readJson(req) : Object.fromEntries(new URL(req.url ?? '/', 'http://standin').searchParams);
      const params = (parsed && typeof parsed === 'object' ? parsed : {}) as Record<string, unknown>;
      const [status, body] = await botMethod(path.method, params);
      return sendJson(res, status, body);
    }),
    route('GET', '/test/messages', (_req, res) => sendJson(res, 200, { mode, messages: sent })),
    route('POST', '/test/start', async (req, res) => {
      const parsed = await readJson(req);
      const body = (parsed && typeof parsed === 'object' ? parsed : {}) as Record<string, unknown>;
      if (typeof body.chatId !== 'number' || !Number.isSafeInteger(body.chatId) || body.chatId <= 0 || typeof body.code !== 'string') {
        return sendJson(res, 400, { error: 'send {"chatId": <positive integer>, "code": "<the start code of the deep link>", "firstName": "..."}' });
      }
      await pressStart(body.chatId, body.code, typeof body.firstName === 'string' ? body.firstName : undefined);
      return sendJson(res, 200, { ok: true, delivered: webhook ? 'webhook' : 'getUpdates' });
    }),
    route('POST', '/test/mode', async (req, res) => {
      const body = (await readJson(req)) as Record<string, unknown>;
      mode = body.mode as TelegramStandinMode;
      if (typeof body.retryAfterSeconds === 'number' && body.retryAfterSeconds > 0) retryAfterSeconds = body.retryAfterSeconds;
      return sendJson(res, 200, { mode, retryAfterSeconds });
    }, { schema: modeSchema(MODES), refuse: (res) => sendJson(res, 400, { error: `mode must be one of ${MODES.join(', ')}` }) }),
  ];
  const notFound = (_req: IncomingMessage, res: ServerResponse) => sendJson(res, 404, { error: 'not found: POST /bot<token>/<method>, GET /test/messages, POST /test/start, POST /test/mode' });

  const server = await serveStandin('telegram', { routes, notFound, failure: () => ({ error: 'internal' }) }, { port: options.port, host });
  return {
    url: server.url,
    token,
    username,
    messages: () => sent,
    pressStart,
    setMode(next, retryAfter) {
      mode = next;
      if (retryAfter && retryAfter > 0) retryAfterSeconds = retryAfter;
    },
    async close() {
      for (const wake of waiting) wake();
      waiting = [];
      await server.close();
    },
  };
}

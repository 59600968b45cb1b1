import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEV_TELEGRAM_BOT, startTelegramStandin, type TelegramStandin } from './telegram-bot-api';

let standin: TelegramStandin;

beforeAll(async () => {
  standin = await startTelegramStandin({ port: 0 });
});

afterAll(async () => {
  await standin?.close();
});

const post = async (path: string, body: unknown) => {
  const response = await fetch(`${standin.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
};
const bot = (method: string, body: unknown = {}) => post(`/bot${DEV_TELEGRAM_BOT.token}/${method}`, body);

describe('the Telegram Bot API stand-in', () => {
  it('answers only its own token', async () => {
    expect((await post('/bot1:wrong/getMe', {})).body).toEqual({ ok: false, error_code: 401, description: 'Unauthorized' });
    expect((await bot('getMe')).body.result).toMatchObject({ is_bot: true, username: DEV_TELEGRAM_BOT.username });
  });

  it('records sendMessage and lists it', async () => {
    const sent = await bot('sendMessage', { chat_id: 5001, text: 'Салам' });
    expect(sent.body).toMatchObject({ ok: true, result: { message_id: expect.any(Number), text: 'Салам' } });
    expect((await bot('sendMessage', { chat_id: 5001 })).body).toMatchObject({ ok: false, error_code: 400 });
    const listed = (await (await fetch(`${standin.url}/test/messages`)).json()) as { messages: Array<{ chatId: string; text: string }> };
    expect(listed.messages.map((m) => [m.chatId, m.text])).toEqual([['5001', 'Салам']]);
  });

  it('plays Start for getUpdates, confirmed by the next offset, and wakes a long poll', async () => {
    expect((await post('/test/start', { chatId: 'x', code: 'c' })).status).toBe(400);
    const polling = bot('getUpdates', { offset: 0, timeout: 5 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    await post('/test/start', { chatId: 5001, code: 'CODE_1234567890abcdef', firstName: 'Айгуль' });
    const first = (await polling).body.result as Array<{ update_id: number; message: { text: string; chat: { id: number; type: string } } }>;
    expect(first).toHaveLength(1);
    expect(first[0].message).toMatchObject({ text: '/start CODE_1234567890abcdef', chat: { id: 5001, type: 'private' } });
    expect((await bot('getUpdates', { offset: first[0].update_id })).body.result).toHaveLength(1);
    expect((await bot('getUpdates', { offset: first[0].update_id + 1 })).body.result).toEqual([]);
  });

  it('answers 429 with retry_after, 403 blocked and 500 when told', async () => {
    expect((await post('/test/mode', { mode: 'sideways' })).status).toBe(400);
    await post('/test/mode', { mode: 'rate-limited', retryAfterSeconds: 7 });
    expect((await bot('sendMessage', { chat_id: 1, text: 't' })).body).toEqual({ ok: false, error_code: 429, description: 'Too Many Requests: retry after 7', parameters: { retry_after: 7 } });
    await post('/test/mode', { mode: 'blocked' });
    expect((await bot('sendMessage', { chat_id: 1, text: 't' })).body).toMatchObject({ error_code: 403, description: 'Forbidden: bot was blocked by the user' });
    await post('/test/mode', { mode: 'down' });
    expect((await bot('sendMessage', { chat_id: 1, text: 't' })).status).toBe(500);
    await post('/test/mode', { mode: 'ok' });
  });

  it('posts updates to a webhook with its secret token, and refuses getUpdates meanwhile', async () => {
    const received: Array<{ secret: string | undefined; body: string }> = [];
    const hook = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push({ secret: req.headers['x-telegram-bot-api-secret-token'] as string | undefined, body });
        res.end('{}');
      });
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    try {
      await bot('setWebhook', { url: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/telegram/webhook`, secret_token: 'hook-secret-0123456789' });
      expect((await bot('getUpdates')).body).toMatchObject({ ok: false, error_code: 409 });
      await post('/test/start', { chatId: 5002, code: 'CODE_abcdefghijklmnop' });
      expect(received).toHaveLength(1);
      expect(received[0].secret).toBe('hook-secret-0123456789');
      expect(JSON.parse(received[0].body).message.text).toBe('/start CODE_abcdefghijklmnop');
      await bot('deleteWebhook');
      expect((await bot('getUpdates')).body.ok).toBe(true);
    } finally {
      await new Promise<void>((resolve) => hook.close(() => resolve()));
    }
  });
});

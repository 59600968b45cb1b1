import { startPaymentSystemStandin, type PaymentSystemStandin } from './payment-system';
import { DEV_TELEGRAM_BOT, startTelegramStandin, type TelegramStandin } from './telegram-bot-api';
import { startTundukStandin, type TundukStandin } from './tunduk';

/** The stand-ins' Fastify routes answer wrong methods and unknown paths as the hand-written routers did. */
let payments: PaymentSystemStandin;
let telegram: TelegramStandin;
let tunduk: TundukStandin;

beforeAll(async () => {
  [payments, telegram, tunduk] = await Promise.all([
    startPaymentSystemStandin({ port: 0, callbackSecret: 'routes-test-callback-secret' }),
    startTelegramStandin({ port: 0 }),
    startTundukStandin({ port: 0 }),
  ]);
});

afterAll(async () => {
  await Promise.all([payments?.close(), telegram?.close(), tunduk?.close()]);
});

const call = async (url: string, init: RequestInit = {}) => {
  const response = await fetch(url, init);
  return { status: response.status, type: response.headers.get('content-type'), body: await response.text() };
};

describe('stand-in routes', () => {
  it('the payment system: 405 for a wrong method, 404 for an unknown path, 503 on its whole API during an outage', async () => {
    expect(await call(`${payments.url}/api/accruals`)).toMatchObject({ status: 405, body: '{"error":"use POST"}' });
    expect(await call(`${payments.url}/api/sessions`, { method: 'PUT' })).toMatchObject({ status: 405, body: '{"error":"use POST"}' });
    expect(await call(`${payments.url}/pay/some-session`, { method: 'DELETE' })).toMatchObject({ status: 405, body: '{"error":"use GET or POST"}' });
    expect(await call(`${payments.url}/test/outage`)).toMatchObject({ status: 405, body: '{"error":"use POST"}' });
    expect(await call(`${payments.url}/test/nothing`, { method: 'POST' })).toMatchObject({ status: 404, body: '{"error":"not found"}' });
    expect(await call(`${payments.url}/api/nothing`, { method: 'POST' })).toMatchObject({ status: 404, body: '{"error":"not found"}' });
    expect(await call(`${payments.url}/elsewhere`)).toMatchObject({ status: 404, type: 'application/json; charset=utf-8', body: '{"error":"not found"}' });
    await call(`${payments.url}/test/outage`, { method: 'POST', body: JSON.stringify({ down: true }) });
    try {
      const down = '{"error":"the payment system is down (test outage)"}';
      expect(await call(`${payments.url}/api/accruals`)).toMatchObject({ status: 503, body: down });
      expect(await call(`${payments.url}/api/nothing`, { method: 'POST' })).toMatchObject({ status: 503, body: down });
      expect((await call(`${payments.url}/pay/some-session`)).status).toBe(404);
    } finally {
      await call(`${payments.url}/test/outage`, { method: 'POST', body: JSON.stringify({ down: false }) });
    }
  });

  it('the Telegram Bot API: the token and method from the path, GET with query parameters, its own 404', async () => {
    expect(JSON.parse((await call(`${telegram.url}/bot${DEV_TELEGRAM_BOT.token}/getMe`)).body)).toMatchObject({ ok: true, result: { username: DEV_TELEGRAM_BOT.username } });
    expect(JSON.parse((await call(`${telegram.url}/bot${DEV_TELEGRAM_BOT.token}/noSuchMethod`, { method: 'POST' })).body)).toEqual({ ok: false, error_code: 404, description: 'Not Found' });
    expect(await call(`${telegram.url}/bot${DEV_TELEGRAM_BOT.token}/send-message`)).toMatchObject({ status: 404, body: expect.stringContaining('POST /bot<token>/<method>') });
    expect(await call(`${telegram.url}/test/messages`, { method: 'POST' })).toMatchObject({ status: 404, body: expect.stringContaining('GET /test/messages') });
  });

  it('a mode switch: the body checked by its JSON schema, refused with the stand-in\'s own message', async () => {
    const switches = [
      { url: `${tunduk.url}/test/mode`, refusal: '{"error":"mode must be one of normal, slow, unavailable, unsigned, forged"}', valid: 'normal' },
      { url: `${telegram.url}/test/mode`, refusal: '{"error":"mode must be one of ok, rate-limited, blocked, down"}', valid: 'ok' },
    ];
    for (const { url, refusal, valid } of switches) {
      for (const body of ['{"mode":"nonsense"}', 'not json', '[]', '{}', '{"mode":1}']) {
        expect(await call(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body })).toMatchObject({ status: 400, body: refusal });
      }
      expect((await call(url, { method: 'POST', body: JSON.stringify({ mode: valid }) })).status).toBe(200);
    }
  });

  it('Tunduk: every method reaches the protocol under /r1, a short path is not found', async () => {
    const service = `${tunduk.url}/r1/central-server/GOV/70000001/population/person`;
    const refused = await call(`${service}/12345678901234`, { method: 'POST' });
    expect(refused.status).toBe(400); // headers are checked before the method, as before
    expect(await call(`${tunduk.url}/r1/central-server/GOV`)).toMatchObject({ status: 404, body: expect.stringContaining('GET /test/exchanges') });
    expect(await call(`${tunduk.url}/jwks`, { method: 'DELETE' })).toMatchObject({ status: 404 });
  });
});

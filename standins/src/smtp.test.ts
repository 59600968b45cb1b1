import { createTransport } from 'nodemailer';
import { startSmtpStandin, type SmtpStandin } from './smtp';

let standin: SmtpStandin;

beforeAll(async () => {
  standin = await startSmtpStandin({ smtpPort: 0, httpPort: 0 });
});

afterAll(async () => {
  await standin?.close();
});

const send = (to = 'aigul@example.kg') =>
  createTransport({ url: standin.smtpUrl, connectionTimeout: 2000, greetingTimeout: 2000, socketTimeout: 2000 }).sendMail({
    from: 'no-reply@portal.kg',
    to,
    subject: 'Заявление № KG-2026-000001 получено',
    text: 'Текст',
    html: '<p>Текст</p>',
    headers: { 'List-Unsubscribe': '<http://localhost:4000/cabinet/settings/notifications>', 'Content-Language': 'ru' },
  });

const mode = (body: unknown) => fetch(`${standin.url}/test/mode`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('the SMTP stand-in', () => {
  it('accepts mail with a login and lists it over HTTP, decoded', async () => {
    await send();
    const listed = (await (await fetch(`${standin.url}/messages`)).json()) as { messages: Array<Record<string, unknown>> };
    expect(listed.messages).toHaveLength(1);
    expect(listed.messages[0]).toMatchObject({
      mailFrom: 'no-reply@portal.kg',
      rcptTo: ['aigul@example.kg'],
      subject: 'Заявление № KG-2026-000001 получено',
      text: 'Текст',
      html: '<p>Текст</p>',
      language: 'ru',
      listUnsubscribe: '<http://localhost:4000/cabinet/settings/notifications>',
    });
    await fetch(`${standin.url}/messages`, { method: 'DELETE' });
    expect(standin.messages()).toHaveLength(0);
  });

  it('refuses recipients, or is down, when told to', async () => {
    expect((await mode({ mode: 'refuse-recipients' })).status).toBe(200);
    await expect(send()).rejects.toMatchObject({ responseCode: 550 });
    await mode({ mode: 'down' });
    await expect(send()).rejects.toMatchObject({ responseCode: 421 });
    await mode({ mode: 'accept' });
    await send();
    expect(standin.messages()).toHaveLength(1);
  });

  it('can be slow', async () => {
    await mode({ mode: 'slow', delayMs: 300 });
    const started = Date.now();
    await send();
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    await mode({ mode: 'accept' });
  });

  it('names the modes it knows', async () => {
    const answer = await mode({ mode: 'broken' });
    expect(answer.status).toBe(400);
    expect(await answer.json()).toEqual({ error: 'mode must be one of accept, refuse-recipients, down, slow' });
  });
});

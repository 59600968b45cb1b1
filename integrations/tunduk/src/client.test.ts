import { MikroORM, PostgreSqlDriver, type EntityManager } from '@mikro-orm/postgresql';
import { ReflectMetadataProvider } from '@mikro-orm/core';
import { createTestDatabase } from '@portal/kit';
import { startTundukStandin, type TundukStandin } from '@portal/standins';
import { generateKeyPairSync } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  DEV_TUNDUK_PORTAL_SIGNING_KEY,
  REGISTRY_DOCUMENT_SERVICES,
  REGISTRY_SERVICES,
  TundukClient,
  type TundukClientConfig,
  TundukForgedAnswerError,
  TundukMessageLogEntry,
  TundukRejectedError,
  TundukUnavailableError,
  tundukMessageLogMigrationSql,
  verifyMessageLogChain,
  type PopulationPerson,
  type LegalEntity,
} from './index';

const SCHEMA = 'tunduk_client_test';
const PERSON = { pin: '11505199012345', surname: 'Асанова', name: 'Айгуль', patronymic: 'Бакытовна', birthDate: '1990-05-15', address: 'г. Бишкек, пр. Чуй, 120, кв. 15' };

describe('Tunduk client against the stand-in', () => {
  let orm: MikroORM;
  let standin: TundukStandin;
  const em = (): EntityManager => orm.em.fork();
  const config = (overrides: Partial<TundukClientConfig> = {}): TundukClientConfig => ({
    securityServerUrl: standin.url,
    clientId: 'KG/GOV/70000001/portal',
    serverJwksUrl: standin.jwksUrl,
    portalSigningKey: DEV_TUNDUK_PORTAL_SIGNING_KEY,
    timeoutMs: 1000,
    readRetries: 2,
    retryBackoffMs: 10,
    ...overrides,
  });
  const personRequest = (pin = PERSON.pin) => ({ service: REGISTRY_SERVICES.populationPerson, path: pin, userId: pin, issue: 'registration' });
  const logRows = async () => em().execute<Array<{ seq: string; outcome: string; message_id: string; http_status: number | null; user_id: string; issue: string; response_signature: string | null }>>(`select * from ${SCHEMA}.tunduk_message_log order by seq`);

  beforeAll(async () => {
    const databaseUrl = await createTestDatabase('tunduk');
    orm = await MikroORM.init({
      driver: PostgreSqlDriver,
      clientUrl: databaseUrl,
      schema: SCHEMA,
      entities: [TundukMessageLogEntry],
      metadataProvider: ReflectMetadataProvider,
      allowGlobalContext: false,
      pool: { min: 0, max: 4 },
    });
    await orm.em.fork().execute(`create schema ${SCHEMA}`);
    for (const sql of tundukMessageLogMigrationSql(SCHEMA)) await orm.em.fork().execute(sql);
    standin = await startTundukStandin({ port: 0, people: [PERSON], generatedPeople: 20, generatedLegalEntities: 5 });
  });
  afterAll(async () => {
    await standin?.close();
    await orm?.close(true);
  });
  afterEach(() => standin.setMode('normal'));

  it('asks the population register with the X-Road headers and gets the signed answer', async () => {
    const client = new TundukClient(config());
    const answer = await client.request<PopulationPerson>(em, { ...personRequest(), issue: 'заявление 2026-000123' });
    expect(answer.status).toBe('OK');
    expect(answer.data).toMatchObject({ pin: PERSON.pin, surname: 'Асанова', name: 'Айгуль', patronymic: 'Бакытовна', birthDate: '1990-05-15', sex: 'FEMALE', deceased: false });
    expect(answer.data!.identityDocument.number).toMatch(/^ID\d{7}$/);
    const exchange = standin.exchanges.at(-1)!;
    expect(exchange).toMatchObject({ service: 'KG/GOV/70000002/population/person', key: PERSON.pin, client: 'KG/GOV/70000001/portal', userId: PERSON.pin, messageId: answer.messageId });
    expect(decodeURIComponent(exchange.issue!)).toBe('заявление 2026-000123');
    const [row] = (await logRows()).filter((r) => r.seq === answer.logEntryId);
    expect(row).toMatchObject({ outcome: 'OK', message_id: answer.messageId, http_status: 200, user_id: PERSON.pin, issue: 'заявление 2026-000123' });
    expect(row!.response_signature).toMatch(/^[\w-]+\.\.[\w-]+$/);
  });

  it('answers every registry service the portal names, keyed as REGISTRY_DOCUMENT_SERVICES says', async () => {
    const client = new TundukClient(config());
    const taxNumber = standin.registries.counts().legalEntities > 0 ? (await client.request<LegalEntity>(em, { service: REGISTRY_SERVICES.legalEntity, path: '00000000000000', userId: 'test', issue: 'test' })).status : null;
    expect(taxNumber).toBe('NOT_FOUND');
    standin.addLegalEntity({ taxNumber: '01234567890123', name: 'ОсОО «Тест»', directorPin: PERSON.pin, address: 'г. Бишкек' });
    for (const [code, service] of Object.entries(REGISTRY_DOCUMENT_SERVICES)) {
      const key = service.keyedBy === 'pin' ? PERSON.pin : '01234567890123';
      const answer = await client.request(em, { service: service.service, path: key, userId: PERSON.pin, issue: `document ${code}` });
      // a marriage record exists only for married people: everything else has a record for the demo person
      expect([code, answer.status]).toEqual([code, code === 'marriage-record' ? 'NOT_FOUND' : 'OK']);
    }
    for (const service of Object.values(REGISTRY_SERVICES)) {
      const answer = await client.request(em, { service, path: service === REGISTRY_SERVICES.legalEntity ? '01234567890123' : PERSON.pin, userId: PERSON.pin, issue: 'coverage' });
      expect(answer.messageId).toBeTruthy();
    }
  });

  it('an unknown key is NOT_FOUND (not an error), and logged', async () => {
    const client = new TundukClient(config());
    const answer = await client.request(em, personRequest('21010200099999'));
    expect(answer).toMatchObject({ status: 'NOT_FOUND', data: null });
    const row = (await logRows()).find((r) => r.seq === answer.logEntryId);
    expect(row).toMatchObject({ outcome: 'NOT_FOUND', http_status: 404 });
  });

  it('an unknown service is refused by the security server (not retried)', async () => {
    const client = new TundukClient(config());
    await expect(client.request(em, { service: 'KG/GOV/70000002/population/nothing', path: PERSON.pin, userId: 'u', issue: 'i' })).rejects.toBeInstanceOf(TundukRejectedError);
  });

  it('refuses an unsigned answer and one signed with another key; both are logged as FORGED', async () => {
    const client = new TundukClient(config());
    for (const mode of ['unsigned', 'forged'] as const) {
      standin.setMode(mode);
      const error = await client.request(em, personRequest()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TundukForgedAnswerError);
      const row = (await logRows()).find((r) => r.seq === (error as TundukForgedAnswerError).logEntryId);
      expect(row).toMatchObject({ outcome: 'FORGED' });
    }
  });

  it('refuses an answer whose signature was made for another request (replayed)', async () => {
    // a relay that answers every request with one answer the stand-in signed earlier
    const client = new TundukClient(config());
    const first = await fetch(`${standin.url}/r1/${REGISTRY_SERVICES.populationPerson}/${PERSON.pin}`, {
      headers: { 'x-road-client': 'KG/GOV/70000001/portal', 'x-road-id': 'old-message', 'x-road-userid': 'u', 'x-road-issue': 'i' },
    });
    const body = Buffer.from(await first.arrayBuffer());
    const signature = first.headers.get('x-road-signature')!;
    const relay = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'x-road-signature': signature });
      res.end(body);
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    try {
      const replaying = new TundukClient({ ...config(), securityServerUrl: `http://127.0.0.1:${(relay.address() as AddressInfo).port}` });
      await expect(replaying.request(em, personRequest())).rejects.toThrow(/another request/);
    } finally {
      await new Promise<void>((resolve) => relay.close(() => resolve()));
    }
    expect(client).toBeDefined();
  });

  it('verifies with a configured PEM key instead of the JWKS', async () => {
    const client = new TundukClient(config({ serverJwksUrl: undefined, serverPublicKeyPem: standin.publicKeyPem }));
    expect((await client.request(em, personRequest())).status).toBe('OK');
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const wrongKey = new TundukClient(config({ serverJwksUrl: undefined, serverPublicKeyPem: other }));
    await expect(wrongKey.request(em, personRequest())).rejects.toBeInstanceOf(TundukForgedAnswerError);
  });

  it('retries a read on 5xx with backoff, logs every attempt, then says unavailable', async () => {
    const client = new TundukClient(config({ readRetries: 2 }));
    standin.setMode('unavailable');
    const before = (await logRows()).length;
    const error = await client.request(em, personRequest()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TundukUnavailableError);
    expect((error as TundukUnavailableError).retryable).toBe(true);
    const rows = (await logRows()).slice(before);
    expect(rows.map((r) => [r.outcome, r.http_status])).toEqual([['SERVER_ERROR', 503], ['SERVER_ERROR', 503], ['SERVER_ERROR', 503]]);
    expect(new Set(rows.map((r) => r.message_id)).size).toBe(3);
  });

  it('times out a slow registry per attempt', async () => {
    const client = new TundukClient(config({ timeoutMs: 150, readRetries: 1 }));
    standin.setMode('slow', 1000);
    const started = Date.now();
    const error = await client.request(em, personRequest()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TundukUnavailableError);
    expect(Date.now() - started).toBeLessThan(900);
    const rows = await logRows();
    expect(rows.slice(-2).map((r) => r.outcome)).toEqual(['TIMEOUT', 'TIMEOUT']);
  });

  it('opens the breaker after N failures (no more calls), half-opens after the cool-down, closes on success', async () => {
    const client = new TundukClient(config({ readRetries: 0, breaker: { failureThreshold: 2, resetAfterMs: 300 } }));
    standin.setMode('unavailable');
    await expect(client.request(em, personRequest())).rejects.toBeInstanceOf(TundukUnavailableError);
    await expect(client.request(em, personRequest())).rejects.toBeInstanceOf(TundukUnavailableError);
    const calls = standin.exchanges.length;
    const refused = await client.request(em, personRequest()).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TundukUnavailableError);
    expect((refused as TundukUnavailableError).reason).toMatch(/circuit open/);
    expect((refused as TundukUnavailableError).retryAfterMs).toBeGreaterThan(0);
    expect(standin.exchanges.length).toBe(calls);
    // other services have their own breaker
    standin.setMode('normal');
    expect((await client.request(em, { ...personRequest(), service: REGISTRY_SERVICES.birthRecord })).status).toBe('OK');
    await new Promise((resolve) => setTimeout(resolve, 320));
    expect(client.breakerFor(REGISTRY_SERVICES.populationPerson).state()).toBe('HALF_OPEN');
    expect((await client.request(em, personRequest())).status).toBe('OK');
    expect(client.breakerFor(REGISTRY_SERVICES.populationPerson).state()).toBe('CLOSED');
  });

  it('does not retry a POST', async () => {
    const client = new TundukClient(config({ readRetries: 3 }));
    standin.setMode('unavailable');
    const calls = standin.exchanges.length;
    await expect(client.request(em, { ...personRequest(), method: 'POST', body: { q: 1 } })).rejects.toBeInstanceOf(TundukUnavailableError);
    expect(standin.exchanges.length).toBe(calls + 1);
  });

  it("keeps the log entry when the caller's transaction rolls back", async () => {
    const client = new TundukClient(config());
    let seq = '';
    await expect(
      orm.em.fork().transactional(async (tx) => {
        seq = (await client.request(tx, personRequest())).logEntryId;
        throw new Error('the caller fails after the read');
      }),
    ).rejects.toThrow('the caller fails');
    expect((await logRows()).some((r) => r.seq === seq)).toBe(true);
  });

  it('chains concurrent appends and verifies the chain with the portal signature', async () => {
    const client = new TundukClient(config());
    await Promise.all(Array.from({ length: 8 }, () => client.request(em, personRequest())));
    const result = await verifyMessageLogChain(em, { portalPublicKey: client.portalPublicKey, pageSize: 7 });
    expect(result).toMatchObject({ ok: true });
    expect(result.entries).toBe((await logRows()).length);
  });

  it('refuses bad settings', () => {
    expect(() => new TundukClient(config({ clientId: 'portal' }))).toThrow(/subsystem id/);
    expect(() => new TundukClient(config({ serverJwksUrl: undefined }))).toThrow(/security server's key/);
    expect(() => new TundukClient(config({ portalSigningKey: '{"kty":"EC"}' }))).toThrow(/private key/);
  });

  it('finds an altered entry, a forged signature and a removed entry (runs last: it breaks the chain)', async () => {
    const client = new TundukClient(config());
    for (let i = 0; i < 3; i += 1) await client.request(em, personRequest());
    const rows = await logRows();
    const [victim, removed] = [rows.at(-3)!, rows.at(-2)!];
    await em().execute(`update ${SCHEMA}.tunduk_message_log set user_id = 'someone-else' where seq = ?`, [victim.seq]);
    expect(await verifyMessageLogChain(em)).toMatchObject({ ok: false, brokenAt: victim.seq, reason: expect.stringMatching(/altered/) });
    await em().execute(`update ${SCHEMA}.tunduk_message_log set user_id = ? where seq = ?`, [victim.user_id, victim.seq]);
    expect(await verifyMessageLogChain(em, { portalPublicKey: client.portalPublicKey })).toMatchObject({ ok: true });

    // anyone can recompute a hash; only the portal can sign: a replaced signature is found
    const [{ portal_signature: signature }] = await em().execute<Array<{ portal_signature: string }>>(`select portal_signature from ${SCHEMA}.tunduk_message_log where seq = ?`, [victim.seq]);
    const [header] = signature.split('.');
    await em().execute(`update ${SCHEMA}.tunduk_message_log set portal_signature = ? where seq = ?`, [`${header}..${'A'.repeat(86)}`, victim.seq]);
    expect(await verifyMessageLogChain(em, { portalPublicKey: client.portalPublicKey })).toMatchObject({ ok: false, brokenAt: victim.seq, reason: expect.stringMatching(/signature/) });
    await em().execute(`update ${SCHEMA}.tunduk_message_log set portal_signature = ? where seq = ?`, [signature, victim.seq]);

    await em().execute(`delete from ${SCHEMA}.tunduk_message_log where seq = ?`, [removed.seq]);
    expect(await verifyMessageLogChain(em)).toMatchObject({ ok: false, brokenAt: rows.at(-1)!.seq, reason: expect.stringMatching(/removed/) });
  });
});

import { compactVerify, createLocalJWKSet } from 'jose';
import { startNationalIdStandin } from './national-id';
import { generateLegalEntities, generatePeople, startTundukStandin, type TundukStandin } from './tunduk';

const HEADERS = { 'x-road-client': 'KG/GOV/70000001/portal', 'x-road-id': 'msg-1', 'x-road-userid': '11505199012345', 'x-road-issue': 'test' };
const PERSON_SERVICE = 'r1/KG/GOV/70000002/population/person';

describe('Tunduk stand-in', () => {
  let standin: TundukStandin;
  beforeAll(async () => {
    standin = await startTundukStandin({
      port: 0,
      people: [
        { pin: '11505199012345', surname: 'Asanova', name: 'Aigul', birthDate: '1990-05-15', address: 'г. Бишкек' },
        { pin: '20308198500017', surname: 'Toktogulov', name: 'Bakyt', birthDate: '1985-08-03' },
      ],
      marriages: [['11505199012345', '20308198500017', '2015-06-20']],
    });
  });
  afterAll(() => standin.close());
  afterEach(() => standin.setMode('normal'));

  const get = (path: string, headers: Record<string, string> = HEADERS) => fetch(`${standin.url}/${path}`, { headers });
  const post = (path: string, body: unknown) => fetch(`${standin.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  async function verified(response: Response): Promise<{ header: Record<string, unknown>; body: Record<string, unknown> }> {
    const bytes = Buffer.from(await response.arrayBuffer());
    const [protectedHeader, empty, signature] = response.headers.get('x-road-signature')!.split('.');
    expect(empty).toBe('');
    const jwks = createLocalJWKSet((await (await fetch(standin.jwksUrl)).json()) as { keys: [] });
    const { protectedHeader: header } = await compactVerify(`${protectedHeader}.${bytes.toString('base64url')}.${signature}`, jwks);
    return { header: header as Record<string, unknown>, body: JSON.parse(bytes.toString('utf8')) as Record<string, unknown> };
  }

  it('answers a demo person, signed over the body and bound to the X-Road-Id and status', async () => {
    const response = await get(`${PERSON_SERVICE}/11505199012345`);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-road-id')).toBe('msg-1');
    const { header, body } = await verified(response);
    expect(header).toMatchObject({ alg: 'ES256', 'x-road-id': 'msg-1', 'x-road-status': 200 });
    expect(body).toMatchObject({ pin: '11505199012345', surname: 'Asanova', name: 'Aigul', patronymic: '', birthDate: '1990-05-15', sex: 'FEMALE', deceased: false });
    expect(standin.exchanges.at(-1)).toMatchObject({ client: 'KG/GOV/70000001/portal', userId: '11505199012345', issue: 'test', status: 200 });
  });

  it('holds the demo registry documents: birth and marriage records, criminal-record check, tax arrears', async () => {
    const marriage = await verified(await get('r1/KG/GOV/70000002/civil-status/marriage-record/11505199012345'));
    expect(marriage.body).toMatchObject({ spousePin: '20308198500017', spouseFullName: 'Toktogulov Bakyt', registeredAt: '2015-06-20' });
    const birth = await verified(await get('r1/KG/GOV/70000002/civil-status/birth-record/20308198500017'));
    expect(birth.body).toMatchObject({ birthDate: '1985-08-03', fullName: 'Toktogulov Bakyt' });
    expect((await verified(await get('r1/KG/GOV/70000005/criminal-records/criminal-record-check/11505199012345'))).body).toMatchObject({ hasRecord: false });
    expect((await verified(await get('r1/KG/GOV/70000004/tax/tax-arrears/11505199012345'))).body).toMatchObject({ totalArrears: 0 });
  });

  it('answers 404 with a clear signed body for an unknown key, and 400 for an unknown service or missing headers', async () => {
    const missing = await get(`${PERSON_SERVICE}/21212121212121`);
    expect(missing.status).toBe(404);
    expect((await verified(missing)).body.message).toMatch(/no record for 21212121212121/);
    expect((await get('r1/KG/GOV/70000003/population/person/11505199012345')).status).toBe(400);
    const noHeaders = await get(`${PERSON_SERVICE}/11505199012345`, {});
    expect(noHeaders.status).toBe(400);
    expect(((await noHeaders.json()) as { message: string }).message).toMatch(/x-road-client/);
  });

  it('adds people and companies through the test endpoints', async () => {
    const added = await post('/test/population', { pin: '21010200012345', surname: 'Жумабеков', name: 'Канат', patronymic: 'Асан уулу', birthDate: '2000-01-01', address: 'г. Ош' });
    expect(added.status).toBe(200);
    expect((await verified(await get(`${PERSON_SERVICE}/21010200012345`))).body).toMatchObject({ surname: 'Жумабеков', patronymic: 'Асан уулу', sex: 'MALE', address: 'г. Ош' });
    expect((await post('/test/population', { pin: '123', surname: 'X', name: 'Y' })).status).toBe(400);
    expect((await post('/test/legal-entities', { taxNumber: '01234567890123', name: 'ОсОО «Тест»', directorPin: '21010200012345', address: 'г. Бишкек' })).status).toBe(200);
    expect((await verified(await get('r1/KG/GOV/70000003/legal-entities/legal-entity/01234567890123'))).body).toMatchObject({ status: 'ACTIVE', directorPin: '21010200012345', legalForm: 'ОсОО' });
    expect((await post('/test/legal-entities', { taxNumber: '0123', name: 'x', directorPin: '1' })).status).toBe(400);
  });

  it('misbehaves on request: unavailable, slow, unsigned, signed with an unknown key', async () => {
    expect((await post('/test/mode', { mode: 'broken' })).status).toBe(400);
    await post('/test/mode', { mode: 'unavailable' });
    expect((await get(`${PERSON_SERVICE}/11505199012345`)).status).toBe(503);
    await post('/test/mode', { mode: 'slow', delayMs: 200 });
    const started = Date.now();
    expect((await get(`${PERSON_SERVICE}/11505199012345`)).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    standin.setMode('unsigned');
    expect((await get(`${PERSON_SERVICE}/11505199012345`)).headers.get('x-road-signature')).toBeNull();
    standin.setMode('forged');
    await expect(verified(await get(`${PERSON_SERVICE}/11505199012345`))).rejects.toThrow();
  });

  it('generates the same few hundred people and companies every time, with PINs matching sex and birth date', () => {
    const people = generatePeople(300);
    expect(generatePeople(300)).toEqual(people);
    expect(new Set(people.map((p) => p.pin)).size).toBe(300);
    for (const person of people) {
      expect(person.pin.slice(0, 1)).toBe(person.sex === 'MALE' ? '2' : '1');
      expect(`${person.pin.slice(5, 9)}-${person.pin.slice(3, 5)}-${person.pin.slice(1, 3)}`).toBe(person.birthDate);
    }
    const companies = generateLegalEntities(60, people);
    expect(companies.every((c) => people.some((p) => p.pin === c.directorPin))).toBe(true);
    expect(standin.registries.counts().people).toBeGreaterThanOrEqual(302);
  });

  it('the national-ID stand-in can hand every person it signs a token for to the register', async () => {
    const nationalId = await startNationalIdStandin({ port: 0, onPersonSigned: (person) => standin.ensurePerson({ pin: person.pin, surname: person.name.split(' ')[0]!, name: person.name.split(' ')[1] ?? '', birthDate: person.birthdate ?? '2000-01-01' }) });
    try {
      await nationalId.issueIdToken({ pin: '11212199500011', name: 'Иманалиева Асель', birthdate: '1995-12-12' });
      expect(standin.registries.person('11212199500011')).toMatchObject({ surname: 'Иманалиева', name: 'Асель', birthDate: '1995-12-12' });
    } finally {
      await nationalId.close();
    }
  });
});

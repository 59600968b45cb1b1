import { randomUUID } from 'node:crypto';
import { type GraphQLResult, startTestSubgraph, type TestSubgraph } from '@portal/kit';
import { createApplicationsSubgraph, DEVELOPMENT_SETTINGS } from '../subgraph';
import { ApplicationsWorld, type TestPerson, type TestService, VALID_REQUEST } from '../testing/world';
import type { FetchOutcome, RegistrySource } from './registry-document.rules';
import type { RegistryFetcher, RegistryRead } from './registry-fetcher';

/** A registry the test steers: per document code, what the next answers are. */
class TestRegistry implements RegistryFetcher {
  readonly reads: RegistryRead[] = [];
  mode: 'up' | 'down' | 'forged' = 'up';
  people = new Map<string, { surname: string; name: string; patronymic: string; birthDate: string; address: string }>();
  private messages = 0;

  sourceOf(code: string): RegistrySource | null {
    const sources: Record<string, RegistrySource> = {
      'passport-data': { service: 'KG/GOV/70000002/population/passport-data', registry: 'State Registration Service', keyedBy: 'pin' },
      'birth-record': { service: 'KG/GOV/70000002/civil-status/birth-record', registry: 'State Registration Service', keyedBy: 'pin' },
      'marriage-record': { service: 'KG/GOV/70000002/civil-status/marriage-record', registry: 'State Registration Service', keyedBy: 'pin' },
    };
    return sources[code] ?? null;
  }

  async fetchDocument(_em: unknown, read: RegistryRead): Promise<FetchOutcome> {
    this.reads.push(read);
    if (this.mode === 'down') return { kind: 'unavailable', reason: 'security server answered 503' };
    if (this.mode === 'forged') return { kind: 'forged', reason: 'X-Road-Signature does not verify' };
    const messageId = `msg-${++this.messages}`;
    if (read.source.service.endsWith('marriage-record')) return { kind: 'not-found', messageId };
    return { kind: 'found', data: { pin: read.key, number: 'ID1234567' }, messageId };
  }

  async findPerson(_em: unknown, read: { pin: string }) {
    if (this.mode === 'down') throw new Error('security server answered 503');
    return this.people.get(read.pin) ?? null;
  }
}

const REQUIRED = [
  { code: 'passport-data', title: { ru: 'Сведения паспорта', ky: 'Паспорттун маалыматтары' }, obtainedByPortal: true },
  { code: 'birth-record', title: { ru: 'Запись о рождении', ky: 'Төрөлгөндүгү тууралуу жазуу' }, obtainedByPortal: true },
  { code: 'payment-confirmation', title: { ru: 'Оплата пошлины', ky: 'Алым' }, obtainedByPortal: true },
  { code: 'photo', title: { ru: 'Фото', ky: 'Сүрөт' }, obtainedByPortal: false },
];

const DOCS = `registryDocuments { code title(lang: RU) registry registryService status fetchedAt data messageId attempts lastError waivedAt waivedBy { id } waiverReason }`;
const READ = `query($id: ID!) { application(id: $id) { id status ${DOCS} } }`;
const WAIVE = `mutation($id: ID!, $code: String!, $reason: String!) { waiveRegistryDocument(applicationId: $id, code: $code, reason: $reason) { id status ${DOCS} } }`;
const ACCEPT = `mutation($id: ID!) { acceptApplication(applicationId: $id) { id status } }`;

interface Doc {
  code: string;
  title: string;
  registry: string;
  registryService: string;
  status: string;
  fetchedAt: string | null;
  data: Record<string, unknown> | null;
  messageId: string | null;
  attempts: number;
  lastError: string | null;
  waivedAt: string | null;
  waivedBy: { id: string } | null;
  waiverReason: string | null;
}

let subgraph: TestSubgraph;
let world: ApplicationsWorld;
const registry = new TestRegistry();
const PROVIDER = randomUUID();
const OTHER_PROVIDER = randomUUID();
let applicant: TestPerson;
let otherCitizen: TestPerson;
let officer: TestPerson;
let otherOfficer: TestPerson;
const operator = { userId: randomUUID(), roles: ['OPERATOR' as const], providerId: null };
let service: TestService;

function ok<T>(result: GraphQLResult<T>): T {
  expect(result.errors).toBeUndefined();
  return result.data!;
}

function codeOf(result: GraphQLResult): string | undefined {
  return result.errors?.[0]?.extensions?.code as string | undefined;
}

async function submitted(): Promise<{ id: string; registryDocuments: Doc[] }> {
  const draft = ok(await world.request<{ saveDraft: { id: string; data: Record<string, unknown> } }>('mutation($input: SaveDraftInput!) { saveDraft(input: $input) { id data } }', { input: { serviceId: service.id, data: VALID_REQUEST } }, applicant.caller)).saveDraft;
  const signature = await world.sign(world.submissionPayload(draft, service.id), applicant.privateKey);
  return ok(
    await world.request<{ submitApplication: { id: string; registryDocuments: Doc[] } }>(
      `mutation($input: SubmitApplicationInput!) { submitApplication(input: $input) { id ${DOCS} } }`,
      { input: { applicationId: draft.id, signature, signingKeyId: applicant.keyId } },
      applicant.caller,
    ),
  ).submitApplication;
}

const read = async (id: string, caller = officer.caller) => ok(await world.request<{ application: { status: string; registryDocuments: Doc[] } }>(READ, { id }, caller)).application;

beforeAll(async () => {
  subgraph = await startTestSubgraph(
    createApplicationsSubgraph({ ...DEVELOPMENT_SETTINGS, REGISTRY_FETCH_RETRY_INITIAL_MS: 1, REGISTRY_FETCH_RETRY_MAX_MS: 1, REGISTRY_FETCH_POLL_MS: 60_000 }, { registryFetcher: registry, random: () => 0 }),
  );
  world = new ApplicationsWorld(subgraph);
  applicant = await world.citizen('Асанова Айгүл');
  otherCitizen = await world.citizen('Бакыт Бекмуратов');
  officer = await world.officer(PROVIDER);
  otherOfficer = await world.officer(OTHER_PROVIDER);
  service = await world.service({ providerId: PROVIDER, requiredDocuments: REQUIRED });
  await world.drain();
});

afterAll(async () => {
  await subgraph?.close();
});

beforeEach(() => {
  registry.mode = 'up';
});

describe('who may see and waive registry documents', () => {
  it('another citizen and another provider’s officer cannot read them', async () => {
    const application = await submitted();
    for (const caller of [otherCitizen.caller, otherOfficer.caller]) {
      const result = await world.request(READ, { id: application.id }, caller);
      expect(codeOf(result)).toBe('FORBIDDEN');
      expect(JSON.stringify(result.data ?? null)).not.toContain('ID1234567');
    }
  });

  it('only an officer of the provider may waive one', async () => {
    registry.mode = 'down';
    const application = await submitted();
    for (const caller of [applicant.caller, otherCitizen.caller, otherOfficer.caller, operator]) {
      const result = await world.request(WAIVE, { id: application.id, code: 'passport-data', reason: 'seen the original' }, caller);
      expect(codeOf(result)).toBe('FORBIDDEN');
    }
    expect((await read(application.id)).registryDocuments.every((d) => d.status === 'PENDING')).toBe(true);
  });

  it('the operator sees their state but not their data, nor the waiver reason', async () => {
    const application = await submitted();
    const seen = await read(application.id, operator);
    expect(seen.registryDocuments.map((d) => [d.code, d.status, d.data])).toEqual([
      ['birth-record', 'FETCHED', null],
      ['passport-data', 'FETCHED', null],
    ]);
  });
});

describe('once-only documents of a submitted application', () => {
  it('are fetched with the submission: one per registry document, not the portal’s payment nor documents the applicant brings', async () => {
    const before = registry.reads.length;
    const application = await submitted();
    const docs = application.registryDocuments;
    expect(docs.map((d) => d.code).sort()).toEqual(['birth-record', 'passport-data']);
    for (const doc of docs) {
      expect(doc).toMatchObject({ status: 'FETCHED', registry: 'State Registration Service', attempts: 1, lastError: null });
      expect(doc.data).toEqual({ pin: applicant.pin, number: 'ID1234567' });
      expect(doc.messageId).toMatch(/^msg-/);
      expect(doc.fetchedAt).toBeTruthy();
    }
    expect(docs.find((d) => d.code === 'birth-record')!.title).toBe('Запись о рождении');
    const reads = registry.reads.slice(before);
    expect(reads).toHaveLength(2);
    // made for the applicant, with the application number as the purpose
    expect(reads.every((r) => r.userId === applicant.id && r.key === applicant.pin && /\d/.test(r.issue))).toBe(true);
    expect(ok(await world.request<{ acceptApplication: { status: string } }>(ACCEPT, { id: application.id }, officer.caller)).acceptApplication.status).toBe('IN_REVIEW');
  });

  it('a registry that is down leaves them PENDING and refuses intake; once it is back they are fetched once', async () => {
    registry.mode = 'down';
    const application = await submitted();
    expect(application.registryDocuments.map((d) => d.status)).toEqual(['PENDING', 'PENDING']);
    expect(application.registryDocuments[0].lastError).toMatch(/503/);
    await world.drain();
    const refused = await world.request(ACCEPT, { id: application.id }, officer.caller);
    expect(codeOf(refused)).toBe('CONFLICT');
    expect(refused.errors![0].message).toMatch(/passport-data \(PENDING\)/);
    expect(refused.errors![0].message).toMatch(/waiveRegistryDocument/);
    expect((await read(application.id)).registryDocuments[0].attempts).toBeGreaterThanOrEqual(2);

    registry.mode = 'up';
    await new Promise((resolve) => setTimeout(resolve, 5));
    await world.drain();
    const fetched = await read(application.id);
    expect(fetched.registryDocuments.map((d) => d.status)).toEqual(['FETCHED', 'FETCHED']);
    const reads = registry.reads.filter((r) => r.issue === registry.reads.at(-1)!.issue);
    expect(reads.length).toBeGreaterThanOrEqual(4);
    // more rounds fetch nothing again
    const count = registry.reads.length;
    await world.drain();
    expect(registry.reads.length).toBe(count);
    expect(ok(await world.request<{ acceptApplication: { status: string } }>(ACCEPT, { id: application.id }, officer.caller)).acceptApplication.status).toBe('IN_REVIEW');
  });

  it('answers that fail verification end FAILED after a few attempts; the officer waives with a reason and intake proceeds', async () => {
    registry.mode = 'forged';
    const application = await submitted();
    for (let round = 0; round < 3; round += 1) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      await world.drain();
    }
    const failed = await read(application.id);
    expect(failed.registryDocuments.map((d) => [d.status, d.attempts])).toEqual([
      ['FAILED', 3],
      ['FAILED', 3],
    ]);
    expect(failed.registryDocuments[0].lastError).toMatch(/failed verification/);

    expect(codeOf(await world.request(WAIVE, { id: application.id, code: 'birth-record', reason: '   ' }, officer.caller))).toBe('BAD_USER_INPUT');
    expect(codeOf(await world.request(WAIVE, { id: application.id, code: 'no-such-document', reason: 'x' }, officer.caller))).toBe('NOT_FOUND');
    ok(await world.request(WAIVE, { id: application.id, code: 'birth-record', reason: 'the applicant showed the original certificate' }, officer.caller));
    const stillOne = await world.request(ACCEPT, { id: application.id }, officer.caller);
    expect(codeOf(stillOne)).toBe('CONFLICT');
    expect(stillOne.errors![0].message).toMatch(/passport-data \(FAILED\)/);
    expect(stillOne.errors![0].message).not.toMatch(/birth-record/);
    const waived = ok(await world.request<{ waiveRegistryDocument: { registryDocuments: Doc[] } }>(WAIVE, { id: application.id, code: 'passport-data', reason: 'ID card seen' }, officer.caller)).waiveRegistryDocument;
    const birth = waived.registryDocuments.find((d) => d.code === 'birth-record')!;
    expect(birth).toMatchObject({ status: 'WAIVED', waivedBy: { id: officer.id }, waiverReason: 'the applicant showed the original certificate' });
    expect(birth.waivedAt).toBeTruthy();
    // the applicant sees the waiver too; a document already waived cannot be waived again
    expect((await read(application.id, applicant.caller)).registryDocuments.every((d) => d.status === 'WAIVED')).toBe(true);
    expect(codeOf(await world.request(WAIVE, { id: application.id, code: 'passport-data', reason: 'again' }, officer.caller))).toBe('CONFLICT');
    expect(ok(await world.request<{ acceptApplication: { status: string } }>(ACCEPT, { id: application.id }, officer.caller)).acceptApplication.status).toBe('IN_REVIEW');
    // after intake nothing is waived any more
    expect(codeOf(await world.request(WAIVE, { id: application.id, code: 'passport-data', reason: 'late' }, officer.caller))).toBe('CONFLICT');
  });

  it("an officer's read of their data is recorded in the applicant's access log; the applicant's own is not", async () => {
    const application = await submitted();
    const count = async () => Number((await subgraph.orm.em.fork().execute<Array<{ n: string }>>(`select count(*) as n from applications.outbox where type = 'PersonalDataRead' and payload->>'applicationId' = ?`, [application.id]))[0].n);
    await read(application.id, applicant.caller);
    expect(await count()).toBe(0);
    await read(application.id, officer.caller);
    const [row] = await subgraph.orm.em.fork().execute<Array<{ payload: { fields: string[]; subjectUserId: string } }>>(`select payload from applications.outbox where type = 'PersonalDataRead' and payload->>'applicationId' = ?`, [application.id]);
    expect(row.payload).toMatchObject({ fields: ['registryDocument.data'], subjectUserId: applicant.id });
  });
});

describe('prefill from the population register (R-27.4)', () => {
  const PREFILL = 'mutation($input: SaveDraftInput!) { saveDraft(input: $input) { data prefillSource } }';

  it("prefills the citizen's name and birth date as the register writes them", async () => {
    const citizen = await world.citizen('Asanova Aigul');
    registry.people.set(citizen.pin, { surname: 'Асанова', name: 'Айгүл', patronymic: 'Маратовна', birthDate: '1990-05-15', address: 'Бишкек, Чүй пр. 100' });
    await world.drain();
    const draft = ok(await world.request<{ saveDraft: { data: Record<string, unknown>; prefillSource: string } }>(PREFILL, { input: { serviceId: service.id, data: {} } }, citizen.caller)).saveDraft;
    expect(draft.prefillSource).toBe('POPULATION_REGISTER');
    expect(draft.data).toMatchObject({ fullName: 'Асанова Айгүл Маратовна', birthDate: '1990-05-15', pin: citizen.pin });
    registry.people.delete(citizen.pin);
  });

  it('falls back to the profile when the register does not answer, and says so', async () => {
    const citizen = await world.citizen('Токтогулов Нурлан');
    await world.drain();
    registry.mode = 'down';
    const draft = ok(await world.request<{ saveDraft: { data: Record<string, unknown>; prefillSource: string } }>(PREFILL, { input: { serviceId: service.id, data: {} } }, citizen.caller)).saveDraft;
    expect(draft.prefillSource).toBe('PROFILE');
    expect(draft.data).toMatchObject({ fullName: 'Токтогулов Нурлан', birthDate: '1990-03-12' });
  });
});

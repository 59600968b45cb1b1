import { CALLER_HEADER, type Caller, DEMO_PROVIDERS, DEMO_USERS, signCallerToken, TEST_INTERNAL_SECRET, testCaller } from '@portal/kit';
import { TundukMessageLogEntry, verifyMessageLogChain } from '@portal/tunduk';
import { errorCodes, startTestPlatform, type TestPlatform } from '../support/platform';
import { registerSimpleSigner, type Signer } from '../support/signing';

// demo service (catalog seed): a paid one (200 som) whose standard lists passport-data, birth-record
// (both fetched through Tunduk) and payment-confirmation (the portal's own)
const BIRTH_CERTIFICATE_DUPLICATE = '7c1e2d3a-4b5c-4d6e-8f70-000000000201';
const DATA = { issuedFor: 'self', personFullName: 'Асанова Айгуль Маратовна', personBirthDate: '1990-05-15', reason: 'lost', registryOffice: 'bishkek' };

const DOCS = 'registryDocuments { code title(lang: RU) registry registryService status fetchedAt data messageId attempts lastError waivedAt waivedBy { id } waiverReason }';
const GET = `query($id: ID!) { application(id: $id) { id number status ${DOCS} } }`;
const ACCEPT = 'mutation($id: ID!) { acceptApplication(applicationId: $id) { id status } }';
const WAIVE = `mutation($id: ID!, $code: String!, $reason: String!) { waiveRegistryDocument(applicationId: $id, code: $code, reason: $reason) { id ${DOCS} } }`;

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

describe('once-only documents: fetched from the state registries through Tunduk, through the gateway', () => {
  let platform: TestPlatform;
  let citizen: string;
  let otherCitizen: string;
  let grsOfficer: string;
  let mvdOfficer: string;
  let operator: string;
  let signer: Signer;

  beforeAll(async () => {
    platform = await startTestPlatform({
      // quick retries, and a breaker that closes again soon, so "down for a while" is a few hundred ms
      env: { REGISTRY_FETCH_POLL_MS: '100', REGISTRY_FETCH_RETRY_INITIAL_MS: '100', REGISTRY_FETCH_RETRY_MAX_MS: '300', TUNDUK_READ_RETRIES: '0', TUNDUK_BREAKER_RESET_MS: '200', TUNDUK_TIMEOUT_MS: '2000' },
    });
    [citizen, otherCitizen, grsOfficer, mvdOfficer, operator] = await Promise.all([
      platform.login('aigul@example.kg', 'Citizen2026!'),
      platform.login('bakyt@example.kg', 'Citizen2026!'),
      platform.login('officer.grs@portal.kg', 'Officer2026!'),
      platform.login('officer.mvd@portal.kg', 'Officer2026!'),
      platform.login('operator@portal.kg', 'Operator2026!'),
    ]);
    signer = await registerSimpleSigner(platform, citizen);
    await platform.settle();
  });

  afterAll(async () => {
    platform?.tunduk.setMode('normal');
    await platform?.close();
  });

  /** A submitted application that asked the applicant for none of the registry documents. */
  async function submitted(): Promise<{ id: string; number: string; registryDocuments: Doc[] }> {
    const draft = (await platform.ok('mutation($input: SaveDraftInput!) { saveDraft(input: $input) { id data prefillSource } }', { input: { serviceId: BIRTH_CERTIFICATE_DUPLICATE, data: DATA } }, citizen)).saveDraft;
    const signature = await signer.sign({ applicationId: draft.id, serviceId: BIRTH_CERTIFICATE_DUPLICATE, data: draft.data });
    return (await platform.ok(`mutation($input: SubmitApplicationInput!) { submitApplication(input: $input) { id number ${DOCS} } }`, { input: { applicationId: draft.id, signature, signingKeyId: signer.keyId } }, citizen)).submitApplication;
  }

  const read = async (id: string, token = grsOfficer): Promise<{ status: string; registryDocuments: Doc[] }> => (await platform.ok(GET, { id }, token)).application;

  /** A request straight at the applications subgraph with a genuine caller token, as the gateway would sign it. */
  async function direct(query: string, variables: Record<string, unknown>, caller: Partial<Caller>) {
    const token = await signCallerToken(testCaller(caller), TEST_INTERNAL_SECRET);
    const response = await fetch(`${platform.subgraphs.applications.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [CALLER_HEADER]: token },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as { data?: Record<string, unknown> | null; errors?: Array<{ message: string; extensions: { code: string } }> };
  }

  /** The applications subgraph's message log, and whether its chain verifies. */
  async function messageLog() {
    const em = platform.subgraphs.applications.orm.em.fork();
    const entries = await em.find(TundukMessageLogEntry, {}, { orderBy: { seq: 'asc' } });
    return { entries, verification: await verifyMessageLogChain(() => platform.subgraphs.applications.orm.em.fork()) };
  }

  it('prefills the draft from the population register, as the register writes the name', async () => {
    const draft = (await platform.ok('mutation($input: SaveDraftInput!) { saveDraft(input: $input) { data prefillSource } }', { input: { serviceId: BIRTH_CERTIFICATE_DUPLICATE, data: {} } }, citizen)).saveDraft;
    expect(draft.prefillSource).toBe('POPULATION_REGISTER');
    expect(draft.data).toMatchObject({ fullName: 'Asanova Aigul', pin: '11505199012345' });
    const { entries } = await messageLog();
    expect(entries.some((e) => e.serviceId.endsWith('/population/person') && e.userId === DEMO_USERS.CITIZEN_AIGUL && e.outcome === 'OK')).toBe(true);
  });

  it('with the register down the draft is still made, from the profile, and says so', async () => {
    platform.tunduk.setMode('unavailable');
    try {
      // another citizen: the register's answer about the first one is cached for a while
      const draft = (await platform.ok('mutation($input: SaveDraftInput!) { saveDraft(input: $input) { data prefillSource } }', { input: { serviceId: BIRTH_CERTIFICATE_DUPLICATE, data: {} } }, otherCitizen)).saveDraft;
      expect(draft.prefillSource).toBe('PROFILE');
      expect(draft.data.fullName).toBe('Bakyt Toktogulov');
    } finally {
      platform.tunduk.setMode('normal');
    }
  });

  it('a paid application is submitted without them; the officer sees them FETCHED, each answer in the message log, whose chain verifies', async () => {
    const application = await submitted();
    // the submission answers once the first fetch is done
    expect(application.registryDocuments.map((d) => d.status)).toEqual(['FETCHED', 'FETCHED']);
    const seen = await read(application.id);
    expect(seen.registryDocuments.map((d) => [d.code, d.status]).sort()).toEqual([
      ['birth-record', 'FETCHED'],
      ['passport-data', 'FETCHED'],
    ]);
    const passport = seen.registryDocuments.find((d) => d.code === 'passport-data')!;
    expect(passport).toMatchObject({ registry: 'Государственная регистрационная служба', registryService: 'KG/GOV/70000002/population/passport-data', attempts: 1, lastError: null });
    expect(passport.title).toMatch(/удостоверяющего личность/);
    expect(passport.data).toMatchObject({ pin: '11505199012345', surname: 'Asanova' });
    expect(passport.fetchedAt).toBeTruthy();

    const { entries, verification } = await messageLog();
    expect(verification).toMatchObject({ ok: true });
    for (const document of seen.registryDocuments) {
      const entry = entries.find((e) => e.messageId === document.messageId);
      // made for the applicant, with the application number as the purpose
      expect(entry).toMatchObject({ serviceId: document.registryService, userId: DEMO_USERS.CITIZEN_AIGUL, issue: application.number, outcome: 'OK', path: '11505199012345' });
    }
    // the operator reads the same log through the gateway, PINs masked, and its chain verifies there too
    const operatorView = await platform.ok(
      'query { applicationsTundukMessageLog(first: 20) { edges { node { messageId service issue outcome userIdMasked } } } verifyApplicationsTundukMessageLog { ok entries } }',
      {},
      operator,
    );
    expect(operatorView.verifyApplicationsTundukMessageLog).toMatchObject({ ok: true, entries: entries.length });
    const operatorEntries = operatorView.applicationsTundukMessageLog.edges.map((e: { node: { messageId: string } }) => e.node);
    for (const document of seen.registryDocuments) {
      expect(operatorEntries).toContainEqual({ messageId: document.messageId, service: document.registryService, issue: application.number, outcome: 'OK', userIdMasked: expect.stringMatching(/^\*+.{4}$/) });
    }
    // nobody else reads it
    for (const token of [citizen, grsOfficer]) {
      expect(errorCodes(await platform.gql('query { applicationsTundukMessageLog(first: 5) { edges { cursor } } }', {}, { token }))).toEqual(['FORBIDDEN']);
      expect(errorCodes(await platform.gql('query { verifyApplicationsTundukMessageLog { ok } }', {}, { token }))).toEqual(['FORBIDDEN']);
    }
    // the security server received what the log says
    expect(platform.tunduk.exchanges.filter((e) => e.issue === application.number).map((e) => e.messageId).sort()).toEqual(seen.registryDocuments.map((d) => d.messageId).sort());
    // the register reads are in the applicant's access log, with the register as the reader
    await platform.settle();
    const log = (await platform.ok('query { myDataAccessLog(first: 50) { edges { node { actor fields applicationNumber } } } }', {}, citizen)).myDataAccessLog.edges.map((e: { node: unknown }) => e.node);
    expect(log.filter((entry: { applicationNumber: string }) => entry.applicationNumber === application.number)).toEqual(
      expect.arrayContaining([
        { actor: expect.stringMatching(/Тундук|Түндүк/), fields: ['registry.passport-data'], applicationNumber: application.number },
        { actor: expect.stringMatching(/Тундук|Түндүк/), fields: ['registry.birth-record'], applicationNumber: application.number },
      ]),
    );
    // the applicant sees them too; the intake may go on
    expect((await read(application.id, citizen)).registryDocuments.every((d) => d.status === 'FETCHED' && d.data !== null)).toBe(true);
    expect((await platform.ok(ACCEPT, { id: application.id }, grsOfficer)).acceptApplication.status).toBe('AWAITING_PAYMENT');
  });

  it('another citizen and another provider’s officer cannot see them, at the gateway or at the subgraph; the operator sees their state only', async () => {
    const application = await submitted();
    for (const token of [otherCitizen, mvdOfficer]) {
      const refused = await platform.gql(GET, { id: application.id }, { token });
      expect(errorCodes(refused)).toEqual(['FORBIDDEN']);
      expect(refused.data?.application ?? null).toBeNull();
      expect(errorCodes(await platform.gql(WAIVE, { id: application.id, code: 'passport-data', reason: 'x' }, { token }))).toEqual(['FORBIDDEN']);
    }
    for (const caller of [
      { userId: DEMO_USERS.CITIZEN_BAKYT, roles: ['CITIZEN' as const] },
      { userId: DEMO_USERS.OFFICER_MVD, roles: ['PROVIDER_OFFICER' as const], providerId: DEMO_PROVIDERS.MVD },
    ]) {
      const refused = await direct(GET, { id: application.id }, caller);
      expect(refused.errors?.map((e) => e.extensions.code)).toEqual(['FORBIDDEN']);
      expect(JSON.stringify(refused.data ?? null)).not.toContain('11505199012345');
    }
    const operatorView = await read(application.id, operator);
    expect(operatorView.registryDocuments.map((d) => [d.status, d.data])).toEqual([
      ['FETCHED', null],
      ['FETCHED', null],
    ]);
    expect(errorCodes(await platform.gql(WAIVE, { id: application.id, code: 'passport-data', reason: 'x' }, { token: operator }))).toEqual(['FORBIDDEN']);
  });

  it('with the registry down for a while, then back, the fetch completes once; intake waits for it', async () => {
    platform.tunduk.setMode('unavailable');
    let application: Awaited<ReturnType<typeof submitted>>;
    try {
      application = await submitted();
      expect(application.registryDocuments.map((d) => d.status)).toEqual(['PENDING', 'PENDING']);
      // the first attempt may still be under way when the submission answers (a busy machine)
      const attempted = await platform.until(() => read(application.id), (found) => found.registryDocuments[0].lastError !== null, 'the first failed fetch');
      expect(attempted.registryDocuments.map((d) => d.status)).toEqual(['PENDING', 'PENDING']);
      expect(attempted.registryDocuments[0].lastError).toMatch(/unavailable/);
      const refused = await platform.gql(ACCEPT, { id: application.id }, { token: grsOfficer });
      expect(errorCodes(refused)).toEqual(['CONFLICT']);
      expect(refused.errors![0].message).toMatch(/passport-data \(PENDING\)/);
      // retried with backoff while the registry stays down: more failed attempts, still PENDING
      await platform.until(() => read(application.id), (seen) => seen.registryDocuments.every((d) => d.attempts >= 3), 'a few failed attempts');
      expect((await read(application.id)).registryDocuments.map((d) => d.status)).toEqual(['PENDING', 'PENDING']);
    } finally {
      platform.tunduk.setMode('normal');
    }
    const fetched = await platform.until(() => read(application.id), (seen) => seen.registryDocuments.every((d) => d.status === 'FETCHED'), 'the documents fetched once the registry is back', 15_000);
    expect(fetched.registryDocuments).toHaveLength(2);

    // the log shows the failed attempts and exactly one success per document
    const { entries, verification } = await messageLog();
    expect(verification).toMatchObject({ ok: true });
    const ofThis = entries.filter((e) => e.issue === application.number);
    for (const document of fetched.registryDocuments) {
      const exchanges = ofThis.filter((e) => e.serviceId === document.registryService);
      expect(exchanges.filter((e) => e.outcome === 'OK').map((e) => e.messageId)).toEqual([document.messageId]);
      expect(exchanges.filter((e) => e.outcome === 'SERVER_ERROR').length).toBeGreaterThanOrEqual(1);
    }
    // later rounds fetch nothing again
    const count = platform.tunduk.exchanges.length;
    await platform.settle();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(platform.tunduk.exchanges.length).toBe(count);
    expect((await platform.ok(ACCEPT, { id: application.id }, grsOfficer)).acceptApplication.status).toBe('AWAITING_PAYMENT');
  });

  it('forged answers are never used: the documents end FAILED after a few attempts, each refusal in the log', async () => {
    platform.tunduk.setMode('forged');
    let application: Awaited<ReturnType<typeof submitted>>;
    try {
      application = await submitted();
      const failed = await platform.until(() => read(application.id), (seen) => seen.registryDocuments.every((d) => d.status === 'FAILED'), 'the documents FAILED');
      for (const document of failed.registryDocuments) {
        expect(document).toMatchObject({ data: null, messageId: null, attempts: 3 });
        expect(document.lastError).toMatch(/failed verification/);
      }
    } finally {
      platform.tunduk.setMode('normal');
    }
    const { entries, verification } = await messageLog();
    expect(verification).toMatchObject({ ok: true });
    expect(entries.filter((e) => e.issue === application.number).map((e) => e.outcome)).toEqual(Array(6).fill('FORGED'));
    // FAILED holds up the intake too, until waived
    expect(errorCodes(await platform.gql(ACCEPT, { id: application.id }, { token: grsOfficer }))).toEqual(['CONFLICT']);
  });

  it("intake proceeds without a document only by the officer's explicit, recorded waiver", async () => {
    platform.tunduk.setMode('unavailable');
    try {
      const application = await submitted();
      expect(errorCodes(await platform.gql(ACCEPT, { id: application.id }, { token: grsOfficer }))).toEqual(['CONFLICT']);
      expect(errorCodes(await platform.gql(WAIVE, { id: application.id, code: 'passport-data', reason: ' ' }, { token: grsOfficer }))).toEqual(['BAD_USER_INPUT']);
      await platform.ok(WAIVE, { id: application.id, code: 'passport-data', reason: 'The applicant showed the ID card at the service centre.' }, grsOfficer);
      const still = await platform.gql(ACCEPT, { id: application.id }, { token: grsOfficer });
      expect(errorCodes(still)).toEqual(['CONFLICT']);
      expect(still.errors![0].message).toMatch(/birth-record \(PENDING\)/);
      const waived = (await platform.ok(WAIVE, { id: application.id, code: 'birth-record', reason: 'The birth certificate was shown in person.' }, grsOfficer)).waiveRegistryDocument;
      expect(waived.registryDocuments.map((d: Doc) => [d.code, d.status, d.waivedBy?.id]).sort()).toEqual([
        ['birth-record', 'WAIVED', DEMO_USERS.OFFICER_GRS],
        ['passport-data', 'WAIVED', DEMO_USERS.OFFICER_GRS],
      ]);
      expect((await platform.ok(ACCEPT, { id: application.id }, grsOfficer)).acceptApplication.status).toBe('AWAITING_PAYMENT');
      // the applicant sees who waived what and why
      const mine = await read(application.id, citizen);
      expect(mine.registryDocuments.find((d) => d.code === 'passport-data')).toMatchObject({ status: 'WAIVED', waiverReason: 'The applicant showed the ID card at the service centre.', waivedBy: { id: DEMO_USERS.OFFICER_GRS } });
      expect(mine.registryDocuments.every((d) => d.waivedAt !== null)).toBe(true);
    } finally {
      platform.tunduk.setMode('normal');
    }
  });
});

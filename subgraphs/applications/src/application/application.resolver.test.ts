import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { captureLogs, type GraphQLResult, publishTestEvent, readPdf, startTestSubgraph, type TestSubgraph } from '@portal/kit';
import { createApplicationsSubgraph } from '../subgraph';
import { ApplicationsWorld, APPEAL_PROCEDURE, canonical, type TestPerson, type TestService, VALID_REQUEST, startTestCertificationAuthority } from '../testing/world';
import type { CertificationAuthorityStandin } from '@portal/standins';
import { CHANGED_BY_SOMEONE_ELSE } from './application.service';

// Monday 2 March 2026, 10:00 in Bishkek
const clock = { now: new Date('2026-03-02T04:00:00Z') };
const at = (iso: string) => {
  clock.now = new Date(iso);
};

let subgraph: TestSubgraph;
let ca: CertificationAuthorityStandin;
let world: ApplicationsWorld;
let db: Client;
const PROVIDER_A = randomUUID();
const PROVIDER_B = randomUUID();
let aigul: TestPerson;
let bakyt: TestPerson;
let officerA: TestPerson;
let executorA: TestPerson;
let officerB: TestPerson;
let paidService: TestService;
let freeService: TestService;
let qualifiedService: TestService;

const APPLICATION_FIELDS = `
  fragment A on Application {
    id number status data currentStep version submittedAt intakeDueAt dueAt registeredAt overdue refusalReason rating updatedAt
    appealRu: appealProcedure(lang: RU) appealKy: appealProcedure(lang: KY)
    applicant { id } service { id version } executor { id }
    validation { field code ru: message(lang: RU) ky: message(lang: KY) }
    history { from to at actorRole actor { id } reason }
    result { number issuedAt sha256 signature downloadUrl verificationCode document signedBy { id } }
    appeals { id text status createdAt }
  }`;

interface ApplicationView {
  id: string;
  number: string | null;
  status: string;
  data: Record<string, unknown>;
  currentStep: string | null;
  version: number;
  submittedAt: string | null;
  intakeDueAt: string | null;
  dueAt: string | null;
  registeredAt: string | null;
  overdue: boolean;
  refusalReason: string | null;
  rating: number | null;
  appealRu: string | null;
  appealKy: string | null;
  applicant: { id: string };
  service: { id: string; version: number };
  executor: { id: string } | null;
  validation: Array<{ field: string; code: string; ru: string; ky: string }>;
  history: Array<{ from: string | null; to: string; at: string; actorRole: string; actor: { id: string } | null; reason: string | null }>;
  result: { number: string; issuedAt: string; sha256: string; signature: string; downloadUrl: string; verificationCode: string | null; document: Record<string, unknown>; signedBy: { id: string } } | null;
  appeals: Array<{ id: string; text: string; status: string }>;
}

const SAVE_DRAFT = `mutation($input: SaveDraftInput!) { saveDraft(input: $input) { ...A } } ${APPLICATION_FIELDS}`;
const SUBMIT = `mutation($input: SubmitApplicationInput!) { submitApplication(input: $input) { ...A } } ${APPLICATION_FIELDS}`;
const ACCEPT = `mutation($id: ID!) { acceptApplication(applicationId: $id) { ...A } } ${APPLICATION_FIELDS}`;
const REJECT = `mutation($id: ID!, $reason: String!) { rejectApplication(applicationId: $id, reason: $reason) { ...A } } ${APPLICATION_FIELDS}`;
const WITHDRAW = `mutation($id: ID!) { withdrawApplication(applicationId: $id) { ...A } } ${APPLICATION_FIELDS}`;
const ASSIGN = `mutation($id: ID!, $executorId: ID!) { assignApplication(applicationId: $id, executorId: $executorId) { ...A } } ${APPLICATION_FIELDS}`;
const DECIDE = `mutation($input: DecideInput!) { decideApplication(input: $input) { ...A } } ${APPLICATION_FIELDS}`;
const RATE = `mutation($id: ID!, $score: Int!, $comment: String) { rateApplication(applicationId: $id, score: $score, comment: $comment) { ...A } } ${APPLICATION_FIELDS}`;
const APPEAL = `mutation($id: ID!, $text: String!) { fileAppeal(applicationId: $id, text: $text) { id text status createdAt } }`;
const READ = `query($id: ID!) { application(id: $id) { ...A } } ${APPLICATION_FIELDS}`;
const VERIFY = `query($number: String!, $code: String) { verifyDocument(number: $number, code: $code) { valid number issuedAt serviceTitle(lang: RU) issuer(lang: RU) reasonRu: reason(lang: RU) reasonKy: reason(lang: KY) } }`;

function expectError(result: GraphQLResult, code: string, message: string | RegExp): void {
  expect(result.errors).toHaveLength(1);
  expect(result.errors![0].extensions?.code).toBe(code);
  if (typeof message === 'string') expect(result.errors![0].message).toBe(message);
  else expect(result.errors![0].message).toMatch(message);
}

function ok<T>(result: GraphQLResult<T>): T {
  expect(result.errors).toBeUndefined();
  return result.data!;
}

async function draft(person: TestPerson, service: TestService, data: Record<string, unknown> = VALID_REQUEST): Promise<ApplicationView> {
  return ok(await world.request<{ saveDraft: ApplicationView }>(SAVE_DRAFT, { input: { serviceId: service.id, data } }, person.caller)).saveDraft;
}

async function submit(person: TestPerson, application: ApplicationView, service: TestService): Promise<ApplicationView> {
  const signature = await world.sign(world.submissionPayload(application, service.id), person.privateKey);
  return ok(await world.request<{ submitApplication: ApplicationView }>(SUBMIT, { input: { applicationId: application.id, signature, signingKeyId: person.keyId } }, person.caller)).submitApplication;
}

async function submitted(person: TestPerson, service: TestService): Promise<ApplicationView> {
  return submit(person, await draft(person, service), service);
}

async function inReview(person: TestPerson): Promise<ApplicationView> {
  const application = await submitted(person, freeService);
  return ok(await world.request<{ acceptApplication: ApplicationView }>(ACCEPT, { id: application.id }, officerA.caller)).acceptApplication;
}

const RESULT_DOCUMENT = { kind: 'CERTIFICATE', title: 'Справка о несудимости', holder: 'Асанова Айгүл', pin: '11203199000123', findings: 'Не судима.', issuedBy: 'МВД КР' };

async function approval(application: ApplicationView, officer: TestPerson, document: Record<string, unknown> = { ...RESULT_DOCUMENT, applicationNumber: application.number }) {
  const signature = await world.sign(canonical(document), officer.privateKey);
  return { applicationId: application.id, approve: true, resultDocument: document, signature, signingKeyId: officer.keyId };
}

async function outboxOf(applicationId: string) {
  const { rows } = await db.query<{ type: string; aggregate_version: number; payload: Record<string, unknown> }>(
    'select type, aggregate_version, payload from applications.outbox where aggregate_id = $1 order by id',
    [applicationId],
  );
  return rows;
}

beforeAll(async () => {
  const authority = await startTestCertificationAuthority();
  ca = authority.ca;
  const definition = createApplicationsSubgraph(authority.settings, { now: () => clock.now });
  subgraph = await startTestSubgraph(definition);
  definition.useGatewayUrl(subgraph.url); // download links follow the port the subgraph got
  world = new ApplicationsWorld(subgraph, ca);
  db = new Client({ connectionString: subgraph.databaseUrl });
  await db.connect();
  [aigul, bakyt, officerA, executorA, officerB] = await Promise.all([
    world.citizen('Асанова Айгүл'),
    world.citizen('Бакыт Мамытов'),
    world.officer(PROVIDER_A, 'Officer A'),
    world.officer(PROVIDER_A, 'Executor A'),
    world.officer(PROVIDER_B, 'Officer B'),
  ]);
  paidService = await world.service({ providerId: PROVIDER_A, feeMinor: 25000 });
  freeService = await world.service({ providerId: PROVIDER_A, feeMinor: null, title: 'Адресная справка' });
  qualifiedService = await world.service({ providerId: PROVIDER_A, signatureLevel: 'QUALIFIED', title: 'Лицензия' });
  await world.drain();
});

afterAll(async () => {
  await ca?.close();
  await db?.end();
  await subgraph?.close();
});

beforeEach(() => at('2026-03-02T04:00:00Z'));

describe('who is refused', () => {
  it('refuses an anonymous reader, even of an unknown application', async () => {
    expectError(await world.request(READ, { id: randomUUID() }), 'UNAUTHENTICATED', 'Sign in first: this operation needs a valid access token.');
  });

  it("refuses a citizen reading another citizen's application", async () => {
    const application = await submitted(aigul, freeService);
    const result = await world.request(READ, { id: application.id }, bakyt.caller);
    expectError(result, 'FORBIDDEN', 'You may see only your own applications, or, as a provider officer, the applications made to your provider.');
    expect(result.data).toEqual({ application: null });
  });

  it('refuses a reference to the application from another subgraph for someone else', async () => {
    const application = await submitted(aigul, freeService);
    const result = await world.request(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Application { id status } } }`, { r: [{ __typename: 'Application', id: application.id }] }, bakyt.caller);
    expect(result.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses an officer of another provider reading or deciding', async () => {
    const application = await inReview(aigul);
    expectError(await world.request(READ, { id: application.id }, officerB.caller), 'FORBIDDEN', /as a provider officer, the applications made to your provider/);
    expectError(
      await world.request(DECIDE, { input: await approval(application, officerB) }, officerB.caller),
      'FORBIDDEN',
      'Only an officer of the provider of this service may approve this application',
    );
    expectError(
      await world.request(DECIDE, { input: { applicationId: application.id, approve: false, reason: 'No' } }, officerB.caller),
      'FORBIDDEN',
      'Only an officer of the provider of this service may refuse this application',
    );
    expectError(await world.request(ASSIGN, { id: application.id, executorId: officerB.id }, officerB.caller), 'FORBIDDEN', 'Only an officer of the provider of this service may assign an executor.');
  });

  it('serves no live feed itself, with or without `since`: the gateway serves them and checks access when they open', async () => {
    const application = await submitted(aigul, freeService);
    const feeds = [
      'subscription { myApplicationUpdates { to cursor } }',
      'subscription($since: String) { myApplicationUpdates(since: $since) { to cursor } }',
      `subscription($since: String) { applicationStatusChanged(applicationId: "${application.id}", since: $since) { to cursor application { id } } }`,
      'subscription($since: String) { providerQueueUpdates(since: $since) { to cursor } }',
    ];
    for (const query of feeds) {
      for (const caller of [undefined, aigul.caller, bakyt.caller, officerA.caller, officerB.caller]) {
        const result = await world.request(query, { since: 'bG9nOjE' }, caller);
        expect(result.data ?? null).toBeNull();
        expectError(result, 'BAD_USER_INPUT', /served by the gateway over WebSocket/);
      }
    }
  });

  it("keeps a draft from the provider's officers", async () => {
    const application = await draft(aigul, freeService);
    expectError(await world.request(READ, { id: application.id }, officerA.caller), 'FORBIDDEN', 'This application is a draft: only its applicant can see it until it is submitted.');
  });

  it("refuses changing, submitting or withdrawing someone else's application", async () => {
    const application = await draft(aigul, freeService);
    expectError(await world.request(SAVE_DRAFT, { input: { applicationId: application.id, serviceId: freeService.id, data: {} } }, bakyt.caller), 'FORBIDDEN', 'Only the applicant may change this draft.');
    const signature = await world.sign(world.submissionPayload(application, freeService.id), bakyt.privateKey);
    expectError(
      await world.request(SUBMIT, { input: { applicationId: application.id, signature, signingKeyId: bakyt.keyId } }, bakyt.caller),
      'FORBIDDEN',
      'Only the applicant may submit this application',
    );
    const sent = await submitted(aigul, freeService);
    expectError(await world.request(WITHDRAW, { id: sent.id }, bakyt.caller), 'FORBIDDEN', 'Only the applicant may withdraw this application');
  });

  it('refuses drafts from accounts that are not citizens, and intake by the applicant', async () => {
    expectError(await world.request(SAVE_DRAFT, { input: { serviceId: freeService.id, data: {} } }, officerA.caller), 'FORBIDDEN', 'This operation is for CITIZEN accounts only.');
    const application = await submitted(aigul, freeService);
    expectError(
      await world.request(ACCEPT, { id: application.id }, aigul.caller),
      'FORBIDDEN',
      "Only an officer of the service's provider (PROVIDER_OFFICER) may accept an application; you act as CITIZEN",
    );
  });

  it("refuses signing with someone else's key", async () => {
    const application = await draft(aigul, freeService);
    const signature = await world.sign(world.submissionPayload(application, freeService.id), bakyt.privateKey);
    expectError(
      await world.request(SUBMIT, { input: { applicationId: application.id, signature, signingKeyId: bakyt.keyId } }, aigul.caller),
      'FORBIDDEN',
      `Signing key ${bakyt.keyId} belongs to another account: sign with one of your own keys.`,
    );
  });

  it('refuses rating or appealing by anyone but the applicant', async () => {
    const application = await inReview(aigul);
    ok(await world.request(DECIDE, { input: { applicationId: application.id, approve: false, reason: 'Not eligible' } }, officerA.caller));
    expectError(await world.request(RATE, { id: application.id, score: 1 }, bakyt.caller), 'FORBIDDEN', 'Only the applicant may rate the service of this application.');
    expectError(await world.request(APPEAL, { id: application.id, text: 'Unfair' }, officerA.caller), 'FORBIDDEN', 'Жалобу по этому заявлению может подать только заявитель.');
  });
});

describe('bad input', () => {
  it('refuses an unknown service or application', async () => {
    const unknown = randomUUID();
    expectError(await world.request(SAVE_DRAFT, { input: { serviceId: unknown, data: {} } }, aigul.caller), 'NOT_FOUND', `No published service with id ${unknown}. Pick a service from the catalogue (Query.services).`);
    expectError(await world.request(SAVE_DRAFT, { input: { serviceId: 'not-an-id', data: {} } }, aigul.caller), 'NOT_FOUND', /No published service with id not-an-id/);
    expectError(await world.request(ACCEPT, { id: unknown }, officerA.caller), 'NOT_FOUND', `No application with id ${unknown}. Check the id; your own applications are listed in me { applications }.`);
    expect(ok(await world.request(READ, { id: unknown }, aigul.caller))).toEqual({ application: null });
    expect(ok(await world.request(READ, { id: 'nonsense' }, aigul.caller))).toEqual({ application: null });
  });

  it('refuses data that is not an object and a step the form does not have', async () => {
    expectError(await world.request(SAVE_DRAFT, { input: { serviceId: freeService.id, data: [1, 2] } }, aigul.caller), 'BAD_USER_INPUT', /^data must be a JSON object of form field values/);
    expectError(
      await world.request(SAVE_DRAFT, { input: { serviceId: freeService.id, data: {}, currentStep: 'payment' } }, aigul.caller),
      'BAD_USER_INPUT',
      'currentStep "payment" is not a step of this service\'s form; use one of "applicant", "request".',
    );
  });

  it('refuses to submit data that fails validation, with per-field errors in both languages', async () => {
    const application = await draft(aigul, freeService, { passportNumber: 'an12', copies: 9 });
    const signature = await world.sign(world.submissionPayload(application, freeService.id), aigul.privateKey);
    const result = await world.request(SUBMIT, { input: { applicationId: application.id, signature, signingKeyId: aigul.keyId } }, { ...aigul.caller, acceptLanguage: 'RU' });
    expectError(result, 'BAD_USER_INPUT', 'The application data has 3 error(s); correct the fields listed in extensions.fields (passportNumber, copies, delivery) and submit again.');
    expect(result.errors![0].extensions!.fields).toEqual([
      {
        field: 'passportNumber',
        code: 'PATTERN',
        message: 'Поле «Номер паспорта» заполнено в неверном формате. Нужный формат: две латинские буквы и 7 цифр, например AN1234567.',
        messages: {
          ru: 'Поле «Номер паспорта» заполнено в неверном формате. Нужный формат: две латинские буквы и 7 цифр, например AN1234567.',
          ky: '«Паспорттун номери» талаасы туура эмес форматта толтурулган. Талап кылынган формат: эки латын тамгасы жана 7 сан, мисалы AN1234567.',
        },
      },
      expect.objectContaining({ field: 'copies', code: 'MAX', messages: expect.objectContaining({ ky: expect.stringContaining('«Нускалардын саны»') }) }),
      expect.objectContaining({ field: 'delivery', code: 'REQUIRED', message: 'Выберите значение в поле «Способ получения»: это поле обязательное.' }),
    ]);
    expect(ok(await world.request<{ application: ApplicationView }>(READ, { id: application.id }, aigul.caller)).application.status).toBe('DRAFT');
  });

  it('refuses a signature over other data', async () => {
    const application = await draft(aigul, freeService);
    const tampered = { ...application, data: { ...application.data, copies: 3 } };
    const signature = await world.sign(world.submissionPayload(tampered, freeService.id), aigul.privateKey);
    expectError(
      await world.request(SUBMIT, { input: { applicationId: application.id, signature, signingKeyId: aigul.keyId } }, aigul.caller),
      'BAD_USER_INPUT',
      'The signature covers other data than this application as stored. Sign the UTF-8 RFC 8785 canonical JSON of {"applicationId","serviceId","data"} with data exactly as saved (read it back from the application), then submit again.',
    );
  });

  it('refuses a signature made with another key than the one named, and a malformed one', async () => {
    const application = await draft(aigul, freeService);
    const signature = await world.sign(world.submissionPayload(application, freeService.id), bakyt.privateKey);
    expectError(
      await world.request(SUBMIT, { input: { applicationId: application.id, signature, signingKeyId: aigul.keyId } }, aigul.caller),
      'BAD_USER_INPUT',
      `The signature does not verify with signing key ${aigul.keyId}: sign with the private key of that key pair.`,
    );
    expectError(
      await world.request(SUBMIT, { input: { applicationId: application.id, signature: 'abc', signingKeyId: aigul.keyId } }, aigul.caller),
      'BAD_USER_INPUT',
      /^The signature is not a compact JWS/,
    );
  });

  it('refuses a revoked key and an unknown key', async () => {
    const citizen = await world.citizen('Revoked Key');
    await world.revokeKey(citizen);
    await world.drain();
    const application = await draft(citizen, freeService);
    const signature = await world.sign(world.submissionPayload(application, freeService.id), citizen.privateKey);
    expectError(
      await world.request(SUBMIT, { input: { applicationId: application.id, signature, signingKeyId: citizen.keyId } }, citizen.caller),
      'BAD_USER_INPUT',
      `Signing key ${citizen.keyId} was revoked on 2026-01-15T00:00:00.000Z; register a new key and sign with it.`,
    );
    const unknownKey = randomUUID();
    expectError(
      await world.request(SUBMIT, { input: { applicationId: application.id, signature, signingKeyId: unknownKey } }, citizen.caller),
      'BAD_USER_INPUT',
      /^No signing key .* is registered\. Register your public key with registerSigningKey/,
    );
  });

  it('refuses a SIMPLE key for a QUALIFIED service, and accepts a QUALIFIED one', async () => {
    const application = await draft(aigul, qualifiedService);
    const signature = await world.sign(world.submissionPayload(application, qualifiedService.id), aigul.privateKey);
    expectError(
      await world.request(SUBMIT, { input: { applicationId: application.id, signature, signingKeyId: aigul.keyId } }, aigul.caller),
      'BAD_USER_INPUT',
      `This service requires a qualified electronic signature (QUALIFIED), but key ${aigul.keyId} is SIMPLE. Sign with a key registered with a certificate chain from a trusted certification authority.`,
    );
    const qualified = await world.qualifiedKey(aigul);
    await world.drain();
    const qualifiedSignature = await world.sign(world.submissionPayload(application, qualifiedService.id), qualified.privateKey);
    const sent = ok(await world.request<{ submitApplication: ApplicationView }>(SUBMIT, { input: { applicationId: application.id, signature: qualifiedSignature, signingKeyId: qualified.keyId } }, aigul.caller));
    expect(sent.submitApplication.status).toBe('SUBMITTED');
  });

  it('needs a reason to reject or refuse, and a signed document to approve', async () => {
    const application = await submitted(aigul, freeService);
    expectError(await world.request(REJECT, { id: application.id, reason: '  ' }, officerA.caller), 'BAD_USER_INPUT', 'A reason is required: state why the application is turned down');
    const accepted = ok(await world.request<{ acceptApplication: ApplicationView }>(ACCEPT, { id: application.id }, officerA.caller)).acceptApplication;
    expectError(await world.request(DECIDE, { input: { applicationId: accepted.id, approve: false } }, officerA.caller), 'BAD_USER_INPUT', 'A reason is required: state why the application is turned down');
    expectError(await world.request(DECIDE, { input: { applicationId: accepted.id, approve: true } }, officerA.caller), 'BAD_USER_INPUT', 'To approve, send resultDocument: the result document as a JSON object, signed by you.');
    const input = await approval(accepted, officerA);
    expectError(await world.request(DECIDE, { input: { ...input, signature: null } }, officerA.caller), 'BAD_USER_INPUT', /^To approve, send signature/);
    expectError(
      await world.request(DECIDE, { input: { ...input, resultDocument: { ...input.resultDocument, findings: 'Судима.' } } }, officerA.caller),
      'BAD_USER_INPUT',
      'The signature covers other data than resultDocument. Sign the UTF-8 RFC 8785 canonical JSON of resultDocument exactly as you send it.',
    );
    expectError(await world.request(DECIDE, { input: { ...input, signingKeyId: executorA.keyId } }, officerA.caller), 'FORBIDDEN', /belongs to another account/);
    expectError(await world.request(DECIDE, { input: { ...input, approve: false, reason: 'No' } }, officerA.caller), 'BAD_USER_INPUT', /^A refusal carries no result document/);
  });

  it('assigns only an officer of the same provider', async () => {
    const application = await submitted(aigul, freeService);
    const message = (id: string) => `User ${id} is not an officer of this provider; choose the executor among your provider's officers.`;
    expectError(await world.request(ASSIGN, { id: application.id, executorId: officerB.id }, officerA.caller), 'BAD_USER_INPUT', message(officerB.id));
    expectError(await world.request(ASSIGN, { id: application.id, executorId: bakyt.id }, officerA.caller), 'BAD_USER_INPUT', message(bakyt.id));
    const assigned = ok(await world.request<{ assignApplication: ApplicationView }>(ASSIGN, { id: application.id, executorId: executorA.id }, officerA.caller));
    expect(assigned.assignApplication.executor).toEqual({ id: executorA.id });
  });
});

describe('transitions not allowed now (CONFLICT)', () => {
  it('refuses accepting twice and deciding an application not in review', async () => {
    const application = await submitted(aigul, freeService);
    expectError(await world.request(DECIDE, { input: await approval(application, officerA) }, officerA.caller), 'CONFLICT', 'Cannot approve an application in status SUBMITTED; allowed only from IN_REVIEW');
    ok(await world.request(ACCEPT, { id: application.id }, officerA.caller));
    expectError(await world.request(ACCEPT, { id: application.id }, officerA.caller), 'CONFLICT', 'Cannot accept an application in status IN_REVIEW; allowed only from SUBMITTED');
    expect((await outboxOf(application.id)).map((event) => event.payload.to)).toEqual(['SUBMITTED', 'IN_REVIEW']);
  });

  it('refuses changing a submitted draft, and rating or appealing before the decision', async () => {
    const application = await submitted(aigul, freeService);
    expectError(
      await world.request(SAVE_DRAFT, { input: { applicationId: application.id, serviceId: freeService.id, data: {} } }, aigul.caller),
      'CONFLICT',
      'Only a draft can be changed; this application is SUBMITTED. Start a new draft to apply again.',
    );
    expectError(await world.request(RATE, { id: application.id, score: 5 }, aigul.caller), 'CONFLICT', /^The service can be rated after the application's outcome .* it is SUBMITTED and on time\.$/);
    // a decision is appealed once there is one; Aigul reads Kyrgyz
    expectError(await world.request(APPEAL, { id: application.id, text: 'Why?' }, aigul.caller), 'CONFLICT', /^Чечимге даттанууга кабыл алуудан баш тартылганда/);
  });

  it('lets exactly one of two officers deciding at once win; the other hears CONFLICT and nothing of it is kept', async () => {
    const application = await inReview(aigul);
    // hold the row so both decisions read it, then race for the lock
    const locker = new Client({ connectionString: subgraph.databaseUrl });
    await locker.connect();
    await locker.query('begin');
    await locker.query('select 1 from applications.application where id = $1 for update', [application.id]);
    const approving = world.request<{ decideApplication: ApplicationView }>(DECIDE, { input: await approval(application, officerA) }, officerA.caller);
    const refusing = world.request<{ decideApplication: ApplicationView }>(DECIDE, { input: { applicationId: application.id, approve: false, reason: 'Not eligible' } }, executorA.caller);
    const until = Date.now() + 10_000;
    for (;;) {
      // polled from another connection: inside the locker's transaction the activity view is a frozen snapshot
      const { rows } = await db.query<{ n: number }>(
        `select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and query ilike 'update%application%'`,
      );
      if (rows[0].n === 2) break;
      if (Date.now() > until) throw new Error('the two decisions never met at the lock');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await locker.query('rollback');
    await locker.end();
    const results = await Promise.all([approving, refusing]);
    const winners = results.filter((result) => !result.errors);
    const losers = results.filter((result) => result.errors);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(1);
    expectError(losers[0], 'CONFLICT', CHANGED_BY_SOMEONE_ELSE);
    const final = winners[0].data!.decideApplication;
    expect(['APPROVED', 'REFUSED']).toContain(final.status);
    const events = await outboxOf(application.id);
    expect(events.map((event) => event.payload.to)).toEqual(['SUBMITTED', 'IN_REVIEW', final.status]);
    const { rows: documents } = await db.query('select number from applications.result_document where application_id = $1', [application.id]);
    expect(documents).toHaveLength(final.status === 'APPROVED' ? 1 : 0);
    const read = ok(await world.request<{ application: ApplicationView }>(READ, { id: application.id }, aigul.caller)).application;
    expect(read.history.map((change) => change.to)).toEqual(['SUBMITTED', 'IN_REVIEW', final.status]);
  });

  it('writes the outbox event in the same transaction: a failed transition leaves no event, history or change', async () => {
    const application = await submitted(aigul, freeService);
    await db.query(`create function applications.fail_for_test() returns trigger language plpgsql as $$
      begin if new.reason = 'simulate a failure' then raise exception 'simulated failure'; end if; return new; end $$`);
    await db.query('create trigger fail_for_test before insert on applications.status_change for each row execute function applications.fail_for_test()');
    const quiet = captureLogs(); // the simulated failure's error line
    try {
      const result = await world.request(REJECT, { id: application.id, reason: 'simulate a failure' }, officerA.caller);
      expect(result.errors?.[0].extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    } finally {
      quiet.stop();
      await db.query('drop trigger fail_for_test on applications.status_change');
      await db.query('drop function applications.fail_for_test()');
    }
    const read = ok(await world.request<{ application: ApplicationView }>(READ, { id: application.id }, aigul.caller)).application;
    expect(read).toMatchObject({ status: 'SUBMITTED', version: application.version, refusalReason: null });
    expect(read.history.map((change) => change.to)).toEqual(['SUBMITTED']);
    expect((await outboxOf(application.id)).map((event) => event.payload.to)).toEqual(['SUBMITTED']);
  });
});

describe('the paid journey', () => {
  it('runs from a draft to a verified signed result', async () => {
    // a draft, prefilled from identity data, with errors shown per field in both languages
    const started = ok(await world.request<{ saveDraft: ApplicationView }>(SAVE_DRAFT, { input: { serviceId: paidService.id, data: {}, currentStep: 'applicant' } }, aigul.caller)).saveDraft;
    expect(started).toMatchObject({
      status: 'DRAFT',
      number: null,
      currentStep: 'applicant',
      data: { fullName: 'Асанова Айгүл', pin: '11203199000123', birthDate: '1990-03-12' },
      validation: [],
      applicant: { id: aigul.id },
      service: { id: paidService.id, version: 1 },
      version: 1,
    });
    const withErrors = ok(
      await world.request<{ saveDraft: ApplicationView }>(SAVE_DRAFT, { input: { applicationId: started.id, serviceId: paidService.id, data: { passportNumber: 'an123', copies: 7 }, currentStep: 'request' } }, aigul.caller),
    ).saveDraft;
    expect(withErrors.validation.map((error) => [error.field, error.code])).toEqual([
      ['passportNumber', 'PATTERN'],
      ['copies', 'MAX'],
      ['delivery', 'REQUIRED'],
    ]);
    expect(withErrors.validation[1]).toEqual({
      field: 'copies',
      code: 'MAX',
      ru: 'Число в поле «Количество копий» слишком большое: оно должно быть не больше 3. Исправьте число.',
      ky: '«Нускалардын саны» талаасындагы сан өтө чоң: ал 3 же андан кичине болушу керек. Санды оңдоңуз.',
    });
    const fixed = ok(await world.request<{ saveDraft: ApplicationView }>(SAVE_DRAFT, { input: { applicationId: started.id, serviceId: paidService.id, data: VALID_REQUEST } }, aigul.caller)).saveDraft;
    expect(fixed.validation).toEqual([]);
    expect(fixed.currentStep).toBe('request');
    // back to the first step: only that step is sent, nothing of the second is lost
    const back = ok(
      await world.request<{ saveDraft: ApplicationView }>(SAVE_DRAFT, { input: { applicationId: started.id, serviceId: paidService.id, data: { fullName: 'Асанова Айгүл Бакытовна' }, currentStep: 'applicant' } }, aigul.caller),
    ).saveDraft;
    expect(back.data).toEqual({ fullName: 'Асанова Айгүл Бакытовна', pin: '11203199000123', birthDate: '1990-03-12', ...VALID_REQUEST });
    expect(back.validation).toEqual([]);
    expect(back.version).toBe(4);

    // signed and submitted at 10:00 on Monday: R-41 gives one working day from receipt, so the intake
    // notice is due Tuesday 10:00 (it was "the end of Tuesday" before deadlines followed the text)
    const sent = await submit(aigul, back, paidService);
    expect(sent).toMatchObject({ status: 'SUBMITTED', submittedAt: '2026-03-02T04:00:00.000Z', intakeDueAt: '2026-03-03T04:00:00.000Z', dueAt: null, overdue: false, version: 5 });
    expect(sent.number).toMatch(/^KG-2026-\d{6}$/);

    // the officer assigns an executor and accepts: the applicant is asked to pay
    at('2026-03-02T06:00:00Z');
    ok(await world.request(ASSIGN, { id: sent.id, executorId: executorA.id }, officerA.caller));
    const accepted = ok(await world.request<{ acceptApplication: ApplicationView }>(ACCEPT, { id: sent.id }, officerA.caller)).acceptApplication;
    expect(accepted).toMatchObject({ status: 'AWAITING_PAYMENT', registeredAt: '2026-03-02T06:00:00.000Z', dueAt: null, executor: { id: executorA.id } });
    const [, payment] = await outboxOf(sent.id);
    expect(payment.aggregate_version).toBe(accepted.version);
    expect(payment.payload).toEqual({
      applicationId: sent.id,
      number: sent.number,
      applicantId: aigul.id,
      providerId: PROVIDER_A,
      serviceId: paidService.id,
      serviceVersion: 1,
      serviceTitle: paidService.title,
      from: 'SUBMITTED',
      to: 'AWAITING_PAYMENT',
      at: '2026-03-02T06:00:00.000Z',
      reason: null,
      appealProcedure: null,
      payment: {
        amountMinor: 25000,
        payerPin: '11203199000123',
        budgetCode: '14221100',
        purpose: {
          ru: `Оплата госпошлины за услугу «${paidService.title.ru}», заявка ${sent.number}`,
          ky: `«${paidService.title.ky}» кызматы үчүн мамлекеттик алымды төлөө, өтүнмө ${sent.number}`,
        },
      },
      dueAt: null,
      intakeDueAt: '2026-03-03T04:00:00.000Z',
      resultDocumentNumber: null,
      // with R-40: paid by Monday 18:00, the 3 working days from Monday's receipt end Thursday 18:00
      dueAtIfPaidBy: { paidBy: '2026-03-02T12:00:00.000Z', dueAt: '2026-03-05T12:00:00.000Z' },
      // the service needs no visit and hands the result over in the cabinet: nothing to tell of either
      personalVisitRequired: false,
      reception: null,
      resultDelivery: null,
      resultFormat: null,
    });

    // the payment system confirms on Tuesday 11:00: review starts; the count from Monday's receipt stood
    // still on Tuesday, so the 3 working days are Wednesday to Friday: due Friday 18:00
    at('2026-03-03T05:00:00Z');
    const confirmation = { accrualId: randomUUID(), applicationId: sent.id, payerId: aigul.pin, amountMinor: 25000, receiptNumber: 'R-2026-000001', paidAt: '2026-03-03T05:00:00.000Z' };
    await publishTestEvent(subgraph.databaseUrl, 'PaymentConfirmed', { type: 'Accrual', id: confirmation.accrualId, version: 2 }, confirmation);
    await world.drain();
    const reviewing = ok(await world.request<{ application: ApplicationView }>(READ, { id: sent.id }, aigul.caller)).application;
    expect(reviewing).toMatchObject({ status: 'IN_REVIEW', dueAt: '2026-03-06T12:00:00.000Z', overdue: false });

    // a repeated confirmation changes nothing
    const quiet = captureLogs();
    await publishTestEvent(subgraph.databaseUrl, 'PaymentConfirmed', { type: 'Accrual', id: confirmation.accrualId, version: 2 }, confirmation);
    await world.drain();
    quiet.stop();
    expect(ok(await world.request<{ application: ApplicationView }>(READ, { id: sent.id }, aigul.caller)).application.version).toBe(reviewing.version);

    // the officer approves with a signed result document
    at('2026-03-04T08:00:00Z');
    const input = await approval(reviewing, officerA);
    const approved = ok(await world.request<{ decideApplication: ApplicationView }>(DECIDE, { input }, officerA.caller)).decideApplication;
    expect(approved.status).toBe('APPROVED');
    expect(approved.result).toEqual({
      number: expect.stringMatching(/^DOC-2026-\d{6}$/),
      issuedAt: '2026-03-04T08:00:00.000Z',
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      signature: input.signature,
      downloadUrl: expect.stringMatching(new RegExp(`^${subgraph.url}/files/applications/documents/${approved.result!.number}\\?expires=\\d+&signature=[\\w-]+&format=json&lang=(ky|ru)$`)),
      verificationCode: expect.stringMatching(/^[A-HJ-NP-Z2-9]{4}(-[A-HJ-NP-Z2-9]{4}){4}$/),
      document: input.resultDocument,
      signedBy: { id: officerA.id },
    });
    const events = await outboxOf(sent.id);
    expect(events.map((event) => [event.payload.from, event.payload.to, event.aggregate_version])).toEqual([
      ['DRAFT', 'SUBMITTED', 5],
      ['SUBMITTED', 'AWAITING_PAYMENT', 7],
      ['AWAITING_PAYMENT', 'IN_REVIEW', 8],
      ['IN_REVIEW', 'APPROVED', 9],
    ]);
    expect(events[3].payload).toMatchObject({ resultDocumentNumber: approved.result!.number, dueAt: '2026-03-06T12:00:00.000Z', appealProcedure: null });

    // every step from submission on kept with its actor (a draft has no history)
    expect(approved.history.map(({ from, to, actorRole, actor }) => [from, to, actorRole, actor?.id ?? null])).toEqual([
      ['DRAFT', 'SUBMITTED', 'CITIZEN', aigul.id],
      ['SUBMITTED', 'AWAITING_PAYMENT', 'PROVIDER_OFFICER', officerA.id],
      ['AWAITING_PAYMENT', 'IN_REVIEW', 'SYSTEM', null],
      ['IN_REVIEW', 'APPROVED', 'PROVIDER_OFFICER', officerA.id],
    ]);

    // anyone holding the document can verify it by its number and code; the holder downloads it by the signed link
    const code = approved.result!.verificationCode!;
    const verified = ok(await world.request<{ verifyDocument: Record<string, unknown> }>(VERIFY, { number: approved.result!.number, code })).verifyDocument;
    expect(verified).toEqual({
      valid: true,
      number: approved.result!.number,
      issuedAt: '2026-03-04T08:00:00.000Z',
      serviceTitle: paidService.title.ru,
      issuer: 'Министерство внутренних дел',
      reasonRu: null,
      reasonKy: null,
    });
    const download = await fetch(approved.result!.downloadUrl);
    expect(download.status).toBe(200);
    expect(await download.json()).toMatchObject({
      number: approved.result!.number,
      verificationCode: code,
      document: input.resultDocument,
      sha256: approved.result!.sha256,
      signature: input.signature,
      signingKey: { id: officerA.keyId, publicKeyJwk: officerA.publicKeyJwk },
    });
    expect((await fetch(`${subgraph.url}/files/applications/documents/${approved.result!.number}`)).status).toBe(403);
    const pdfLink = new URL(approved.result!.downloadUrl);
    pdfLink.searchParams.set('format', 'pdf');
    pdfLink.searchParams.set('lang', 'ru');
    const pdfAnswer = await fetch(pdfLink);
    expect(pdfAnswer.status).toBe(200);
    expect(pdfAnswer.headers.get('content-type')).toBe('application/pdf');
    const pdf = Buffer.from(await pdfAnswer.arrayBuffer());
    expect(pdf.toString('latin1')).toContain('/Lang (ru)');
    const printed = await readPdf(pdf);
    expect(printed.title).toBe(`Документ-результат ${approved.result!.number}`);
    expect(printed.text).toContain(code);
    expect(printed.text).toContain('Министерство внутренних дел');

    // the applicant rates; rating again replaces the score, and the service's rating shows it
    const rated = ok(await world.request<{ rateApplication: ApplicationView }>(RATE, { id: sent.id, score: 5, comment: 'Быстро' }, aigul.caller)).rateApplication;
    expect(rated.rating).toBe(5);
    expect(ok(await world.request<{ rateApplication: ApplicationView }>(RATE, { id: sent.id, score: 3 }, aigul.caller)).rateApplication.rating).toBe(3);
    expectError(await world.request(RATE, { id: sent.id, score: 6 }, aigul.caller), 'BAD_USER_INPUT', 'score must be a whole number from 1 to 5; got 6.');
    const rating = ok(
      await world.request<{ _entities: Array<{ rating: { average: number; count: number } }> }>(
        `query($r: [_Any!]!) { _entities(representations: $r) { ... on Service { rating { average count } } } }`,
        { r: [{ __typename: 'Service', id: paidService.id }] },
      ),
    );
    expect(rating._entities[0].rating).toEqual({ average: 3, count: 1 });
    // each rating is an event for open data (L-12), with the score and neither the applicant nor the comment
    const ratedEvents = (await outboxOf(sent.id)).filter((event) => event.type === 'ApplicationRated');
    expect(ratedEvents.map((event) => event.payload)).toEqual([
      { applicationId: sent.id, serviceId: paidService.id, providerId: PROVIDER_A, score: 5, ratedAt: '2026-03-04T08:00:00.000Z' },
      { applicationId: sent.id, serviceId: paidService.id, providerId: PROVIDER_A, score: 3, ratedAt: '2026-03-04T08:00:00.000Z' },
    ]);

    // a document altered where it is stored no longer verifies
    await db.query(`update applications.result_document set document = jsonb_set(document, '{findings}', '"Судима."') where number = $1`, [approved.result!.number]);
    const tampered = ok(await world.request<{ verifyDocument: Record<string, unknown> }>(VERIFY, { number: approved.result!.number, code })).verifyDocument;
    expect(tampered).toMatchObject({
      valid: false,
      reasonRu: 'Содержимое документа не совпадает с подписанным: документ был изменён после подписания.',
      reasonKy: 'Документтин мазмуну кол коюлганы менен дал келбейт: документ кол коюлгандан кийин өзгөртүлгөн.',
    });
  });

  it('does not know a document that was never issued', async () => {
    const result = ok(await world.request<{ verifyDocument: Record<string, unknown> }>(VERIFY, { number: 'DOC-2026-999999', code: 'AAAA-BBBB-CCCC-DDDD-EEEE' })).verifyDocument;
    expect(result).toEqual({
      valid: false,
      number: 'DOC-2026-999999',
      issuedAt: null,
      serviceTitle: null,
      issuer: null,
      // an unknown number is just invalid: whether a number exists is no one's business without its document
      reasonRu: null,
      reasonKy: null,
    });
  });
});

describe('the other journeys', () => {
  it('takes a free service straight to review on acceptance, due in 3 working days', async () => {
    const application = await submitted(aigul, freeService);
    at('2026-03-02T08:00:00Z');
    const accepted = ok(await world.request<{ acceptApplication: ApplicationView }>(ACCEPT, { id: application.id }, officerA.caller)).acceptApplication;
    expect(accepted).toMatchObject({ status: 'IN_REVIEW', registeredAt: '2026-03-02T08:00:00.000Z', dueAt: '2026-03-05T12:00:00.000Z' });
    const [, event] = await outboxOf(application.id);
    expect(event.payload).toMatchObject({ from: 'SUBMITTED', to: 'IN_REVIEW', payment: null, dueAt: '2026-03-05T12:00:00.000Z' });
    at('2026-03-05T12:00:01Z');
    expect(ok(await world.request<{ application: ApplicationView }>(READ, { id: application.id }, officerA.caller)).application.overdue).toBe(true);
  });

  it('shows a rejection at intake with its reason and the appeal procedure, and takes an appeal', async () => {
    const application = await submitted(aigul, paidService);
    const rejected = ok(await world.request<{ rejectApplication: ApplicationView }>(REJECT, { id: application.id, reason: 'Паспортные данные устарели' }, officerA.caller)).rejectApplication;
    expect(rejected).toMatchObject({ status: 'REJECTED', refusalReason: 'Паспортные данные устарели', appealRu: APPEAL_PROCEDURE.ru, appealKy: APPEAL_PROCEDURE.ky });
    const [, event] = await outboxOf(application.id);
    expect(event.payload).toMatchObject({ to: 'REJECTED', reason: 'Паспортные данные устарели', appealProcedure: APPEAL_PROCEDURE, payment: null });
    const appeal = ok(await world.request<{ fileAppeal: { id: string; text: string; status: string } }>(APPEAL, { id: application.id, text: '  Паспорт действителен до 2030 года.  ' }, aigul.caller)).fileAppeal;
    expect(appeal).toMatchObject({ text: 'Паспорт действителен до 2030 года.', status: 'FILED' });
    const read = ok(await world.request<{ application: ApplicationView }>(READ, { id: application.id }, officerA.caller)).application;
    expect(read.appeals).toEqual([expect.objectContaining({ id: appeal.id, status: 'FILED' })]);
    expect(read.history.at(-1)).toMatchObject({ from: 'SUBMITTED', to: 'REJECTED', actorRole: 'PROVIDER_OFFICER', actor: { id: officerA.id }, reason: 'Паспортные данные устарели' });
    // a rejection at intake is an outcome the service may be rated on
    ok(await world.request(RATE, { id: application.id, score: 1 }, aigul.caller));
  });

  it('shows a refusal after review with its reason and the appeal procedure', async () => {
    const application = await inReview(aigul);
    const refused = ok(await world.request<{ decideApplication: ApplicationView }>(DECIDE, { input: { applicationId: application.id, approve: false, reason: 'Не подпадает под ст. 5' } }, officerA.caller)).decideApplication;
    expect(refused).toMatchObject({ status: 'REFUSED', refusalReason: 'Не подпадает под ст. 5', appealRu: APPEAL_PROCEDURE.ru, result: null });
    const events = await outboxOf(application.id);
    expect(events.at(-1)!.payload).toMatchObject({ from: 'IN_REVIEW', to: 'REFUSED', reason: 'Не подпадает под ст. 5', appealProcedure: APPEAL_PROCEDURE, resultDocumentNumber: null });
    expect(ok(await world.request<{ rateApplication: ApplicationView }>(RATE, { id: application.id, score: 2 }, aigul.caller)).rateApplication.rating).toBe(2);
  });

  it('lets the applicant withdraw before the decision, and not after', async () => {
    const application = await inReview(aigul);
    const withdrawn = ok(await world.request<{ withdrawApplication: ApplicationView }>(WITHDRAW, { id: application.id }, aigul.caller)).withdrawApplication;
    expect(withdrawn.status).toBe('WITHDRAWN');
    expect((await outboxOf(application.id)).at(-1)!.payload).toMatchObject({ from: 'IN_REVIEW', to: 'WITHDRAWN' });
    expectError(await world.request(WITHDRAW, { id: application.id }, aigul.caller), 'CONFLICT', 'Cannot withdraw an application in status WITHDRAWN; allowed only from SUBMITTED, AWAITING_PAYMENT, IN_REVIEW');
  });

  it('keeps a draft bound to the version it started on when a new version is published', async () => {
    const service = await world.service({ providerId: PROVIDER_A });
    await world.drain();
    const application = await draft(aigul, service);
    await world.service({ providerId: PROVIDER_A, id: service.id, version: 2 });
    await world.drain();
    const saved = ok(await world.request<{ saveDraft: ApplicationView }>(SAVE_DRAFT, { input: { applicationId: application.id, serviceId: service.id, data: { copies: 1 } } }, aigul.caller)).saveDraft;
    expect(saved.service).toEqual({ id: service.id, version: 1 });
    expect((await draft(aigul, service)).service).toEqual({ id: service.id, version: 2 });
  });

  it('validates data against the current form of a service', async () => {
    const query = `query($serviceId: ID!, $data: JSON!) { validateApplicationData(serviceId: $serviceId, data: $data) { field code message } }`;
    const result = ok(await world.request<{ validateApplicationData: Array<{ field: string; code: string; message: string }> }>(query, { serviceId: freeService.id, data: { fullName: 'Ай' } }, { acceptLanguage: 'RU' }));
    expect(result.validateApplicationData.map((error) => error.field)).toEqual(['fullName', 'pin', 'birthDate', 'passportNumber', 'copies', 'delivery']);
    expect(result.validateApplicationData[0].message).toBe('Поле «ФИО» слишком короткое: минимум 3 символа, сейчас 2. Дополните значение.');
    expectError(await world.request(query, { serviceId: randomUUID(), data: {} }), 'NOT_FOUND', /^No published service with id/);
  });
});

describe('retries never double an effect', () => {
  it('a retried saveDraft with the same idempotency key returns the first draft; concurrent retries make one draft', async () => {
    const key = randomUUID();
    const input = { serviceId: freeService.id, data: { fullName: 'Асанова Айгүл' }, idempotencyKey: key };
    const first = ok(await world.request<{ saveDraft: ApplicationView }>(SAVE_DRAFT, { input }, aigul.caller)).saveDraft;
    const retried = ok(await world.request<{ saveDraft: ApplicationView }>(SAVE_DRAFT, { input }, aigul.caller)).saveDraft;
    expect(retried.id).toBe(first.id);

    const raceKey = randomUUID();
    const racing = await Promise.all(
      Array.from({ length: 4 }, () => world.request<{ saveDraft: ApplicationView }>(SAVE_DRAFT, { input: { ...input, idempotencyKey: raceKey } }, aigul.caller)),
    );
    expect(new Set(racing.map((result) => ok(result).saveDraft.id)).size).toBe(1);

    // the key is the applicant's own: another citizen's identical key starts their own draft
    const other = ok(await world.request<{ saveDraft: ApplicationView }>(SAVE_DRAFT, { input }, bakyt.caller)).saveDraft;
    expect(other.id).not.toBe(first.id);
    expectError(await world.request(SAVE_DRAFT, { input: { ...input, idempotencyKey: ' ' } }, aigul.caller), 'BAD_USER_INPUT', /idempotencyKey must be 1 to 100 characters/);
  });
});

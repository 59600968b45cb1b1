/**
 * Privacy at the applications subgraph (R-21, R-48, R-49): least privilege for the operator and
 * other providers' officers, confidential result documents (signed download links, verification
 * codes), and form data that keeps only the form's fields.
 */
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { type Caller, type FormDefinitionData, type GraphQLResult, startTestSubgraph, type TestSubgraph } from '@portal/kit';
import { BACKFILL_VERIFICATION_CODES_SQL } from '../migrations/Migration20261201030001DocumentVerificationCodes';
import { createApplicationsSubgraph } from '../subgraph';
import type { CertificationAuthorityStandin } from '@portal/standins';
import { ApplicationsWorld, canonical, startTestCertificationAuthority, type TestPerson, type TestService, VALID_REQUEST } from '../testing/world';
import { MAX_VERIFICATION_FAILURES } from '../document/verification-throttle.rules';
import { CONTENT_FOR_APPLICANT_AND_PROVIDER } from './application-access.rules';

const clock = { now: new Date('2026-03-02T04:00:00Z') };

let subgraph: TestSubgraph;
let world: ApplicationsWorld;
let ca: CertificationAuthorityStandin;
let db: Client;
const PROVIDER_A = randomUUID();
const PROVIDER_B = randomUUID();
let aigul: TestPerson;
let bakyt: TestPerson;
let officerA: TestPerson;
let officerB: TestPerson;
let service: TestService;
let fileService: TestService;
const operator: Partial<Caller> = { userId: randomUUID(), roles: ['OPERATOR'], providerId: null, acceptLanguage: null, preferredLanguage: 'RU' };

const text = (ru: string, ky: string) => ({ ru, ky });
const FILE_FORM: FormDefinitionData = {
  steps: [
    {
      id: 'scan',
      title: text('Скан', 'Скан'),
      fields: [
        { name: 'note', label: text('Примечание', 'Эскертүү'), type: 'TEXT', required: false },
        { name: 'scan', label: text('Скан паспорта', 'Паспорттун сканы'), type: 'FILE', required: false },
      ],
    },
  ],
};
const FILE = { name: 'passport.pdf', sha256: 'a'.repeat(64), size: 1024 };

interface Decided {
  id: string;
  number: string;
  result: { number: string; downloadUrl: string; verificationCode: string };
}

const SAVE_DRAFT = `mutation($input: SaveDraftInput!) { saveDraft(input: $input) { id data } }`;
const READ_CONTENT = {
  data: `query($id: ID!) { application(id: $id) { id data } }`,
  applicant: `query($id: ID!) { application(id: $id) { id applicant { id } } }`,
  result: `query($id: ID!) { application(id: $id) { id result { number downloadUrl verificationCode } } }`,
  validation: `query($id: ID!) { application(id: $id) { id validation { field } } }`,
  appeals: `query($id: ID!) { application(id: $id) { id appeals { id text } } }`,
  refusalReason: `query($id: ID!) { application(id: $id) { id refusalReason } }`,
};
const READ_METADATA = `query($id: ID!) {
  application(id: $id) { id number status submittedAt intakeDueAt dueAt registeredAt createdAt updatedAt overdue service { id } history { from to actorRole actor { id } reason } }
}`;
const ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Application { id data result { number downloadUrl } } } }`;
const VERIFY = `query($number: String!, $code: String) { verifyDocument(number: $number, code: $code) { valid number issuedAt serviceTitle(lang: RU) issuer(lang: RU) reason(lang: RU) } }`;

function ok<T>(result: GraphQLResult<T>): T {
  expect(result.errors).toBeUndefined();
  return result.data!;
}

function expectForbidden(result: GraphQLResult, message: string | RegExp = CONTENT_FOR_APPLICANT_AND_PROVIDER): void {
  expect(result.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
  if (typeof message === 'string') expect(result.errors![0].message).toBe(message);
  else expect(result.errors![0].message).toMatch(message);
}

async function saveDraft(person: TestPerson, target: TestService, data: unknown, applicationId?: string, caller: Partial<Caller> = person.caller) {
  return world.request<{ saveDraft: { id: string; data: Record<string, unknown> } }>(SAVE_DRAFT, { input: { serviceId: target.id, data, applicationId } }, caller);
}

async function submitted(person: TestPerson): Promise<{ id: string; number: string }> {
  const draft = ok(await saveDraft(person, service, VALID_REQUEST)).saveDraft;
  const signature = await world.sign(world.submissionPayload(draft, service.id), person.privateKey);
  const sent = await world.request<{ submitApplication: { id: string; number: string } }>(
    `mutation($input: SubmitApplicationInput!) { submitApplication(input: $input) { id number } }`,
    { input: { applicationId: draft.id, signature, signingKeyId: person.keyId } },
    person.caller,
  );
  return ok(sent).submitApplication;
}

async function approved(person: TestPerson): Promise<Decided> {
  const application = await submitted(person);
  ok(await world.request(`mutation($id: ID!) { acceptApplication(applicationId: $id) { id } }`, { id: application.id }, officerA.caller));
  const document = { title: 'Справка', holder: 'Асанова Айгүл', pin: person.pin, applicationNumber: application.number };
  const signature = await world.sign(canonical(document), officerA.privateKey);
  const decided = await world.request<{ decideApplication: Decided }>(
    `mutation($input: DecideInput!) { decideApplication(input: $input) { id number result { number downloadUrl verificationCode } } }`,
    { input: { applicationId: application.id, approve: true, resultDocument: document, signature, signingKeyId: officerA.keyId } },
    officerA.caller,
  );
  return ok(decided).decideApplication;
}

function linkParts(url: string) {
  const parsed = new URL(url);
  return { path: `${parsed.origin}${parsed.pathname}`, expires: parsed.searchParams.get('expires')!, signature: parsed.searchParams.get('signature')! };
}

beforeAll(async () => {
  const authority = await startTestCertificationAuthority();
  ca = authority.ca;
  const definition = createApplicationsSubgraph(authority.settings, { now: () => clock.now });
  subgraph = await startTestSubgraph(definition);
  definition.useGatewayUrl(subgraph.url);
  world = new ApplicationsWorld(subgraph, ca);
  db = new Client({ connectionString: subgraph.databaseUrl });
  await db.connect();
  [aigul, bakyt, officerA, officerB] = await Promise.all([
    world.citizen('Асанова Айгүл'),
    world.citizen('Бакыт Мамытов'),
    world.officer(PROVIDER_A, 'Officer A'),
    world.officer(PROVIDER_B, 'Officer B'),
  ]);
  service = await world.service({ providerId: PROVIDER_A, feeMinor: null });
  fileService = await world.service({ providerId: PROVIDER_A, feeMinor: null, title: 'Копия', form: FILE_FORM });
  await world.drain();
});

afterAll(async () => {
  await ca?.close();
  await db?.end();
  await subgraph?.close();
});

beforeEach(() => {
  clock.now = new Date('2026-03-02T04:00:00Z');
});

describe('the operator sees metadata only', () => {
  it('refuses the form data, the applicant, the result, validation, reasons and appeals', async () => {
    const application = await approved(aigul);
    for (const [field, query] of Object.entries(READ_CONTENT)) {
      const result = await world.request(query, { id: application.id }, operator);
      expectForbidden(result);
      expect({ field, data: result.data }).toEqual({ field, data: field === 'result' || field === 'refusalReason' ? { application: { id: application.id, [field]: null } } : { application: null } });
    }
  });

  it('refuses them through a reference from another subgraph too', async () => {
    const application = await approved(aigul);
    const result = await world.request(ENTITIES, { r: [{ __typename: 'Application', id: application.id }] }, operator);
    expect(result.errors?.map((error) => error.extensions?.code)).toContain('FORBIDDEN');
    expect(JSON.stringify(result.data)).not.toContain('Асанова');
    expect(JSON.stringify(result.data)).not.toContain(application.result.number);
  });

  it('answers number, service, status and dates; history without the applicant as actor and without reasons', async () => {
    const application = await approved(aigul);
    const seen = ok(await world.request<{ application: Record<string, unknown> & { history: Array<Record<string, unknown>> } }>(READ_METADATA, { id: application.id }, operator)).application;
    expect(seen).toMatchObject({ id: application.id, number: application.number, status: 'APPROVED', service: { id: service.id } });
    expect(seen.history.map(({ actorRole, actor, reason }) => [actorRole, actor, reason])).toEqual([
      ['CITIZEN', null, null],
      ['PROVIDER_OFFICER', { id: officerA.id }, null],
      ['PROVIDER_OFFICER', { id: officerA.id }, null],
    ]);
    // the applicant still sees themself as the actor
    const own = ok(await world.request<{ application: { history: Array<{ actor: { id: string } | null }> } }>(READ_METADATA, { id: application.id }, aigul.caller)).application;
    expect(own.history[0].actor).toEqual({ id: aigul.id });
  });
});

describe('other people and other providers', () => {
  it("refuses another citizen and another provider's officer, by id and by reference", async () => {
    const application = await approved(aigul);
    for (const caller of [bakyt.caller, officerB.caller]) {
      expectForbidden(await world.request(READ_CONTENT.data, { id: application.id }, caller), /only your own applications/);
      const byReference = await world.request(ENTITIES, { r: [{ __typename: 'Application', id: application.id }] }, caller);
      expectForbidden(byReference, /only your own applications/);
      expect(byReference.data).toEqual({ _entities: [null] });
    }
  });

  it("refuses anyone but the user the user's list of applications, the operator included", async () => {
    await submitted(aigul);
    const OWN = `query($r: [_Any!]!) { _entities(representations: $r) { ... on User { applications { totalCount edges { node { id number } } } } } }`;
    for (const caller of [operator, officerA.caller, bakyt.caller]) {
      const result = await world.request(OWN, { r: [{ __typename: 'User', id: aigul.id }] }, caller);
      expectForbidden(result, /only your own applications/);
    }
  });

  it("keeps a draft's data from the provider's officers", async () => {
    const draft = ok(await saveDraft(aigul, service, VALID_REQUEST)).saveDraft;
    const byReference = await world.request(ENTITIES, { r: [{ __typename: 'Application', id: draft.id }] }, officerA.caller);
    expectForbidden(byReference, /This application is a draft/);
  });

  it("shows the content to the applicant and the provider's officer", async () => {
    const application = await approved(aigul);
    for (const caller of [aigul.caller, officerA.caller]) {
      const seen = ok(await world.request<{ application: { data: Record<string, unknown> } }>(READ_CONTENT.data, { id: application.id }, caller)).application;
      expect(seen.data).toMatchObject(VALID_REQUEST);
      const result = ok(await world.request<{ application: { result: Decided['result'] } }>(READ_CONTENT.result, { id: application.id }, caller)).application.result;
      expect(result.verificationCode).toBe(application.result.verificationCode);
    }
  });
});

describe('result documents are confidential', () => {
  it('refuses a download without a signature, with a forged or moved one, for another number, and after expiry', async () => {
    const [first, second] = [await approved(aigul), await approved(bakyt)];
    const { path, expires, signature } = linkParts(first.result.downloadUrl);
    const other = linkParts(second.result.downloadUrl);
    const refused = [
      path,
      `${path}?expires=${expires}`,
      `${path}?expires=${expires}&signature=${'A'.repeat(signature.length)}`,
      `${path}?expires=${Number(expires) + 3600}&signature=${signature}`,
      `${path}?expires=${other.expires}&signature=${other.signature}`,
      `${path.replace(/\d+$/, (digits) => String(Number(digits) + 1).padStart(digits.length, '0'))}?expires=${expires}&signature=${signature}`,
    ];
    for (const url of refused) {
      const response = await fetch(url);
      expect({ url, status: response.status }).toEqual({ url, status: 403 });
      const body = await response.text();
      expect(body).not.toContain('Асанова');
      expect(body).not.toContain(aigul.pin);
    }
    const fine = await fetch(first.result.downloadUrl);
    expect(fine.status).toBe(200);
    expect(fine.headers.get('cache-control')).toBe('private, no-store');
    expect(await fine.json()).toMatchObject({ number: first.result.number, verificationCode: first.result.verificationCode, document: { pin: aigul.pin } });

    clock.now = new Date(clock.now.getTime() + 16 * 60_000);
    expect((await fetch(first.result.downloadUrl)).status).toBe(403);
  });

  it('says only valid or invalid without the right code, never personal data', async () => {
    const document = await approved(aigul);
    const other = await approved(bakyt);
    const bare = { valid: true, number: document.result.number, issuedAt: null, serviceTitle: null, issuer: null, reason: null };
    for (const code of [null, '', 'nonsense', other.result.verificationCode, 'AAAA-AAAA-AAAA-AAAA-AAAA', document.result.verificationCode.slice(0, -1)]) {
      const answer = ok(await world.request<{ verifyDocument: unknown }>(VERIFY, { number: document.result.number, code })).verifyDocument;
      expect({ code, answer }).toEqual({ code, answer: bare });
    }
    // case, spaces and hyphens do not matter
    const typed = document.result.verificationCode.toLowerCase().replace(/-/g, ' ');
    const full = ok(await world.request<{ verifyDocument: Record<string, unknown> }>(VERIFY, { number: document.result.number, code: typed })).verifyDocument;
    expect(full).toEqual({ valid: true, number: document.result.number, issuedAt: expect.any(String), serviceTitle: service.title.ru, issuer: 'Министерство внутренних дел', reason: null });
    expect(JSON.stringify(full)).not.toContain('Асанова');
    // an unknown number without a code: invalid, nothing more
    expect(ok(await world.request(VERIFY, { number: 'DOC-2026-999999' }))).toEqual({ verifyDocument: { valid: false, number: 'DOC-2026-999999', issuedAt: null, serviceTitle: null, issuer: null, reason: null } });
  });

  it('refuses more code attempts from an address after too many wrong codes, until its window ends', async () => {
    const document = await approved(aigul);
    const from = (ip: string): Partial<Caller> => ({ ip, acceptLanguage: 'RU' });
    const wrong = 'AAAA-AAAA-AAAA-AAAA-AAAB';
    for (let attempt = 0; attempt < MAX_VERIFICATION_FAILURES; attempt += 1) {
      ok(await world.request(VERIFY, { number: document.result.number, code: wrong }, from('203.0.113.7')));
    }
    const limited = await world.request(VERIFY, { number: document.result.number, code: document.result.verificationCode }, from('203.0.113.7'));
    expect(limited.errors?.map((error) => error.extensions?.code)).toEqual(['RATE_LIMITED']);
    expect(limited.errors![0].message).toBe('Слишком много неверных кодов проверки с вашего адреса. Попробуйте снова через 15 мин. и введите код так, как он напечатан на документе.');
    expect(limited.errors![0].extensions!.retryAfterSeconds).toBe(15 * 60);
    // without a code the bare answer still comes; another address is not affected
    expect(ok(await world.request<{ verifyDocument: { valid: boolean } }>(VERIFY, { number: document.result.number }, from('203.0.113.7'))).verifyDocument.valid).toBe(true);
    expect(ok(await world.request<{ verifyDocument: { issuer: string } }>(VERIFY, { number: document.result.number, code: document.result.verificationCode }, from('198.51.100.1'))).verifyDocument.issuer).not.toBeNull();
    clock.now = new Date(clock.now.getTime() + 15 * 60_000);
    expect(ok(await world.request<{ verifyDocument: { issuer: string } }>(VERIFY, { number: document.result.number, code: document.result.verificationCode }, from('203.0.113.7'))).verifyDocument.issuer).not.toBeNull();
  });

  it('gives every document its own long random code', async () => {
    const codes = await Promise.all([approved(aigul), approved(aigul), approved(bakyt)]).then((all) => all.map((decided) => decided.result.verificationCode));
    for (const code of codes) expect(code).toMatch(/^[A-HJ-NP-Z2-9]{4}(-[A-HJ-NP-Z2-9]{4}){4}$/);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('gives documents issued before the codes existed a code of the same shape (the migration)', async () => {
    await db.query('create temp table result_document (number text primary key, verification_code text)');
    await db.query(`insert into result_document (number) select 'DOC-2025-' || lpad(n::text, 6, '0') from generate_series(1, 50) n`);
    await db.query(BACKFILL_VERIFICATION_CODES_SQL('pg_temp.result_document'));
    const { rows } = await db.query<{ verification_code: string }>('select verification_code from result_document');
    expect(rows).toHaveLength(50);
    for (const row of rows) expect(row.verification_code).toMatch(/^[A-HJ-NP-Z2-9]{4}(-[A-HJ-NP-Z2-9]{4}){4}$/);
    expect(new Set(rows.map((row) => row.verification_code)).size).toBe(50);
  });
});

describe('form data keeps only the form fields', () => {
  const refusedKeys = async (data: unknown, caller: Partial<Caller> = aigul.caller, target: TestService = service) => {
    const result = await saveDraft(aigul, target, data, undefined, caller);
    expect(result.errors?.map((error) => error.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    const fields = result.errors![0].extensions!.fields as Array<{ field: string; code: string }>;
    return { message: result.errors![0].message, fields: fields.map(({ field, code }) => `${field}:${code}`) };
  };

  it('refuses keys the form does not have, naming them, in the applicant language', async () => {
    expect(await refusedKeys({ ...VALID_REQUEST, isAdmin: true })).toEqual({
      message: '«isAdmin» талаасы бул кызматтын формасында жок. Аны өтүнмөдөн алып салыңыз.',
      fields: ['isAdmin:UNKNOWN_FIELD'],
    });
    expect(await refusedKeys({ isAdmin: true }, { ...aigul.caller, acceptLanguage: 'RU' })).toEqual({
      message: 'Поля «isAdmin» нет в форме этой услуги. Удалите его из заявки.',
      fields: ['isAdmin:UNKNOWN_FIELD'],
    });
  });

  it('refuses __proto__, constructor and prototype before anything walks the data (the kit input limits), never crashing', async () => {
    for (const data of [{ constructor: { prototype: { polluted: true } } }, JSON.parse('{"__proto__": {"polluted": true}}'), { prototype: 1 }]) {
      const result = await saveDraft(aigul, service, data);
      expect(result.errors?.map((error) => error.extensions?.code)).toEqual(['BAD_USER_INPUT']);
      expect(result.errors![0].message).toMatch(/__proto__|constructor|prototype/);
    }
    // as a GraphQL literal rather than a variable
    const literal = await world.request(`mutation { saveDraft(input: { serviceId: "${service.id}", data: { constructor: "x", __proto__: { a: 1 } } }) { id } }`, {}, aigul.caller);
    expect(literal.errors?.map((error) => error.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses structure at any depth: values inside single-value fields and unknown keys inside a file', async () => {
    expect((await refusedKeys({ copies: { nested: { deeper: 1 } }, passportNumber: ['AN1234567'] })).fields).toEqual(['copies:TYPE', 'passportNumber:TYPE']);
    expect((await refusedKeys({ scan: { ...FILE, owner: { pin: '1' }, uploadedBy: 1 } }, aigul.caller, fileService)).fields).toEqual(['scan.owner:UNKNOWN_FIELD', 'scan.uploadedBy:UNKNOWN_FIELD']);
    expect((await refusedKeys({ scan: { ...FILE, name: { first: 'x' } } }, aigul.caller, fileService)).fields).toEqual(['scan.name:TYPE']);
    // a well-formed file value still has to name an upload of this application (attachment tests cover the accepted case)
    const notUploaded = await saveDraft(aigul, fileService, { scan: FILE, note: 'ok' });
    expect(notUploaded.errors?.[0]?.extensions?.fields).toEqual([expect.objectContaining({ field: 'scan', code: 'FILE_NOT_UPLOADED' })]);
  });

  it('refuses them when a draft is saved again too, and keeps nothing of a refused save', async () => {
    const draft = ok(await saveDraft(aigul, service, VALID_REQUEST)).saveDraft;
    const again = await saveDraft(aigul, service, { copies: 1, extra: 'x' }, draft.id);
    expect(again.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const { rows } = await db.query<{ data: Record<string, unknown> }>('select data from applications.application where id = $1', [draft.id]);
    expect(rows[0].data).toEqual(draft.data);
    // a key sent as null removes it, so a draft that stored an unknown key before can drop it
    ok(await saveDraft(aigul, service, { extra: null, copies: 1 }, draft.id));
  });

  it('names at most three keys in the message and lists all of them in extensions.fields', async () => {
    const refused = await refusedKeys({ a: 1, b: 2, c: 3, d: 4, e: 5 }, { ...aigul.caller, acceptLanguage: 'RU' });
    expect(refused.fields).toEqual(['a:UNKNOWN_FIELD', 'b:UNKNOWN_FIELD', 'c:UNKNOWN_FIELD', 'd:UNKNOWN_FIELD', 'e:UNKNOWN_FIELD']);
    expect(refused.message).toMatch(/«c».*И ещё 2 \(см\. extensions\.fields\)\.$/);
  });

  it('reports unknown keys inside a file in validation too, so submission refuses them', async () => {
    const errors = ok(
      await world.request<{ validateApplicationData: Array<{ field: string; code: string }> }>(
        `query($serviceId: ID!, $data: JSON!) { validateApplicationData(serviceId: $serviceId, data: $data) { field code } }`,
        { serviceId: fileService.id, data: { scan: { ...FILE, extra: 1 } } },
        aigul.caller,
      ),
    ).validateApplicationData;
    expect(errors).toEqual([{ field: 'scan.extra', code: 'UNKNOWN_FIELD' }]);
  });
});

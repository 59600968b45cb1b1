/**
 * Privacy through the gateway and straight at the subgraphs: result documents
 * do not download by number, verifyDocument tells nothing personal and little without the code,
 * the operator sees application metadata only, other people and other providers nothing, and
 * form data keeps only the form's fields.
 */
import { CALLER_HEADER, DEMO_PROVIDERS, DEMO_USERS, signCallerToken, TEST_INTERNAL_SECRET, testCaller, type Caller } from '@portal/kit';
import { errorCodes, startTestPlatform, type TestPlatform } from '../support/platform';
import { registerQualifiedSigner, registerSimpleSigner, type Signer } from '../support/signing';

const NO_CRIMINAL_RECORD = '7c1e2d3a-4b5c-4d6e-8f70-000000000101';
const AIGUL_PIN = '11505199012345';

describe('privacy of applications and documents', () => {
  let platform: TestPlatform;
  let citizen: string;
  let otherCitizen: string;
  let mvdOfficer: string;
  let grsOfficer: string;
  let operator: string;
  let citizenSigner: Signer;
  let mvdSigner: Signer;
  let application: { id: string; number: string };
  let result: { number: string; downloadUrl: string; verificationCode: string };

  const ok = (query: string, variables: Record<string, unknown>, token?: string) => platform.ok(query, variables, token);

  /** A request straight at a subgraph with a genuine caller token, as the gateway would sign it. */
  async function direct(subgraph: 'applications' | 'payments' | 'notifications', query: string, variables: Record<string, unknown>, caller: Partial<Caller>) {
    const token = await signCallerToken(testCaller(caller), TEST_INTERNAL_SECRET);
    const response = await fetch(`${platform.subgraphs[subgraph].url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [CALLER_HEADER]: token },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as { data?: Record<string, unknown> | null; errors?: Array<{ message: string; extensions: { code: string } }> };
  }

  beforeAll(async () => {
    platform = await startTestPlatform();
    [citizen, otherCitizen, mvdOfficer, grsOfficer, operator] = await Promise.all([
      platform.login('aigul@example.kg', 'Citizen2026!'),
      platform.login('bakyt@example.kg', 'Citizen2026!'),
      platform.login('officer.mvd@portal.kg', 'Officer2026!'),
      platform.login('officer.grs@portal.kg', 'Officer2026!'),
      platform.login('operator@portal.kg', 'Operator2026!'),
    ]);
    citizenSigner = await registerSimpleSigner(platform, citizen);
    mvdSigner = await registerQualifiedSigner(platform, mvdOfficer, { pin: '22004198200031', name: 'Azamat Sydykov', organization: 'MVD' });
    await platform.settle();
    const draft = (await ok('mutation($input: SaveDraftInput!) { saveDraft(input: $input) { id data } }', { input: { serviceId: NO_CRIMINAL_RECORD, data: { purpose: 'travel' } } }, citizen)).saveDraft;
    const signature = await citizenSigner.sign({ applicationId: draft.id, serviceId: NO_CRIMINAL_RECORD, data: draft.data });
    application = (await ok('mutation($input: SubmitApplicationInput!) { submitApplication(input: $input) { id number } }', { input: { applicationId: draft.id, signature, signingKeyId: citizenSigner.keyId } }, citizen)).submitApplication;
    await ok('mutation($id: ID!) { acceptApplication(applicationId: $id) { id } }', { id: application.id }, mvdOfficer);
    const resultDocument = { title: 'Справка о несудимости', applicationNumber: application.number, holder: 'Асанова Айгуль', pin: AIGUL_PIN, result: 'Сведений о судимости не имеется' };
    const decided = await ok(
      'mutation($input: DecideInput!) { decideApplication(input: $input) { result { number downloadUrl verificationCode } } }',
      { input: { applicationId: application.id, approve: true, resultDocument, signature: await mvdSigner.sign(resultDocument), signingKeyId: mvdSigner.keyId } },
      mvdOfficer,
    );
    result = decided.decideApplication.result;
  });

  afterAll(async () => {
    await platform?.close();
  });

  describe('refused', () => {
    it('downloading a result document by its number, without login, or guessing numbers in sequence', async () => {
      // at the gateway's origin, and directly at the subgraph that serves the same path
      const bases = [`${new URL(platform.gatewayUrl).origin}/files/applications/documents`, `${platform.subgraphs.applications.url}/files/applications/documents`];
      const guesses = [result.number, ...Array.from({ length: 5 }, (_, i) => `DOC-2026-${String(i + 1).padStart(6, '0')}`)];
      for (const base of bases) {
        for (const number of guesses) {
          const response = await fetch(`${base}/${number}`);
          expect({ base, number, status: response.status }).toEqual({ base, number, status: 403 });
          const body = await response.text();
          expect(body).not.toContain(AIGUL_PIN);
          expect(body).not.toContain('Асанова');
        }
      }
      const forged = new URL(result.downloadUrl);
      forged.searchParams.set('signature', 'A'.repeat(43));
      expect((await fetch(forged)).status).toBe(403);
    });

    it('verifyDocument without the code: valid or invalid and the number, nothing else, never personal data', async () => {
      const VERIFY = 'query($n: String!, $c: String) { verifyDocument(number: $n, code: $c) { valid number issuedAt serviceTitle(lang: RU) issuer reason } }';
      for (const code of [null, 'AAAA-BBBB-CCCC-DDDD-EEEE']) {
        const answer = (await ok(VERIFY, { n: result.number, c: code })).verifyDocument;
        expect(answer).toEqual({ valid: true, number: result.number, issuedAt: null, serviceTitle: null, issuer: null, reason: null });
      }
      const full = (await ok(VERIFY, { n: result.number, c: result.verificationCode })).verifyDocument;
      expect(full).toMatchObject({ valid: true, number: result.number, serviceTitle: expect.stringMatching(/судимости/) });
      expect(JSON.stringify(full)).not.toContain(AIGUL_PIN);
    });

    it('the operator reading form data, the applicant, documents or reasons through the gateway', async () => {
      for (const selection of ['data', 'applicant { pin email phone }', 'result { downloadUrl verificationCode }', 'validation { field }', 'refusalReason']) {
        const response = await platform.gql(`query($id: ID!) { application(id: $id) { id ${selection} } }`, { id: application.id }, { token: operator });
        expect({ selection, codes: errorCodes(response) }).toEqual({ selection, codes: ['FORBIDDEN'] });
        expect(JSON.stringify(response.data)).not.toContain(AIGUL_PIN);
      }
      // the history names the officers who acted, not the applicant
      const metadata = await ok('query($id: ID!) { application(id: $id) { number status submittedAt service { id } history { actorRole actor { id } } } }', { id: application.id }, operator);
      expect(metadata.application).toMatchObject({ number: application.number, status: 'APPROVED', service: { id: NO_CRIMINAL_RECORD } });
      expect(metadata.application.history[0]).toEqual({ actorRole: 'CITIZEN', actor: null });
    });

    it("another citizen and another provider's officer reading the application", async () => {
      for (const token of [otherCitizen, grsOfficer]) {
        const response = await platform.gql('query($id: ID!) { application(id: $id) { id status } }', { id: application.id }, { token });
        expect(errorCodes(response)).toEqual(['FORBIDDEN']);
      }
    });

    it("_entities at each subgraph with representations of other people's entities, with a genuine caller token", async () => {
      const representations = [{ __typename: 'Application', id: application.id }];
      const operatorCaller = { userId: DEMO_USERS.OPERATOR, roles: ['OPERATOR' as const] };
      const grsCaller = { userId: DEMO_USERS.OFFICER_GRS, roles: ['PROVIDER_OFFICER' as const], providerId: DEMO_PROVIDERS.GRS };
      const bakytCaller = { userId: DEMO_USERS.CITIZEN_BAKYT, roles: ['CITIZEN' as const] };
      for (const caller of [operatorCaller, grsCaller, bakytCaller]) {
        const content = await direct('applications', 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Application { id data result { downloadUrl } } } }', { r: representations }, caller);
        expect(content.errors?.map((error) => error.extensions.code)).toContain('FORBIDDEN');
        expect(JSON.stringify(content.data)).not.toContain(AIGUL_PIN);
        const notices = await direct('notifications', 'query($r: [_Any!]!) { _entities(representations: $r) { ... on User { notifications { totalCount } } } }', { r: [{ __typename: 'User', id: DEMO_USERS.CITIZEN_AIGUL }] }, caller);
        expect(notices.errors?.map((error) => error.extensions.code)).toEqual(['FORBIDDEN']);
        const accruals = await direct('payments', 'query($r: [_Any!]!) { _entities(representations: $r) { ... on User { accruals { id } } } }', { r: [{ __typename: 'User', id: DEMO_USERS.CITIZEN_AIGUL }] }, caller);
        expect(accruals.errors?.map((error) => error.extensions.code)).toEqual(['FORBIDDEN']);
      }
    });

    it('saveDraft with keys the form does not have, __proto__ and constructor included, at any depth', async () => {
      const SAVE = 'mutation($input: SaveDraftInput!) { saveDraft(input: $input) { id } }';
      for (const data of [{ purpose: 'travel', constructor: 'x' }, JSON.parse('{"__proto__": {"isAdmin": true}}'), { prototype: 1 }, { purpose: { nested: { deeper: true } } }]) {
        const response = await platform.gql(SAVE, { input: { serviceId: NO_CRIMINAL_RECORD, data } }, { token: citizen });
        expect({ data, codes: errorCodes(response) }).toEqual({ data, codes: ['BAD_USER_INPUT'] });
      }
      const unknown = await platform.gql(SAVE, { input: { serviceId: NO_CRIMINAL_RECORD, data: { purpose: 'travel', isAdmin: true } } }, { token: citizen });
      // Aigul's language is Kyrgyz
      expect(unknown.errors![0].message).toBe('«isAdmin» талаасы бул кызматтын формасында жок. Аны өтүнмөдөн алып салыңыз.');
      expect(unknown.errors![0].extensions!.fields).toEqual([expect.objectContaining({ field: 'isAdmin', code: 'UNKNOWN_FIELD' })]);
      // keys that reach Object.prototype are refused before anything walks the data
      const prototypeKey = await platform.gql(SAVE, { input: { serviceId: NO_CRIMINAL_RECORD, data: { purpose: 'travel', constructor: 'x' } } }, { token: citizen });
      expect(prototypeKey.errors![0].message).toMatch(/constructor/);
      const literal = await platform.gql(`mutation { saveDraft(input: { serviceId: "${NO_CRIMINAL_RECORD}", data: { constructor: { prototype: 1 } } }) { id } }`, {}, { token: citizen });
      expect(errorCodes(literal)).toEqual(['BAD_USER_INPUT']);
    });
  });

  describe('allowed', () => {
    it("the holder and the provider's officer get a working download link and the code", async () => {
      for (const token of [citizen, mvdOfficer]) {
        const seen = (await ok('query($id: ID!) { application(id: $id) { data result { downloadUrl verificationCode } } }', { id: application.id }, token)).application;
        expect(seen.result.verificationCode).toBe(result.verificationCode);
        const download = await fetch(seen.result.downloadUrl);
        expect(download.status).toBe(200);
        expect(await download.json()).toMatchObject({ number: result.number, verificationCode: result.verificationCode, document: { pin: AIGUL_PIN } });
      }
    });
  });
});

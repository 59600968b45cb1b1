import { CALLER_HEADER, DEMO_PROVIDERS, DEMO_USERS, type Caller, signCallerToken, TEST_INTERNAL_SECRET, testCaller } from '@portal/kit';
import { errorCodes, startTestPlatform, type TestPlatform } from '../support/platform';
import { registerSimpleSigner } from '../support/signing';

const NO_CRIMINAL_RECORD = '7c1e2d3a-4b5c-4d6e-8f70-000000000101'; // provided by MVD

/**
 * Who may read a person's account, checked by identity itself (the second line of defence): the
 * gateway path is refused by applications already; the direct `_entities` path with a genuine caller
 * token must be refused by identity.
 */
describe("a person's personal data across the graph", () => {
  let platform: TestPlatform;
  let applicationId: string;
  beforeAll(async () => {
    platform = await startTestPlatform();
    const citizen = await platform.login('aigul@example.kg', 'Citizen2026!');
    const signer = await registerSimpleSigner(platform, citizen);
    const draft = await platform.gql('mutation($i: SaveDraftInput!) { saveDraft(input: $i) { id data } }', { i: { serviceId: NO_CRIMINAL_RECORD, data: { purpose: 'employment' } } }, { token: citizen });
    applicationId = draft.data.saveDraft.id;
    const signature = await signer.sign({ applicationId, serviceId: NO_CRIMINAL_RECORD, data: draft.data.saveDraft.data });
    const submitted = await platform.gql('mutation($i: SubmitApplicationInput!) { submitApplication(input: $i) { status } }', { i: { applicationId, signature, signingKeyId: signer.keyId } }, { token: citizen });
    expect(submitted.data.submitApplication.status).toBe('SUBMITTED');
  });
  afterAll(async () => {
    await platform?.close();
  });

  /** `_entities` straight at identity with a caller token the gateway would have signed. */
  async function entitiesAtIdentity(caller: Partial<Caller>, fields: string) {
    const token = await signCallerToken(testCaller({ acceptLanguage: 'RU', ...caller }), TEST_INTERNAL_SECRET);
    const response = await fetch(`${platform.subgraphs.identity.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [CALLER_HEADER]: token },
      body: JSON.stringify({ query: `{ _entities(representations: [{ __typename: "User", id: "${DEMO_USERS.CITIZEN_AIGUL}" }]) { ... on User { ${fields} } } }` }),
    });
    return (await response.json()) as { data: { _entities: Array<Record<string, unknown> | null> }; errors?: Array<{ message: string; extensions: { code: string } }> };
  }

  describe('refused', () => {
    it("another provider's officer, through the gateway: the application is not theirs", async () => {
      const grs = await platform.login('officer.grs@portal.kg', 'Officer2026!');
      const response = await platform.gql('query($id: ID!) { application(id: $id) { applicant { pin } } }', { id: applicationId }, { token: grs });
      expect(response.data?.application ?? null).toBeNull();
      expect(response.errors === undefined || errorCodes(response).every((code) => code === 'FORBIDDEN' || code === 'NOT_FOUND')).toBe(true);
    });

    const callers: Array<[string, Partial<Caller>]> = [
      ['an officer of another provider', { userId: DEMO_USERS.OFFICER_GRS, roles: ['PROVIDER_OFFICER'], providerId: DEMO_PROVIDERS.GRS }],
      ['an officer with no provider', { userId: DEMO_USERS.OFFICER_STS, roles: ['PROVIDER_OFFICER'], providerId: null }],
      ['another citizen', { userId: DEMO_USERS.CITIZEN_BAKYT, roles: ['CITIZEN'] }],
    ];
    it.each(callers)('%s, straight at identity with a genuine caller token', async (_who, caller) => {
      const body = await entitiesAtIdentity(caller, 'fullName pin email phone');
      expect(body.data._entities).toEqual([null]);
      expect(body.errors!.map((e) => e.extensions.code)).toEqual(['FORBIDDEN']);
    });

    it("the operator asking for a person's PIN and contacts straight at identity", async () => {
      const body = await entitiesAtIdentity({ userId: DEMO_USERS.OPERATOR, roles: ['OPERATOR'] }, 'fullName pin');
      expect(body.data._entities).toEqual([null]);
      expect(body.errors![0].message).toMatch(/ПИН, дату рождения, адрес и контакты/);
    });

    it("the operator asking through the gateway for a person's PIN and phone on the account it administers", async () => {
      const operator = await platform.login('operator@portal.kg', 'Operator2026!');
      const response = await platform.gql(`mutation { unblockUser(userId: "${DEMO_USERS.CITIZEN_BAKYT}", reason: "check") { fullName pin phone } }`, {}, { token: operator });
      expect(errorCodes(response)).toContain('FORBIDDEN');
      expect(response.data?.unblockUser ?? null).toBeNull();
      const allowed = await platform.gql(`mutation { unblockUser(userId: "${DEMO_USERS.CITIZEN_BAKYT}", reason: "check") { fullName blocked } }`, {}, { token: operator });
      expect(allowed.errors).toBeUndefined();
      expect(allowed.data.unblockUser).toEqual({ fullName: 'Bakyt Toktogulov', blocked: false });
    });
  });

  describe('allowed', () => {
    it("the officer of the provider the person applied to, through the gateway and at identity", async () => {
      const mvd = await platform.login('officer.mvd@portal.kg', 'Officer2026!');
      const response = await platform.gql('query($id: ID!) { application(id: $id) { applicant { fullName pin phone } } }', { id: applicationId }, { token: mvd });
      expect(response.errors).toBeUndefined();
      expect(response.data.application.applicant).toEqual({ fullName: 'Aigul Asanova', pin: '11505199012345', phone: '+996700100101' });
      const direct = await entitiesAtIdentity({ userId: DEMO_USERS.EXECUTOR_MVD, roles: ['PROVIDER_OFFICER'], providerId: DEMO_PROVIDERS.MVD }, 'pin');
      expect(direct.errors).toBeUndefined();
      expect(direct.data._entities).toEqual([{ pin: '11505199012345' }]);
    });
  });
});

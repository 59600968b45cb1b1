import { DEMO_PROVIDERS, DEMO_USERS, type TestSubgraph, startTestSubgraph } from '@portal/kit';
import { createIdentitySubgraph } from '../subgraph';
import { firstError, startRegisterStandins, testIdentityConfig } from '../testing';

const LOG = `query($first: Int, $after: String) { tundukMessageLog(first: $first, after: $after) {
  edges { cursor node { seq at service messageId userIdMasked issue outcome httpStatus detail requestHash responseHash responseSignature portalSignature prevHash entryHash } }
  pageInfo { hasNextPage endCursor }
} }`;
const VERIFY = '{ verifyTundukMessageLog { ok entries brokenAtSeq reason headSeq headEntryHash } }';
const REGISTER = 'mutation($input: RegisterInput!) { register(input: $input) { user { id } } }';

const OPERATOR = { userId: DEMO_USERS.OPERATOR, roles: ['OPERATOR' as const] };
const CITIZEN = { userId: DEMO_USERS.CITIZEN_AIGUL, roles: ['CITIZEN' as const] };
const OFFICER = { userId: DEMO_USERS.OFFICER_MVD, roles: ['PROVIDER_OFFICER' as const], providerId: DEMO_PROVIDERS.MVD };

describe("identity's Tunduk message log", () => {
  let identity: TestSubgraph;
  let registers: Awaited<ReturnType<typeof startRegisterStandins>>;
  beforeAll(async () => {
    registers = await startRegisterStandins();
    identity = await startTestSubgraph(createIdentitySubgraph(testIdentityConfig(registers.env)), { seed: true });
    registers.tunduk.addPerson({ pin: '21505199100023', surname: 'Алиев', name: 'Эрлан', birthDate: '1991-05-15' });
    const registration = (fullName: string) => ({ input: { kind: 'INDIVIDUAL', pin: '21505199100023', fullName, password: 'Talas-River-2026', acceptedTermsVersion: '2026-01', consentToPersonalDataProcessing: true } });
    expect(firstError(await identity.request(REGISTER, registration('Алиев Эрлан Бекович'))).code).toBe('BAD_USER_INPUT');
    expect((await identity.request(REGISTER, registration('Алиев Эрлан'))).errors).toBeUndefined();
  });
  afterAll(async () => {
    await identity.close();
    await registers.close();
  });

  describe('refused', () => {
    it.each([
      ['anonymous callers', {}, 'UNAUTHENTICATED'],
      ['citizens', CITIZEN, 'FORBIDDEN'],
      ['provider officers', OFFICER, 'FORBIDDEN'],
    ])('%s', async (_who, caller, code) => {
      expect(firstError(await identity.request(LOG, {}, caller)).code).toBe(code);
      expect(firstError(await identity.request(VERIFY, {}, caller)).code).toBe(code);
    });
  });

  describe('allowed', () => {
    it('the operator pages through the exchanges newest first, PINs masked', async () => {
      const first = await identity.request<{ tundukMessageLog: { edges: Array<{ cursor: string; node: Record<string, unknown> }>; pageInfo: { hasNextPage: boolean; endCursor: string } } }>(LOG, { first: 1 }, OPERATOR);
      expect(first.errors).toBeUndefined();
      const [newest] = first.data!.tundukMessageLog.edges;
      expect(newest!.node).toMatchObject({ service: 'KG/GOV/70000002/population/person', userIdMasked: '**********0023', issue: 'registration', outcome: 'OK', httpStatus: 200, detail: null });
      expect(JSON.stringify(first.data)).not.toContain('21505199100023');
      expect(first.data!.tundukMessageLog.pageInfo.hasNextPage).toBe(true);
      const second = await identity.request<{ tundukMessageLog: { edges: Array<{ node: { seq: string; entryHash: string; prevHash: string } }> } }>(LOG, { first: 5, after: first.data!.tundukMessageLog.pageInfo.endCursor }, OPERATOR);
      const older = second.data!.tundukMessageLog.edges[0]!.node;
      expect(Number(older.seq)).toBeLessThan(Number(newest!.node.seq));
      expect(newest!.node.prevHash).toBe(older.entryHash);
    });

    it('the operator verifies the chain', async () => {
      const result = await identity.request<{ verifyTundukMessageLog: Record<string, unknown> }>(VERIFY, {}, OPERATOR);
      expect(result.data!.verifyTundukMessageLog).toMatchObject({ ok: true, entries: 2, brokenAtSeq: null, reason: null, headSeq: expect.any(String) });
      await identity.orm.em.fork().execute("update identity.tunduk_message_log set issue = 'something else' where seq = (select min(seq) from identity.tunduk_message_log)");
      const broken = await identity.request<{ verifyTundukMessageLog: Record<string, unknown> }>(VERIFY, {}, OPERATOR);
      expect(broken.data!.verifyTundukMessageLog).toMatchObject({ ok: false, entries: 0, reason: expect.stringMatching(/altered/) });
    });
  });
});

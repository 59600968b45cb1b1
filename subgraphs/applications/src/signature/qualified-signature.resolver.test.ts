import { randomUUID } from 'node:crypto';
import { CompactSign } from 'jose';
import { type GraphQLResult, publishTestEvent, startTestSubgraph, type TestSubgraph } from '@portal/kit';
import type { CertificationAuthorityStandin } from '@portal/standins';
import { createApplicationsSubgraph } from '../subgraph';
import { ApplicationsWorld, canonical, type TestPerson, type TestService, type TestSigningKey, startTestCertificationAuthority, VALID_REQUEST } from '../testing/world';

// Monday 2 March 2026, 10:00 in Bishkek: the moment of signing
const clock = { now: new Date('2026-03-02T04:00:00Z') };

let subgraph: TestSubgraph;
let ca: CertificationAuthorityStandin;
let world: ApplicationsWorld;
const PROVIDER = randomUUID();
const OTHER_PROVIDER = randomUUID();
let citizen: TestPerson;
let officer: TestPerson;
let freeService: TestService;
let qualifiedService: TestService;

interface View {
  id: string;
  number: string | null;
  status: string;
  data: Record<string, unknown>;
  result: { number: string; sha256: string; signature: string; signedBy: { id: string } } | null;
}
const FIELDS = 'id number status data result { number sha256 signature signedBy { id } }';
const SAVE_DRAFT = `mutation($input: SaveDraftInput!) { saveDraft(input: $input) { ${FIELDS} } }`;
const SUBMIT = `mutation($input: SubmitApplicationInput!) { submitApplication(input: $input) { ${FIELDS} } }`;
const ACCEPT = `mutation($id: ID!) { acceptApplication(applicationId: $id) { ${FIELDS} } }`;
const DECIDE = `mutation($input: DecideInput!) { decideApplication(input: $input) { ${FIELDS} } }`;
const VERIFY = 'query($number: String!) { verifyDocument(number: $number) { valid number } }';

function ok<T>(result: GraphQLResult<T>): T {
  expect(result.errors).toBeUndefined();
  return result.data!;
}

function expectRefusal(result: GraphQLResult, code: string, problem: string, message: RegExp): void {
  expect(result.errors).toHaveLength(1);
  expect(result.errors![0].extensions).toMatchObject({ code, problem });
  expect(result.errors![0].message).toMatch(message);
}

async function drafted(person: TestPerson, service: TestService): Promise<View> {
  return ok(await world.request<{ saveDraft: View }>(SAVE_DRAFT, { input: { serviceId: service.id, data: VALID_REQUEST } }, person.caller)).saveDraft;
}

async function submission(application: View, service: TestService, key: Pick<TestSigningKey, 'keyId' | 'privateKey'>) {
  return { applicationId: application.id, signature: await world.sign(world.submissionPayload(application, service.id), key.privateKey), signingKeyId: key.keyId };
}

/** A free application of `citizen`, submitted and accepted: waiting for the officer's decision. */
async function inReview(): Promise<View> {
  const application = await drafted(citizen, freeService);
  ok(await world.request(SUBMIT, { input: await submission(application, freeService, citizen) }, citizen.caller));
  return ok(await world.request<{ acceptApplication: View }>(ACCEPT, { id: application.id }, officer.caller)).acceptApplication;
}

async function approval(application: View, key: Pick<TestSigningKey, 'keyId' | 'privateKey'>) {
  const resultDocument = { kind: 'CERTIFICATE', title: 'Адресная справка', applicationNumber: application.number, issuedBy: 'PRV' };
  return { applicationId: application.id, approve: true, resultDocument, signature: await world.sign(canonical(resultDocument), key.privateKey), signingKeyId: key.keyId };
}

beforeAll(async () => {
  const authority = await startTestCertificationAuthority();
  ca = authority.ca;
  subgraph = await startTestSubgraph(createApplicationsSubgraph(authority.settings, { now: () => clock.now }));
  world = new ApplicationsWorld(subgraph, ca);
  [citizen, officer] = await Promise.all([world.citizen('Асанова Айгүл'), world.officer(PROVIDER, 'Азамат Сыдыков')]);
  freeService = await world.service({ providerId: PROVIDER, title: 'Адресная справка' });
  qualifiedService = await world.service({ providerId: PROVIDER, signatureLevel: 'QUALIFIED', title: 'Лицензия' });
  await world.drain();
});

afterAll(async () => {
  await subgraph?.close();
  await ca?.close();
});

describe("an officer's result document (R-33.1) is refused", () => {
  it('signed with a simple key', async () => {
    const application = await inReview();
    const simple = await world.signingKey(officer.id, 'SIMPLE');
    await world.drain();
    const result = await world.request(DECIDE, { input: await approval(application, simple) }, officer.caller);
    expectRefusal(result, 'BAD_USER_INPUT', 'NOT_QUALIFIED', /^Простой ключ .* не может подписать документ-результат: нужна квалифицированная электронная подпись/);
  });

  it("with a qualified key of another provider's officer, or a personal one", async () => {
    const application = await inReview();
    const otherProvider = await world.qualifiedKey(officer, { organization: 'OTHER-MINISTRY' });
    const personal = await world.signingKey(officer.id, 'QUALIFIED', { pin: officer.pin, name: 'Азамат Сыдыков' });
    await world.drain();
    expectRefusal(await world.request(DECIDE, { input: await approval(application, otherProvider) }, officer.caller), 'FORBIDDEN', 'NOT_AN_OFFICER_OF', /не подтверждает, что вы сотрудник поставщика услуг PRV-.*организация в сертификате: OTHER-MINISTRY/);
    expectRefusal(await world.request(DECIDE, { input: await approval(application, personal) }, officer.caller), 'FORBIDDEN', 'NOT_AN_OFFICER_OF', /организация в сертификате: не указана/);
  });

  it("with a certificate issued to someone else (another PIN)", async () => {
    const application = await inReview();
    const strangers = await world.qualifiedKey(officer, { pin: '10106199300086' });
    await world.drain();
    expectRefusal(await world.request(DECIDE, { input: await approval(application, strangers) }, officer.caller), 'FORBIDDEN', 'NOT_THE_SIGNER', /^Сертификат ключа выдан другому лицу/);
  });

  it('with a certificate the authority revoked after the key was registered', async () => {
    const application = await inReview();
    const key = await world.qualifiedKey(officer);
    await world.drain();
    expect(ca.revoke(key.serialNumber!)).toBe(true);
    expectRefusal(await world.request(DECIDE, { input: await approval(application, key) }, officer.caller), 'BAD_USER_INPUT', 'REVOKED', /^Сертификат ключа подписи отозван удостоверяющим центром/);
    expect(ok(await world.request<{ application: View }>(`query($id: ID!) { application(id: $id) { ${FIELDS} } }`, { id: application.id }, officer.caller)).application.status).toBe('IN_REVIEW');
  });

  it('with a certificate that expired before the moment of signing', async () => {
    const application = await inReview();
    const key = await world.qualifiedKey(officer, { notAfter: new Date('2026-03-01T00:00:00Z') });
    await world.drain();
    expectRefusal(await world.request(DECIDE, { input: await approval(application, key) }, officer.caller), 'BAD_USER_INPUT', 'EXPIRED', /^Срок действия сертификата ключа подписи истёк 2026-03-01/);
  });

  it('with a qualified key whose certificate chain the projection never received (registered before chains were carried)', async () => {
    const application = await inReview();
    const key = await world.qualifiedKey(officer);
    const legacyId = randomUUID();
    await publishTestEvent(subgraph.databaseUrl, 'SigningKeyRegistered', { type: 'SigningKey', id: legacyId, version: 1 }, {
      keyId: legacyId,
      userId: officer.id,
      level: 'QUALIFIED',
      publicKeyJwk: key.publicKeyJwk,
      certificateSubject: 'CN=Азамат Сыдыков, C=KG',
    });
    await world.drain();
    expectRefusal(await world.request(DECIDE, { input: await approval(application, { keyId: legacyId, privateKey: key.privateKey }) }, officer.caller), 'BAD_USER_INPUT', 'NO_CERTIFICATE', /не сохранена цепочка сертификатов/);
  });

  it('with an x5c header naming another certificate than the registered one', async () => {
    const application = await inReview();
    const key = await world.qualifiedKey(officer);
    const other = await world.qualifiedKey(officer);
    await world.drain();
    const input = await approval(application, key);
    const x5c = [Buffer.from(other.chainPem![0].replace(/-----(BEGIN|END) CERTIFICATE-----|\s/g, ''), 'base64').toString('base64')];
    const signature = await new CompactSign(new TextEncoder().encode(canonical(input.resultDocument))).setProtectedHeader({ alg: 'ES256', x5c }).sign(key.privateKey);
    const result = await world.request(DECIDE, { input: { ...input, signature } }, officer.caller);
    expect(result.errors?.[0]).toMatchObject({ message: expect.stringMatching(/x5c header .* is not the one registered/), extensions: { code: 'BAD_USER_INPUT' } });
  });
});

describe("a citizen's qualified signature of a QUALIFIED service is refused", () => {
  it("in the citizen's language: expired, someone else's, revoked", async () => {
    const application = await drafted(citizen, qualifiedService);
    const expired = await world.qualifiedKey(citizen, { notAfter: new Date('2026-02-01T00:00:00Z') });
    const strangers = await world.qualifiedKey(citizen, { pin: '20308198500017' });
    const revoked = await world.qualifiedKey(citizen);
    await world.drain();
    ca.revoke(revoked.serialNumber!);
    expectRefusal(await world.request(SUBMIT, { input: await submission(application, qualifiedService, expired) }, citizen.caller), 'BAD_USER_INPUT', 'EXPIRED', /мөөнөтү 2026-02-01 бүттү/);
    expectRefusal(await world.request(SUBMIT, { input: await submission(application, qualifiedService, strangers) }, citizen.caller), 'FORBIDDEN', 'NOT_THE_SIGNER', /башка адамга берилген/);
    expectRefusal(await world.request(SUBMIT, { input: await submission(application, qualifiedService, revoked) }, citizen.caller), 'BAD_USER_INPUT', 'REVOKED', /кайтарып алган/);
  });

  it('but a simple key keeps working for a SIMPLE service', async () => {
    const application = await drafted(citizen, freeService);
    expect(ok(await world.request<{ submitApplication: View }>(SUBMIT, { input: await submission(application, freeService, citizen) }, citizen.caller)).submitApplication.status).toBe('SUBMITTED');
  });
});

describe('accepted', () => {
  it("a valid qualified key of the provider's officer signs the result, and the document verifies", async () => {
    const application = await inReview();
    const approved = ok(await world.request<{ decideApplication: View }>(DECIDE, { input: await approval(application, officer) }, officer.caller)).decideApplication;
    expect(approved.status).toBe('APPROVED');
    expect(approved.result).toMatchObject({ signedBy: { id: officer.id }, number: expect.stringMatching(/^DOC-/) });
    expect(ok(await world.request<{ verifyDocument: { valid: boolean } }>(VERIFY, { number: approved.result!.number })).verifyDocument.valid).toBe(true);
  });

  it("a citizen's valid qualified key (also through an intermediate CA) for a QUALIFIED service", async () => {
    const application = await drafted(citizen, qualifiedService);
    const key = await world.qualifiedKey(citizen, { viaIntermediate: true });
    await world.drain();
    expect(ok(await world.request<{ submitApplication: View }>(SUBMIT, { input: await submission(application, qualifiedService, key) }, citizen.caller)).submitApplication.status).toBe('SUBMITTED');
  });
});

describe('when the revocation list cannot be obtained', () => {
  it('refuses the qualified signature (fail closed) with CONFLICT, and nothing changes', async () => {
    const application = await inReview();
    const input = await approval(application, officer);
    await ca.close();
    const result = await world.request(DECIDE, { input }, officer.caller);
    expectRefusal(result, 'CONFLICT', 'REVOCATION_UNKNOWN', /^Не удалось проверить, не отозван ли сертификат ключа \(the revocation list at http:\/\/127\.0\.0\.1:\d+\/crl could not be fetched/);
    expect(ok(await world.request<{ application: View }>(`query($id: ID!) { application(id: $id) { ${FIELDS} } }`, { id: application.id }, officer.caller)).application.status).toBe('IN_REVIEW');
  });
});

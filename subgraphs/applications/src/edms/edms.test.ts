import { randomUUID } from 'node:crypto';
import { EDMS_JWKS_PATH, EDMS_UPDATES_PATH } from '@portal/edms';
import { captureLogs, type Caller, type GraphQLResult, startTestSubgraph, type TestSubgraph, waitUntil } from '@portal/kit';
import { type CertificationAuthorityStandin, type EdmsStandin, startEdmsStandin } from '@portal/standins';
import { createApplicationsSubgraph } from '../subgraph';
import { ApplicationsWorld, providerCodeOf, startTestCertificationAuthority, type TestPerson, type TestService, VALID_REQUEST } from '../testing/world';

const EDMS_PROVIDER = randomUUID();
const PORTAL_PROVIDER = randomUUID();
const DEAD_PROVIDER = randomUUID();

let subgraph: TestSubgraph;
let ca: CertificationAuthorityStandin;
let edms: EdmsStandin;
let world: ApplicationsWorld;
let citizen: TestPerson;
let officer: TestPerson;
let otherOfficer: TestPerson;
let edmsService: TestService;
let portalService: TestService;
let deadService: TestService;
const OPERATOR: Partial<Caller> = { userId: randomUUID(), roles: ['OPERATOR'] };

interface Delivery {
  id: string;
  status: string;
  attempts: number;
  lastError: string | null;
  deliveredAt: string | null;
  acknowledgedAt: string | null;
  overdue: boolean;
}
interface View {
  id: string;
  number: string | null;
  status: string;
  data: Record<string, unknown>;
  providerDelivery: Delivery | null;
  history: Array<{ to: string; actor: { id: string } | null; reason: string | null }>;
  result: { number: string; signedBy: { id: string } } | null;
}
const FIELDS = 'id number status data providerDelivery { id status attempts lastError deliveredAt acknowledgedAt overdue } history { to actor { id } reason } result { number signedBy { id } }';

function ok<T>(result: GraphQLResult<T>): T {
  expect(result.errors).toBeUndefined();
  return result.data!;
}

async function view(id: string, caller: Partial<Caller> = officer.caller): Promise<View> {
  return ok(await world.request<{ application: View }>(`query($id: ID!) { application(id: $id) { ${FIELDS} } }`, { id }, caller)).application;
}

async function submitted(service: TestService = edmsService): Promise<View> {
  const draft = ok(await world.request<{ saveDraft: View }>(`mutation($input: SaveDraftInput!) { saveDraft(input: $input) { id data } }`, { input: { serviceId: service.id, data: VALID_REQUEST } }, citizen.caller)).saveDraft;
  const signature = await world.sign(world.submissionPayload(draft, service.id), citizen.privateKey);
  return ok(
    await world.request<{ submitApplication: View }>(
      `mutation($input: SubmitApplicationInput!) { submitApplication(input: $input) { ${FIELDS} } }`,
      { input: { applicationId: draft.id, signature, signingKeyId: citizen.keyId } },
      citizen.caller,
    ),
  ).submitApplication;
}

async function deliveryUntil(id: string, what: string, check: (delivery: Delivery) => boolean, caller: Partial<Caller> = officer.caller): Promise<Delivery> {
  let last: Delivery | null = null;
  await waitUntil(async () => {
    const result = await world.request<{ application: { providerDelivery: Delivery | null } }>(
      `query($id: ID!) { application(id: $id) { providerDelivery { id status attempts lastError deliveredAt acknowledgedAt overdue } } }`,
      { id },
      caller,
    );
    last = ok(result).application.providerDelivery;
    return last !== null && check(last);
  }, what);
  return last!;
}

const acknowledged = (id: string) => deliveryUntil(id, 'the delivery is acknowledged', (delivery) => delivery.status === 'ACKNOWLEDGED');

async function refusals(): Promise<Array<{ problem: string; update_id: string | null }>> {
  return subgraph.orm.em.fork().execute(`select problem, update_id from applications.provider_update_refusal order by received_at`);
}

beforeAll(async () => {
  const authority = await startTestCertificationAuthority();
  ca = authority.ca;
  subgraph = await startTestSubgraph(
    createApplicationsSubgraph({
      ...authority.settings,
      EDMS_RETRY_INITIAL_MS: 50,
      EDMS_RETRY_MAX_MS: 200,
      EDMS_DELIVERY_TIMEOUT_MS: 300,
      EDMS_POLL_MS: 50,
      EDMS_DELIVERY_MAX_ATTEMPTS: 4,
    }),
  );
  world = new ApplicationsWorld(subgraph, ca);
  [citizen, officer, otherOfficer] = await Promise.all([world.citizen('Асанова Айгүл'), world.officer(EDMS_PROVIDER, 'Талант Осмонов'), world.officer(PORTAL_PROVIDER, 'Азамат Сыдыков')]);
  edms = await startEdmsStandin({ port: 0, providerCode: providerCodeOf(EDMS_PROVIDER), certificationAuthorityUrl: ca.url, defaultSigner: { pin: officer.pin, name: 'Талант Осмонов' } });
  edms.usePortal({ updatesUrl: `${subgraph.url}${EDMS_UPDATES_PATH}`, jwksUrl: `${subgraph.url}${EDMS_JWKS_PATH}` });
  edmsService = await world.service({ providerId: EDMS_PROVIDER, title: 'Справка об отсутствии задолженности' });
  portalService = await world.service({ providerId: PORTAL_PROVIDER, title: 'Адресная справка' });
  deadService = await world.service({ providerId: DEAD_PROVIDER, title: 'Лицензия' });
  await world.providerChannel(EDMS_PROVIDER, edms.deliveriesUrl, edms.publicJwk as Record<string, unknown>);
  await world.providerChannel(DEAD_PROVIDER, 'http://127.0.0.1:9/deliveries', edms.publicJwk as Record<string, unknown>);
  await world.drain();
});

afterAll(async () => {
  await subgraph?.close();
  await edms?.close();
  await ca?.close();
});

beforeEach(() => edms.setMode('normal'));

describe('who sees a delivery', () => {
  it("another provider's officer is refused the application; the applicant sees the state without the error; the operator sees it all", async () => {
    const application = await submitted();
    await acknowledged(application.id);
    const refused = await world.request(`query($id: ID!) { application(id: $id) { id providerDelivery { status } } }`, { id: application.id }, otherOfficer.caller);
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const own = await view(application.id, citizen.caller);
    expect(own.providerDelivery).toMatchObject({ status: 'ACKNOWLEDGED', lastError: null });
    const operator = ok(await world.request<{ application: { providerDelivery: Delivery } }>(`query($id: ID!) { application(id: $id) { providerDelivery { status attempts } } }`, { id: application.id }, OPERATOR));
    expect(operator.application.providerDelivery).toMatchObject({ status: 'ACKNOWLEDGED', attempts: 1 });
  });

  it('the overdue list is for the operator and officers only', async () => {
    const result = await world.request(`{ overdueProviderDeliveries { id } }`, {}, citizen.caller);
    expect(result.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('an application to a provider working in the portal has no delivery', async () => {
    const application = await submitted(portalService);
    await world.drain();
    expect((await view(application.id, otherOfficer.caller)).providerDelivery).toBeNull();
  });
});

describe('delivery to the EDMS', () => {
  it('is signed by the portal (verified with its published key), carries the applicant signature, and is acknowledged with its id', async () => {
    const application = await submitted();
    expect(application.providerDelivery).toMatchObject({ status: 'PENDING', attempts: 0 });
    const delivery = await acknowledged(application.id);
    expect(delivery).toMatchObject({ attempts: 1, lastError: null, overdue: false });
    const received = edms.received().find((entry) => entry.applicationId === application.id)!;
    expect(received).toMatchObject({ deliveryId: delivery.id, applicationNumber: application.number, timesReceived: 1 });
    expect(received.document.application).toMatchObject({ data: application.data, providerCode: providerCodeOf(EDMS_PROVIDER), applicant: { id: citizen.id, pin: citizen.pin } });
    expect(received.document.applicantSignature).toMatchObject({ signingKeyId: citizen.keyId, publicKeyJwk: { x: citizen.publicKeyJwk.x } });
    expect(received.document.registryDocuments).toEqual([]);
    // handing the applicant's data to the provider's system is logged for the applicant, once
    const reads = await subgraph.orm.em.fork().execute<Array<{ payload: Record<string, unknown> }>>(
      `select payload from applications.outbox where type = 'PersonalDataRead' and payload->>'applicationId' = ? and payload->>'operation' = 'edmsDelivery'`,
      [application.id],
    );
    expect(reads.map((row) => row.payload)).toEqual([expect.objectContaining({ subjectUserId: citizen.id, actorUserId: null, actorProviderId: EDMS_PROVIDER, fields: ['pin', 'fullName', 'application.data'] })]);
  });

  it('answered 500 is retried until the EDMS is back, and delivered once', async () => {
    edms.setMode('error');
    const application = await submitted();
    await deliveryUntil(application.id, 'two failed attempts', (delivery) => delivery.attempts >= 2);
    const failing = (await view(application.id)).providerDelivery!;
    expect(failing).toMatchObject({ status: 'PENDING', lastError: expect.stringContaining('HTTP 500') });
    edms.setMode('normal');
    await acknowledged(application.id);
    expect(edms.received().filter((entry) => entry.applicationId === application.id)).toHaveLength(1);
  });

  it('timing out is retried', async () => {
    edms.setMode('timeout');
    const application = await submitted();
    await deliveryUntil(application.id, 'a timed-out attempt', (delivery) => (delivery.lastError ?? '').includes('did not answer within 300 ms'));
    edms.setMode('normal');
    await acknowledged(application.id);
  });

  it('acknowledged with a wrong delivery id stays DELIVERED, is retried and logged, then acknowledged with the right one', async () => {
    edms.setMode('wrong-ack');
    const logs = captureLogs();
    const application = await submitted();
    const delivered = await deliveryUntil(application.id, 'a wrongly acknowledged attempt', (delivery) => delivery.status === 'DELIVERED');
    expect(delivered).toMatchObject({ deliveredAt: expect.any(String), acknowledgedAt: null, lastError: expect.stringContaining(`not ${delivered.id}`) });
    logs.stop();
    expect(logs.lines.some((line) => line.level === 'warn' && JSON.stringify(line).includes('edms_wrong_acknowledgement'))).toBe(true);
    edms.setMode('normal');
    await acknowledged(application.id);
    expect(edms.received().find((entry) => entry.applicationId === application.id)!.timesReceived).toBeGreaterThanOrEqual(2);
  });

  it('to an EDMS that cannot be reached is FAILED after the cap, and listed for the operator once overdue', async () => {
    const application = await submitted(deadService);
    const failed = await deliveryUntil(application.id, 'the delivery gives up', (delivery) => delivery.status === 'FAILED', OPERATOR);
    expect(failed).toMatchObject({ attempts: 4, lastError: expect.stringContaining('Gave up after 4 attempts') });
    // an hour later (EDMS_ACK_OVERDUE_SECONDS) it is overdue
    await subgraph.orm.em.fork().execute(`update applications.provider_delivery set created_at = created_at - interval '2 hours' where id = ?`, [failed.id]);
    const listed = ok(await world.request<{ overdueProviderDeliveries: Array<{ id: string; status: string; overdue: boolean; applicationNumber: string }> }>(`{ overdueProviderDeliveries { id status overdue applicationNumber } }`, {}, OPERATOR));
    expect(listed.overdueProviderDeliveries).toContainEqual({ id: failed.id, status: 'FAILED', overdue: true, applicationNumber: application.number });
    const metrics = await (await fetch(`${subgraph.url}/metrics`)).text();
    expect(metrics).toMatch(/edms_deliveries_overdue\{[^}]*\} [1-9]/);
  });
});

describe('a provider moved back to the portal', () => {
  it('ends its pending deliveries as FAILED, saying why', async () => {
    const movedProvider = randomUUID();
    const movedService = await world.service({ providerId: movedProvider, title: 'Разрешение' });
    await world.providerChannel(movedProvider, edms.deliveriesUrl, edms.publicJwk as Record<string, unknown>);
    await world.drain();
    edms.setMode('error');
    const application = await submitted(movedService);
    await deliveryUntil(application.id, 'a failed attempt', (delivery) => delivery.attempts >= 1, OPERATOR);
    await world.providerChannel(movedProvider, null, null, 2);
    const failed = await deliveryUntil(application.id, 'the delivery ends', (delivery) => delivery.status === 'FAILED', OPERATOR);
    expect(failed.lastError).toContain('no longer served through its EDMS');
  });
});

describe('status updates from the EDMS', () => {
  it('accepted then decided with a qualified result document: applied through the transition table, each once', async () => {
    const application = await submitted();
    const delivery = await acknowledged(application.id);
    const accepted = await edms.sendUpdate({ deliveryId: delivery.id, kind: 'ACCEPTED' });
    expect(accepted).toMatchObject({ httpStatus: 200, answer: { applied: 'ACCEPTED', applicationStatus: 'IN_REVIEW' } });
    // the same update again: the same answer, no second transition
    const again = await edms.sendUpdate({ deliveryId: delivery.id, kind: 'ACCEPTED', updateId: accepted.update.updateId, sequence: 1, issuedAt: accepted.update.issuedAt });
    expect(again).toMatchObject({ httpStatus: 200, answer: accepted.answer });
    const decided = await edms.sendUpdate({ deliveryId: delivery.id, kind: 'DECIDED' });
    expect(decided).toMatchObject({ httpStatus: 200, answer: { applied: 'DECIDED', applicationStatus: 'APPROVED' } });
    const after = await view(application.id);
    expect(after.status).toBe('APPROVED');
    expect(after.history.map((change) => change.to)).toEqual(['SUBMITTED', 'IN_REVIEW', 'APPROVED']);
    expect(after.result?.signedBy.id).toBe(officer.id);
    const verified = ok(await world.request<{ verifyDocument: { valid: boolean } }>('query($number: String!) { verifyDocument(number: $number) { valid } }', { number: after.result!.number }, citizen.caller));
    expect(verified.verifyDocument.valid).toBe(true);
  });

  it('rejected with a reason', async () => {
    const application = await submitted();
    const delivery = await acknowledged(application.id);
    const rejected = await edms.sendUpdate({ deliveryId: delivery.id, kind: 'REJECTED', reason: 'Не приложена справка с места жительства' });
    expect(rejected).toMatchObject({ httpStatus: 200, answer: { applicationStatus: 'REJECTED' } });
    const after = await view(application.id, citizen.caller);
    expect(after.history[after.history.length - 1]).toMatchObject({ to: 'REJECTED', actor: null, reason: 'Не приложена справка с места жительства' });
  });

  it('forged (another key), for another application, replayed with other content, stale or out of order: refused, logged, nothing changed', async () => {
    const application = await submitted();
    const other = await submitted();
    const delivery = await acknowledged(application.id);
    await acknowledged(other.id);
    const before = await refusals();

    const forged = await edms.sendUpdate({ deliveryId: delivery.id, kind: 'ACCEPTED', signWithUnknownKey: true });
    expect(forged).toMatchObject({ httpStatus: 401, answer: { error: 'INVALID_SIGNATURE' } });
    const wrongApplication = await edms.sendUpdate({ deliveryId: delivery.id, kind: 'ACCEPTED', applicationId: other.id });
    expect(wrongApplication).toMatchObject({ httpStatus: 403, answer: { error: 'WRONG_APPLICATION' } });
    const stale = await edms.sendUpdate({ deliveryId: delivery.id, kind: 'ACCEPTED', issuedAt: new Date(Date.now() - 3_600_000).toISOString() });
    expect(stale).toMatchObject({ httpStatus: 400, answer: { error: 'STALE_UPDATE', message: expect.stringContaining('stale or replayed') } });
    const decidedFirst = await edms.sendUpdate({ deliveryId: delivery.id, kind: 'DECIDED', decision: 'REFUSED', reason: 'Нет оснований' });
    expect(decidedFirst).toMatchObject({ httpStatus: 409, answer: { error: 'TRANSITION_REFUSED', message: expect.stringContaining('IN_REVIEW') } });
    const skipped = await edms.sendUpdate({ deliveryId: delivery.id, kind: 'ACCEPTED', sequence: 3 });
    expect(skipped).toMatchObject({ httpStatus: 409, answer: { error: 'OUT_OF_ORDER', message: expect.stringContaining('expected sequence 1') } });
    expect((await view(application.id)).status).toBe('SUBMITTED');

    const accepted = await edms.sendUpdate({ deliveryId: delivery.id, kind: 'ACCEPTED' });
    expect(accepted.httpStatus).toBe(200);
    const replayed = await edms.sendUpdate({ deliveryId: delivery.id, kind: 'REJECTED', reason: 'другое содержание', updateId: accepted.update.updateId, sequence: 2 });
    expect(replayed).toMatchObject({ httpStatus: 409, answer: { error: 'REPLAYED' } });
    const old = await edms.sendUpdate({ deliveryId: delivery.id, kind: 'ACCEPTED', sequence: 1 });
    expect(old).toMatchObject({ httpStatus: 409, answer: { error: 'OUT_OF_ORDER', message: expect.stringContaining('already applied') } });
    expect((await view(application.id)).history.map((change) => change.to)).toEqual(['SUBMITTED', 'IN_REVIEW']);
    expect((await view(other.id)).status).toBe('SUBMITTED');

    const logged = (await refusals()).slice(before.length).map((row) => row.problem);
    expect(logged).toEqual(['INVALID_SIGNATURE', 'WRONG_APPLICATION', 'STALE_UPDATE', 'TRANSITION_REFUSED', 'OUT_OF_ORDER', 'REPLAYED', 'OUT_OF_ORDER']);
  });

  it('a decision whose certificate is not of one of the provider\'s officers is refused', async () => {
    const application = await submitted();
    const delivery = await acknowledged(application.id);
    expect((await edms.sendUpdate({ deliveryId: delivery.id, kind: 'ACCEPTED' })).httpStatus).toBe(200);
    const stranger = await edms.sendUpdate({ deliveryId: delivery.id, kind: 'DECIDED', signer: { pin: '10106199300086', name: 'Чужой Человек' } });
    expect(stranger).toMatchObject({ httpStatus: 422, answer: { error: 'UNKNOWN_SIGNER' } });
    expect((await view(application.id)).status).toBe('IN_REVIEW');
  });

  it('an unknown delivery id and a body that is not a JWS are refused', async () => {
    const unknown = await fetch(`${subgraph.url}${EDMS_UPDATES_PATH}`, { method: 'POST', body: 'not-a-jws' });
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({ error: 'MALFORMED' });
  });

  it('the portal publishes its delivery key', async () => {
    const response = await fetch(`${subgraph.url}${EDMS_JWKS_PATH}`);
    const jwks = (await response.json()) as { keys: Array<Record<string, unknown>> };
    expect(jwks.keys).toEqual([expect.objectContaining({ kty: 'EC', crv: 'P-256', kid: 'portal-edms-1', alg: 'ES256' })]);
    expect(jwks.keys[0]).not.toHaveProperty('d');
  });
});

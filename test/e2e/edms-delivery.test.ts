import { DEMO_PROVIDERS } from '@portal/kit';
import { startTestPlatform, type TestPlatform } from '../support/platform';
import { registerSimpleSigner, type Signer } from '../support/signing';
import { subscribe, type Subscriber } from '../support/subscriptions';

// the State Tax Service is served through the EDMS stand-in (platform launcher); its free certificate, SIMPLE signature
const NO_TAX_ARREARS = '7c1e2d3a-4b5c-4d6e-8f70-000000000503';

const CONFIGURE = `mutation($id: ID!, $url: String!, $jwk: JSON!) { configureProviderEdms(providerId: $id, endpointUrl: $url, publicKeyJwk: $jwk) { code channel } }`;
const DELIVERY = `query($id: ID!) { application(id: $id) { id status number providerDelivery { id status attempts lastError acknowledgedAt overdue } } }`;
const STATUS_UPDATES = 'subscription { myApplicationUpdates { from to application { id status } } }';

describe('a provider served through its EDMS, through the gateway', () => {
  let platform: TestPlatform;
  let citizen: string;
  let stsOfficer: string;
  let operator: string;
  let signer: Signer;
  let updates: Subscriber;
  let notices: Subscriber;

  beforeAll(async () => {
    platform = await startTestPlatform({ env: { EDMS_RETRY_INITIAL_MS: '100', EDMS_RETRY_MAX_MS: '400', EDMS_POLL_MS: '100', EDMS_DELIVERY_TIMEOUT_MS: '2000' } });
    citizen = await platform.login('aigul@example.kg', 'Citizen2026!');
    stsOfficer = await platform.login('officer.sts@portal.kg', 'Officer2026!');
    operator = await platform.login('operator@portal.kg', 'Operator2026!');
    signer = await registerSimpleSigner(platform, citizen);
    await platform.settle();
    updates = subscribe(platform.gatewayUrl, STATUS_UPDATES, { token: citizen });
    notices = subscribe(platform.gatewayUrl, 'subscription { notificationAdded { id type title(lang: RU) } }', { token: citizen });
    await new Promise((resolve) => setTimeout(resolve, 300)); // let the subscriptions register
  });

  afterAll(async () => {
    await Promise.all([updates, notices].map((s) => s?.dispose()));
    await platform?.close();
  });

  async function submitted(): Promise<{ id: string; number: string }> {
    const { saveDraft } = await platform.ok(
      'mutation($input: SaveDraftInput!) { saveDraft(input: $input) { id data } }',
      { input: { serviceId: NO_TAX_ARREARS, data: { taxpayerKind: 'individual', purpose: 'bank' } } },
      citizen,
    );
    const signature = await signer.sign({ applicationId: saveDraft.id, serviceId: NO_TAX_ARREARS, data: saveDraft.data });
    const { submitApplication } = await platform.ok(
      'mutation($input: SubmitApplicationInput!) { submitApplication(input: $input) { id number status } }',
      { input: { applicationId: saveDraft.id, signature, signingKeyId: signer.keyId } },
      citizen,
    );
    return submitApplication;
  }

  const delivery = async (id: string, token = stsOfficer) => (await platform.ok(DELIVERY, { id }, token)).application;

  async function edmsUpdate(body: Record<string, unknown>) {
    const response = await fetch(`${platform.edms.url}/test/updates`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(response.status).toBe(200);
    return (await response.json()) as { httpStatus: number; answer: Record<string, unknown> };
  }

  describe('configureProviderEdms is for the operator only', () => {
    it.each([
      ['anonymous', undefined, 'UNAUTHENTICATED'],
      ['a citizen', 'citizen', 'FORBIDDEN'],
      ["the provider's officer", 'officer', 'FORBIDDEN'],
    ])('refuses %s at the gateway', async (_who, who, code) => {
      const token = who === 'citizen' ? citizen : who === 'officer' ? stsOfficer : undefined;
      const result = await platform.gql(CONFIGURE, { id: DEMO_PROVIDERS.STS, url: 'https://edms.example.kg/in', jwk: platform.edms.publicJwk }, { token });
      expect(result.errors?.[0].extensions?.code).toBe(code);
      const { providers } = await platform.ok('{ providers { code channel } }');
      expect(providers.find((p: { code: string }) => p.code === 'STS').channel).toBe('EDMS');
    });

    it('refuses a private key from the operator with a clear message', async () => {
      const result = await platform.gql(CONFIGURE, { id: DEMO_PROVIDERS.STS, url: platform.edms.deliveriesUrl, jwk: { ...platform.edms.publicJwk, d: 'c2VjcmV0' } }, { token: operator });
      expect(result.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringContaining('private key material') });
    });
  });

  it('delivered, acknowledged, accepted and decided by the EDMS; the citizen sees each step live and gets the notices', async () => {
    const application = await submitted();
    const acknowledged = await platform.until(() => delivery(application.id), (a) => a.providerDelivery?.status === 'ACKNOWLEDGED', 'the delivery is acknowledged');
    expect(acknowledged.providerDelivery).toMatchObject({ attempts: 1, lastError: null, overdue: false });
    const received = platform.edms.received().find((entry) => entry.applicationId === application.id)!;
    expect(received).toMatchObject({ deliveryId: acknowledged.providerDelivery.id, applicationNumber: application.number, timesReceived: 1 });
    // the once-only document came with it, as fetched through Tunduk (its message-log id included)
    expect(received.document.registryDocuments).toEqual([expect.objectContaining({ code: 'taxpayer-record', status: 'FETCHED', messageId: expect.any(String), data: expect.anything() })]);

    const accepted = await edmsUpdate({ applicationNumber: application.number, kind: 'ACCEPTED' });
    expect(accepted).toMatchObject({ httpStatus: 200, answer: { applicationStatus: 'IN_REVIEW' } });
    await updates.waitFor((events) => events.some((e) => e.myApplicationUpdates.application.id === application.id && e.myApplicationUpdates.to === 'IN_REVIEW'));

    const decided = await edmsUpdate({ applicationNumber: application.number, kind: 'DECIDED' });
    expect(decided).toMatchObject({ httpStatus: 200, answer: { applicationStatus: 'APPROVED' } });
    await updates.waitFor((events) => events.some((e) => e.myApplicationUpdates.application.id === application.id && e.myApplicationUpdates.to === 'APPROVED'));
    const mine = updates.events.filter((e) => e.myApplicationUpdates.application.id === application.id).map((e) => e.myApplicationUpdates.to);
    expect(mine).toEqual(['SUBMITTED', 'IN_REVIEW', 'APPROVED']);

    const { application: result } = await platform.ok('query($id: ID!) { application(id: $id) { status result { number signedBy { id fullName } } } }', { id: application.id }, citizen);
    expect(result).toMatchObject({ status: 'APPROVED', result: { signedBy: { fullName: 'Talant Osmonov' } } });
    const { verifyDocument } = await platform.ok('query($n: String!) { verifyDocument(number: $n) { valid } }', { n: result.result.number });
    expect(verifyDocument.valid).toBe(true);
    await platform.until(async () => notices.events.length, (count) => count >= 3, 'a notice for each step');

    // an update numbered as an old one is refused, and changes nothing
    const old = await fetch(`${platform.edms.url}/test/updates`, {
      method: 'POST',
      body: JSON.stringify({ applicationNumber: application.number, kind: 'ACCEPTED', sequence: 1 }),
    });
    expect(((await old.json()) as { httpStatus: number }).httpStatus).toBe(409);
    expect((await delivery(application.id)).status).toBe('APPROVED');
  });

  it('the EDMS down for a while, then back: delivered once', async () => {
    await fetch(`${platform.edms.url}/test/mode`, { method: 'POST', body: JSON.stringify({ mode: 'error' }) });
    const application = await submitted();
    const failing = await platform.until(() => delivery(application.id, operator), (a) => (a.providerDelivery?.attempts ?? 0) >= 2, 'two failed attempts');
    expect(failing.providerDelivery).toMatchObject({ status: 'PENDING', lastError: expect.stringContaining('HTTP 500') });
    await fetch(`${platform.edms.url}/test/mode`, { method: 'POST', body: JSON.stringify({ mode: 'normal' }) });
    await platform.until(() => delivery(application.id, operator), (a) => a.providerDelivery?.status === 'ACKNOWLEDGED', 'the delivery is acknowledged once the EDMS is back');
    expect(platform.edms.received().filter((entry) => entry.applicationId === application.id)).toEqual([expect.objectContaining({ timesReceived: 1 })]);
  });
});

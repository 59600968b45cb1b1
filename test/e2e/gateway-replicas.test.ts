import type { RunningGateway } from '@portal/gateway';
import { startGatewayReplica, startTestPlatform, type TestPlatform } from '../support/platform';
import { registerSimpleSigner } from '../support/signing';
import { subscribe } from '../support/subscriptions';

const NO_CRIMINAL_RECORD = '7c1e2d3a-4b5c-4d6e-8f70-000000000101';

describe('several gateway replicas on one database', () => {
  let platform: TestPlatform;
  let second: RunningGateway;

  beforeAll(async () => {
    platform = await startTestPlatform();
    second = await startGatewayReplica(platform);
  });
  afterAll(async () => {
    await second?.close();
    await platform?.close();
  });

  it("each replica delivers every event to its own subscribers, and a token from one is honoured by the other", async () => {
    const citizen = await platform.login('aigul@example.kg', 'Citizen2026!');
    const officer = await platform.login('officer.mvd@portal.kg', 'Officer2026!');
    const query = 'subscription { myApplicationUpdates { to application { id number } } }';
    const onFirst = subscribe(platform.gatewayUrl, query, { token: citizen });
    const onSecond = subscribe(second.url, query, { token: citizen });
    const officerOnSecond = subscribe(second.url, 'subscription { providerQueueUpdates { to application { id } } }', { token: officer });
    await new Promise((resolve) => setTimeout(resolve, 300));

    const signer = await registerSimpleSigner(platform, citizen);
    await platform.settle();
    const draft = await platform.gql('mutation($i: SaveDraftInput!) { saveDraft(input: $i) { id data } }', { i: { serviceId: NO_CRIMINAL_RECORD, data: { purpose: 'employment' } } }, { token: citizen });
    const { id, data } = draft.data.saveDraft;
    const signature = await signer.sign({ applicationId: id, serviceId: NO_CRIMINAL_RECORD, data });
    const submitted = await fetch(second.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${citizen}` },
      body: JSON.stringify({ query: 'mutation($i: SubmitApplicationInput!) { submitApplication(input: $i) { status } }', variables: { i: { applicationId: id, signature, signingKeyId: signer.keyId } } }),
    });
    expect(((await submitted.json()) as { data: { submitApplication: { status: string } } }).data.submitApplication.status).toBe('SUBMITTED');
    await platform.gql('mutation($id: ID!) { acceptApplication(applicationId: $id) { status } }', { id }, { token: officer });

    for (const subscriber of [onFirst, onSecond]) {
      const events = await subscriber.waitFor((all) => all.filter((e) => e.myApplicationUpdates.application.id === id).length >= 2);
      expect(events.filter((e) => e.myApplicationUpdates.application.id === id).map((e) => e.myApplicationUpdates.to)).toEqual(['SUBMITTED', 'IN_REVIEW']);
    }
    await officerOnSecond.waitFor((all) => all.some((e) => e.providerQueueUpdates.application.id === id && e.providerQueueUpdates.to === 'IN_REVIEW'));
    await Promise.all([onFirst, onSecond, officerOnSecond].map((s) => s.dispose()));
  });
});

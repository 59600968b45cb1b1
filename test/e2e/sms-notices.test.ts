import { type JourneyNotice as Notice, NO_CRIMINAL_RECORD, noticesOf, submitApplication } from '../support/journey';
import { errorCodes, startTestPlatform, type TestPlatform } from '../support/platform';
import { registerSimpleSigner, type Signer } from '../support/signing';
import { SmppPeer } from '../support/smpp-peer';

describe('notices by SMS, through the gateway, to an SMPP server the test runs', () => {
  let platform: TestPlatform;
  let peer: SmppPeer;
  let citizen: string;
  let otherCitizen: string;
  let mvdOfficer: string;
  let citizenSigner: Signer;

  beforeAll(async () => {
    peer = new SmppPeer();
    await peer.start();
    platform = await startTestPlatform({
      env: {
        SMPP_URL: peer.url,
        SMS_SENDER_ID: 'Gosportal',
        DELIVERY_POLL_MS: '100',
        DELIVERY_RETRY_INITIAL_DELAY_MS: '200',
        DELIVERY_RETRY_MAX_DELAY_MS: '400',
        DELIVERY_MAX_ATTEMPTS: '50',
        SMPP_TIMEOUT_MS: '3000',
      },
    });
    // Aigul reads Kyrgyz (demo account) and has the phone +996700100101 on her account
    citizen = await platform.login('aigul@example.kg', 'Citizen2026!');
    otherCitizen = await platform.login('bakyt@example.kg', 'Citizen2026!');
    mvdOfficer = await platform.login('officer.mvd@portal.kg', 'Officer2026!');
    citizenSigner = await registerSimpleSigner(platform, citizen);
    await platform.settle();
  });

  afterAll(async () => {
    await platform?.close();
    await peer?.stop();
  });

  const sms = (notice: Notice) => notice.deliveries.find((d) => d.channel === 'SMS');

  it('lets nobody signed out choose SMS', async () => {
    const anonymous = await platform.gql('mutation { updateNotificationPreferences(input: { channels: [CABINET, SMS] }) { channels } }');
    expect(errorCodes(anonymous)).toEqual(['UNAUTHENTICATED']);
  });

  it('texts every notice of a short journey once, in Kyrgyz, with the number, and records them DELIVERED by the receipts', async () => {
    const chosen = await platform.ok('mutation { updateNotificationPreferences(input: { channels: [CABINET, SMS] }) { channels } }', {}, citizen);
    expect(chosen.updateNotificationPreferences.channels).toEqual(['CABINET', 'SMS']);

    const submitted = await submitApplication(platform, { token: citizen, signer: citizenSigner }, NO_CRIMINAL_RECORD, { purpose: 'employment' });
    await platform.ok('mutation($id: ID!) { acceptApplication(applicationId: $id) { status } }', { id: submitted.id }, mvdOfficer);

    const types = ['APPLICATION_SUBMITTED', 'APPLICATION_ACCEPTED'];
    const notices: Notice[] = await platform.until(() => noticesOf(platform, citizen, submitted.id), (list) => list.length === types.length && list.every((n) => sms(n)?.status === 'DELIVERED'), 'every SMS DELIVERED');
    expect(notices.map((n) => n.type).sort()).toEqual([...types].sort());
    for (const notice of notices) {
      expect(notice.deliveries.map((d) => [d.channel, d.status])).toEqual([['CABINET', 'DELIVERED'], ['SMS', 'DELIVERED']]);
      expect(sms(notice)).toMatchObject({ attempts: 1, lastError: null, deliveredAt: expect.any(String) });
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    await platform.settle();

    const texts = peer.received.filter((m) => m.text.includes(submitted.number));
    expect(texts).toHaveLength(types.length);
    expect(texts.map((m) => m.text).sort()).toEqual(notices.map((n) => `Госпортал: ${n.title}. Толугу жеке кабинетте.`).sort());
    for (const text of texts) expect(text).toMatchObject({ source: 'Gosportal', destination: '996700100101', dataCoding: 8 });

    // where her notices went is hers alone
    const peek = await platform.gql('query($id: ID!) { notification(id: $id) { deliveries { channel status lastError } } }', { id: notices[0].id }, { token: otherCitizen });
    expect(errorCodes(peek)).toEqual(['FORBIDDEN']);
    expect(peek.data?.notification ?? null).toBeNull();
  });
});

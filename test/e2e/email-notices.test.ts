import { type JourneyNotice as Notice, NO_CRIMINAL_RECORD, noticesOf as noticesOfApplication, PAID_JOURNEY_NOTICES, runPaidJourney, submitApplication } from '../support/journey';
import { errorCodes, startTestPlatform, type TestPlatform } from '../support/platform';
import { registerQualifiedSigner, registerSimpleSigner, type Signer } from '../support/signing';
import { SmtpPeer } from '../support/smtp-peer';

describe('notices by email, through the gateway, to an SMTP server the test runs', () => {
  let platform: TestPlatform;
  let peer: SmtpPeer;
  let citizen: string;
  let grsOfficer: string;
  let otherCitizen: string;
  let citizenSigner: Signer;
  let grsSigner: Signer;

  beforeAll(async () => {
    peer = new SmtpPeer();
    await peer.start();
    platform = await startTestPlatform({
      env: {
        SMTP_URL: peer.url,
        PORTAL_WEB_URL: 'https://portal.example.kg/',
        NOTIFY_EMAIL_FROM: 'Portal <no-reply@portal.example.kg>',
        DELIVERY_POLL_MS: '100',
        DELIVERY_RETRY_INITIAL_DELAY_MS: '200',
        DELIVERY_RETRY_MAX_DELAY_MS: '400',
        DELIVERY_MAX_ATTEMPTS: '50',
        SMTP_TIMEOUT_MS: '3000',
      },
    });
    // Aigul reads Kyrgyz (demo account) and has an email on her account
    citizen = await platform.login('aigul@example.kg', 'Citizen2026!');
    grsOfficer = await platform.login('officer.grs@portal.kg', 'Officer2026!');
    otherCitizen = await platform.login('bakyt@example.kg', 'Citizen2026!');
    citizenSigner = await registerSimpleSigner(platform, citizen);
    grsSigner = await registerQualifiedSigner(platform, grsOfficer, { pin: '11107198700042', name: 'Gulnara Mamytova', organization: 'GRS' });
    await platform.settle();
  });

  afterAll(async () => {
    await platform?.close();
    await peer?.stop();
  });

  const submit = (serviceId: string, data: Record<string, unknown>) => submitApplication(platform, { token: citizen, signer: citizenSigner }, serviceId, data);
  const noticesOf = (applicationId: string) => noticesOfApplication(platform, citizen, applicationId);

  const email = (notice: Notice) => notice.deliveries.find((d) => d.channel === 'EMAIL');

  it('lets nobody signed out choose channels', async () => {
    const anonymous = await platform.gql('mutation { updateNotificationPreferences(input: { channels: [CABINET, EMAIL] }) { channels } }');
    expect(errorCodes(anonymous)).toEqual(['UNAUTHENTICATED']);
  });

  it('mails every notice of the paid journey once, in Kyrgyz, with the number, the cabinet link and List-Unsubscribe', async () => {
    const chosen = await platform.ok('mutation { updateNotificationPreferences(input: { channels: [CABINET, EMAIL] }) { channels email } }', {}, citizen);
    expect(chosen.updateNotificationPreferences).toEqual({ channels: ['CABINET', 'EMAIL'], email: 'aigul@example.kg' });

    const submitted = await runPaidJourney(platform, { token: citizen, signer: citizenSigner }, { token: grsOfficer, signer: grsSigner });

    const types = PAID_JOURNEY_NOTICES;
    const notices: Notice[] = await platform.until(() => noticesOf(submitted.id), (list) => list.length === types.length && list.every((n) => email(n)?.status === 'DELIVERED'), 'every email DELIVERED');
    expect(notices.map((n) => n.type).sort()).toEqual([...types].sort());
    for (const notice of notices) {
      expect(notice.deliveries.map((d) => [d.channel, d.status])).toEqual([['CABINET', 'DELIVERED'], ['EMAIL', 'DELIVERED']]);
      expect(email(notice)).toMatchObject({ attempts: 1, lastError: null, nextAttemptAt: null, sentAt: expect.any(String), deliveredAt: expect.any(String) });
      expect(notice.deliveries[0].deliveredAt).toEqual(expect.any(String));
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    await platform.settle();

    const mails = peer.received.filter((m) => m.subject.includes(submitted.number));
    expect(mails).toHaveLength(types.length);
    expect(new Set(mails.map((m) => m.messageId)).size).toBe(types.length);
    expect(mails.map((m) => m.subject).sort()).toEqual(notices.map((n) => n.title).sort());
    for (const mail of mails) {
      expect(mail.to).toEqual(['aigul@example.kg']);
      expect(mail.language).toBe('ky');
      expect(mail.text).toContain(`https://portal.example.kg/cabinet/applications/${submitted.id}`);
      expect(mail.text).toContain('Жеке кабинетте ачуу');
      expect(mail.html).toContain(`<a href="https://portal.example.kg/cabinet/applications/${submitted.id}">`);
      expect(mail.listUnsubscribe).toBe('<https://portal.example.kg/cabinet/settings/notifications>');
    }

    // where her notices went is hers alone
    const peek = await platform.gql('query($id: ID!) { notification(id: $id) { deliveries { channel status lastError } } }', { id: notices[0].id }, { token: otherCitizen });
    expect(errorCodes(peek)).toEqual(['FORBIDDEN']);
    expect(peek.data?.notification ?? null).toBeNull();
  });

  it('keeps the mail while the SMTP server is down and sends it once when it is back', async () => {
    await peer.stop();
    const before = peer.received.length;
    const submitted = await submit(NO_CRIMINAL_RECORD, { purpose: 'employment' });
    const waiting = await platform.until(() => noticesOf(submitted.id), (list) => list.length === 1 && (email(list[0])?.attempts ?? 0) >= 2, 'failed attempts');
    expect(email(waiting[0])).toMatchObject({ status: 'QUEUED', lastError: expect.stringMatching(/could not be reached/), nextAttemptAt: expect.any(String), sentAt: null });

    await peer.start();
    const sent = await platform.until(() => noticesOf(submitted.id), (list) => email(list[0])?.status === 'DELIVERED', 'the email after the outage');
    expect(email(sent[0])!.attempts).toBeGreaterThanOrEqual(3);
    await new Promise((resolve) => setTimeout(resolve, 500));
    await platform.settle();
    const mails = peer.received.slice(before).filter((m) => m.subject.includes(submitted.number));
    expect(mails).toHaveLength(1);
    expect(mails[0].subject).toBe(sent[0].title);
  });
});

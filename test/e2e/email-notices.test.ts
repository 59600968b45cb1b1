import { errorCodes, startTestPlatform, type TestPlatform } from '../support/platform';
import { registerQualifiedSigner, registerSimpleSigner, type Signer } from '../support/signing';
import { SmtpPeer } from '../support/smtp-peer';

// demo services (catalog seed): a paid one (200 som) and a free one
const BIRTH_CERTIFICATE_DUPLICATE = '7c1e2d3a-4b5c-4d6e-8f70-000000000201';
const NO_CRIMINAL_RECORD = '7c1e2d3a-4b5c-4d6e-8f70-000000000101';

const APPLICATION = 'id number status data accrual { id status }';
const SAVE_DRAFT = `mutation($input: SaveDraftInput!) { saveDraft(input: $input) { ${APPLICATION} } }`;
const SUBMIT = `mutation($input: SubmitApplicationInput!) { submitApplication(input: $input) { ${APPLICATION} } }`;
const NOTICES = `query { me { notifications(first: 50) { edges { node { id type title(lang: KY) application { id } deliveries { channel status attempts lastError nextAttemptAt sentAt deliveredAt } } } } } }`;

interface Notice {
  id: string;
  type: string;
  title: string;
  application: { id: string } | null;
  deliveries: Array<{ channel: string; status: string; attempts: number; lastError: string | null; nextAttemptAt: string | null; sentAt: string | null; deliveredAt: string | null }>;
}

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

  const ok = (query: string, variables: Record<string, unknown>, token?: string) => platform.ok(query, variables, token);

  async function submit(serviceId: string, data: Record<string, unknown>) {
    const draft = (await ok(SAVE_DRAFT, { input: { serviceId, data } }, citizen)).saveDraft;
    const signature = await citizenSigner.sign({ applicationId: draft.id, serviceId, data: draft.data });
    return (await ok(SUBMIT, { input: { applicationId: draft.id, signature, signingKeyId: citizenSigner.keyId } }, citizen)).submitApplication;
  }

  async function noticesOf(applicationId: string): Promise<Notice[]> {
    const edges = (await ok(NOTICES, {}, citizen)).me.notifications.edges as Array<{ node: Notice }>;
    return edges.map((e) => e.node).filter((n) => n.application?.id === applicationId);
  }

  const until = <T,>(read: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs?: number) => platform.until(read, done, what, timeoutMs);

  const email = (notice: Notice) => notice.deliveries.find((d) => d.channel === 'EMAIL');

  it('lets nobody signed out choose channels', async () => {
    const anonymous = await platform.gql('mutation { updateNotificationPreferences(input: { channels: [CABINET, EMAIL] }) { channels } }');
    expect(errorCodes(anonymous)).toEqual(['UNAUTHENTICATED']);
  });

  it('mails every notice of the paid journey once, in Kyrgyz, with the number, the cabinet link and List-Unsubscribe', async () => {
    const chosen = await ok('mutation { updateNotificationPreferences(input: { channels: [CABINET, EMAIL] }) { channels email } }', {}, citizen);
    expect(chosen.updateNotificationPreferences).toEqual({ channels: ['CABINET', 'EMAIL'], email: 'aigul@example.kg' });

    const submitted = await submit(BIRTH_CERTIFICATE_DUPLICATE, {
      issuedFor: 'self',
      personFullName: 'Асанова Айгуль Маратовна',
      personBirthDate: '1990-05-15',
      reason: 'lost',
      registryOffice: 'bishkek',
    });
    await ok('mutation($id: ID!) { acceptApplication(applicationId: $id) { status } }', { id: submitted.id }, grsOfficer);
    const awaiting = await until(() => ok(`query($id: ID!) { application(id: $id) { ${APPLICATION} } }`, { id: submitted.id }, citizen), (d) => Boolean(d.application.accrual), 'the accrual');
    const session = (await ok('mutation($id: ID!) { startPayment(accrualId: $id) { paymentUrl } }', { id: awaiting.application.accrual.id }, citizen)).startPayment;
    expect((await fetch(session.paymentUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ outcome: 'success' }) })).status).toBe(200);
    await until(() => ok(`query($id: ID!) { application(id: $id) { status } }`, { id: submitted.id }, citizen), (d) => d.application.status === 'IN_REVIEW', 'the review');
    const resultDocument = { title: 'Повторное свидетельство о рождении', applicationNumber: submitted.number, holder: 'Асанова Айгуль Маратовна' };
    await ok(
      'mutation($input: DecideInput!) { decideApplication(input: $input) { status } }',
      { input: { applicationId: submitted.id, approve: true, resultDocument, signature: await grsSigner.sign(resultDocument), signingKeyId: grsSigner.keyId } },
      grsOfficer,
    );

    const types = ['APPLICATION_SUBMITTED', 'APPLICATION_ACCEPTED', 'PAYMENT_REQUIRED', 'PAYMENT_CONFIRMED', 'APPLICATION_REVIEW_STARTED', 'APPLICATION_APPROVED'];
    const notices = await until(() => noticesOf(submitted.id), (list) => list.length === types.length && list.every((n) => email(n)?.status === 'SENT'), 'every email SENT');
    expect(notices.map((n) => n.type).sort()).toEqual([...types].sort());
    for (const notice of notices) {
      expect(notice.deliveries.map((d) => [d.channel, d.status])).toEqual([['CABINET', 'DELIVERED'], ['EMAIL', 'SENT']]);
      expect(email(notice)).toMatchObject({ attempts: 1, lastError: null, nextAttemptAt: null, sentAt: expect.any(String), deliveredAt: null });
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
    const waiting = await until(() => noticesOf(submitted.id), (list) => list.length === 1 && (email(list[0])?.attempts ?? 0) >= 2, 'failed attempts');
    expect(email(waiting[0])).toMatchObject({ status: 'QUEUED', lastError: expect.stringMatching(/could not be reached/), nextAttemptAt: expect.any(String), sentAt: null });

    await peer.start();
    const sent = await until(() => noticesOf(submitted.id), (list) => email(list[0])?.status === 'SENT', 'the email after the outage');
    expect(email(sent[0])!.attempts).toBeGreaterThanOrEqual(3);
    await new Promise((resolve) => setTimeout(resolve, 500));
    await platform.settle();
    const mails = peer.received.slice(before).filter((m) => m.subject.includes(submitted.number));
    expect(mails).toHaveLength(1);
    expect(mails[0].subject).toBe(sent[0].title);
  });
});

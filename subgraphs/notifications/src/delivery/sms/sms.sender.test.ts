import { randomUUID } from 'node:crypto';
import type { AddressInfo, Server } from 'node:net';
import { DEMO_USERS, publishTestEvent, startTestSubgraph, type TestSubgraph, waitUntil, testUserProfile } from '@portal/kit';
import { loadNotificationsConfig } from '../../config';
import { createNotificationsSubgraph } from '../../subgraph';
import type { SmppSession } from './smpp-lib';
import { SMPP_STATUS } from './sms.rules';

interface PeerSession extends SmppSession {
  deliver_sm(options: Record<string, unknown>): boolean;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const smppServer = require('smpp') as { createServer(listener: (session: PeerSession) => void): Server };

const BAKYT = DEMO_USERS.CITIZEN_BAKYT;

interface Submitted {
  messageId: string;
  source: string;
  destination: string;
  dataCoding: number;
  text: string;
  udh: number[] | null;
}

/** A plain SMPP server (the `smpp` package's), as an SMSC: accepts, refuses binds or numbers, receipts each part. */
class SmscPeer {
  submitted: Submitted[] = [];
  binds: Array<{ systemId: string; password: string }> = [];
  mode: 'accept' | 'refuse-bind' | 'refuse-number' | 'no-receipts' = 'accept';
  sessions = new Set<PeerSession>();
  private next = 1;
  private server = smppServer.createServer((session) => {
    this.sessions.add(session);
    session.on('close', () => this.sessions.delete(session));
    session.on('error', () => undefined);
    session.on('bind_transceiver', (pdu) => {
      this.binds.push({ systemId: pdu.system_id ?? '', password: pdu.password ?? '' });
      session.send(pdu.response(this.mode === 'refuse-bind' ? { command_status: SMPP_STATUS.ESME_RINVPASWD } : {}));
    });
    session.on('enquire_link', (pdu) => session.send(pdu.response()));
    session.on('unbind', (pdu) => {
      session.send(pdu.response());
      session.close();
    });
    session.on('submit_sm', (pdu) => {
      if (this.mode === 'refuse-number') {
        session.send(pdu.response({ command_status: SMPP_STATUS.ESME_RINVDSTADR }));
        return;
      }
      const messageId = `m${this.next++}`;
      const short = pdu.short_message as { message: string; udh?: Buffer[] };
      this.submitted.push({ messageId, source: pdu.source_addr ?? '', destination: pdu.destination_addr ?? '', dataCoding: pdu.data_coding ?? -1, text: short.message, udh: short.udh?.[0] ? [...short.udh[0]] : null });
      session.send(pdu.response({ message_id: messageId }));
      if (this.mode === 'no-receipts') return;
      setTimeout(() => {
        session.deliver_sm({
          source_addr: pdu.destination_addr,
          destination_addr: pdu.source_addr,
          esm_class: 0x04,
          short_message: `id:${messageId} sub:001 dlvr:001 submit date:2612011000 done date:2612011000 stat:DELIVRD err:000 text:`,
        });
      }, 20);
    });
  });
  port = 0;

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', () => resolve()));
    this.port = (this.server.address() as AddressInfo).port;
  }

  /** The whole SMS texts as the phone shows them, parts joined by their UDH. */
  messages(): string[] {
    const out: string[] = [];
    const groups = new Map<string, Submitted[]>();
    for (const s of this.submitted) {
      if (!s.udh) out.push(s.text);
      else {
        const key = `${s.destination}:${s.udh[2]}`;
        const group = [...(groups.get(key) ?? []), s];
        groups.set(key, group);
        if (group.length === s.udh[3]) out.push(group.sort((a, b) => (a.udh?.[4] ?? 0) - (b.udh?.[4] ?? 0)).map((p) => p.text).join(''));
      }
    }
    return out;
  }

  dropLinks(): void {
    for (const session of this.sessions) session.socket.destroy();
  }

  close(): Promise<void> {
    this.dropLinks();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const profile = testUserProfile;

let peer: SmscPeer;
let subgraph: TestSubgraph;

async function submitted(number: string): Promise<string> {
  const applicationId = randomUUID();
  await publishTestEvent(subgraph.databaseUrl, 'ApplicationStatusChanged', { type: 'Application', id: applicationId, version: 2 }, {
    applicationId,
    number,
    applicantId: BAKYT,
    providerId: '0b9c4c1e-6f4a-4e55-9a51-1f7c2f0a0001',
    serviceId: '0b9c4c1e-6f4a-4e55-9a51-1f7c2f0a9001',
    serviceVersion: 1,
    serviceTitle: { ky: 'Соттолбогондугу жөнүндө маалымкат', ru: 'Справка об отсутствии судимости' },
    from: 'DRAFT',
    to: 'SUBMITTED',
    at: '2026-12-01T08:05:00Z',
    reason: null,
    appealProcedure: null,
    payment: null,
    dueAt: null,
    intakeDueAt: '2026-12-02T09:00:00Z',
    resultDocumentNumber: null,
  });
  await subgraph.drain();
  return applicationId;
}

async function smsDeliveryOf(applicationId: string) {
  const [row] = await subgraph.orm.em.fork().execute<Array<{ status: string; attempts: number; last_error: string | null; provider_message_id: string | null }>>(
    `select d.status, d.attempts, d.last_error, d.provider_message_id
       from notifications.delivery d join notifications.notification n on n.id = d.notification_id
      where n.application_id = ? and d.channel = 'SMS'`,
    [applicationId],
  );
  return row;
}


beforeAll(async () => {
  peer = new SmscPeer();
  await peer.start();
  const config = loadNotificationsConfig({
    NODE_ENV: 'test',
    DATABASE_URL: 'postgres://set-by-the-test-subgraph',
    SMPP_URL: `smpp://portal:s3cret@127.0.0.1:${peer.port}`,
    SMS_SENDER_ID: 'Gosportal',
    DELIVERY_RETRY_INITIAL_DELAY_MS: '100',
    DELIVERY_RETRY_MAX_DELAY_MS: '200',
    DELIVERY_MAX_ATTEMPTS: '1000',
    DELIVERY_POLL_MS: '50',
    DELIVERY_LEASE_SECONDS: '10',
    SMPP_TIMEOUT_MS: '2000',
    SMTP_TIMEOUT_MS: '2000',
    SMPP_ENQUIRE_LINK_MS: '200',
    SMS_RATE_PER_SECOND: '100',
  });
  subgraph = await startTestSubgraph(createNotificationsSubgraph(config), { onQuery: () => undefined });
  await publishTestEvent(subgraph.databaseUrl, 'UserProfileChanged', { type: 'User', id: BAKYT, version: 1 }, profile(BAKYT, { phone: '+996 700 100 102', preferredLanguage: 'RU' }));
  await subgraph.drain();
  const chosen = await subgraph.request(`mutation { updateNotificationPreferences(input: { channels: [CABINET, SMS] }) { channels } }`, {}, { userId: BAKYT, roles: ['CITIZEN'] });
  expect(chosen.errors).toBeUndefined();
});

afterAll(async () => {
  await subgraph?.close();
  await peer?.close();
});

beforeEach(() => {
  peer.mode = 'accept';
  peer.submitted = [];
});

describe('the SMS sender over SMPP', () => {
  it('binds with the credentials of SMPP_URL and sends a notice once, in UCS-2 parts, then DELIVERED by the receipts', async () => {
    const applicationId = await submitted('KG-2026-000701');
    await waitUntil(async () => (await smsDeliveryOf(applicationId))?.status === 'DELIVERED', 'the receipt');
    expect(peer.binds[0]).toEqual({ systemId: 'portal', password: 's3cret' });
    expect(peer.messages()).toEqual(['Госпортал: Заявление № KG-2026-000701 получено. Подробнее в личном кабинете.']);
    expect(peer.submitted.length).toBe(2); // 74 characters: two parts of a concatenated SMS
    for (const part of peer.submitted) expect(part).toMatchObject({ source: 'Gosportal', destination: '996700100102', dataCoding: 8 });
    expect(await smsDeliveryOf(applicationId)).toMatchObject({ attempts: 1, last_error: null, provider_message_id: peer.submitted[0].messageId });
  });

  it('re-binds after the link drops and sends each notice once', async () => {
    const before = await submitted('KG-2026-000702');
    await waitUntil(async () => (await smsDeliveryOf(before))?.status === 'DELIVERED', 'the first receipt');
    const binds = peer.binds.length;
    peer.dropLinks();
    const after = await submitted('KG-2026-000703');
    await waitUntil(async () => (await smsDeliveryOf(after))?.status === 'DELIVERED', 'the receipt after the re-bind');
    expect(peer.binds.length).toBeGreaterThan(binds);
    expect(peer.messages()).toEqual([
      'Госпортал: Заявление № KG-2026-000702 получено. Подробнее в личном кабинете.',
      'Госпортал: Заявление № KG-2026-000703 получено. Подробнее в личном кабинете.',
    ]);
  });

  it('keeps the notices waiting, saying why, while the SMS centre refuses the login, and sends them once it binds', async () => {
    peer.mode = 'refuse-bind';
    peer.dropLinks();
    const applicationId = await submitted('KG-2026-000704');
    await waitUntil(async () => /refused the login \(ESME_RINVPASWD\): fix the system_id and password in SMPP_URL/.test((await smsDeliveryOf(applicationId))?.last_error ?? ''), 'the bind error');
    expect((await smsDeliveryOf(applicationId)).status).toBe('QUEUED');
    expect(peer.submitted).toHaveLength(0);
    peer.mode = 'accept';
    await waitUntil(async () => (await smsDeliveryOf(applicationId))?.status === 'DELIVERED', 'the SMS after the login works', 20_000);
    expect(peer.messages()).toHaveLength(1);
  }, 30_000);

  it('fails a refused number at once, with the SMS centre answer', async () => {
    peer.mode = 'refuse-number';
    const applicationId = await submitted('KG-2026-000705');
    await waitUntil(async () => (await smsDeliveryOf(applicationId))?.status === 'FAILED', 'the refusal');
    expect((await smsDeliveryOf(applicationId)).last_error).toMatch(/refused the phone number \(ESME_RINVDSTADR\)/);
  });

  it('ends at SENT when the SMS centre sends no receipt', async () => {
    peer.mode = 'no-receipts';
    const applicationId = await submitted('KG-2026-000706');
    await waitUntil(async () => (await smsDeliveryOf(applicationId))?.status === 'SENT', 'the submit');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await smsDeliveryOf(applicationId)).status).toBe('SENT');
    expect(peer.messages()).toHaveLength(1);
  });
});

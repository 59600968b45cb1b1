import { errorCodes, startTestPlatform, type TestPlatform } from '../support/platform';
import { BotApiPeer } from '../support/bot-api-peer';
import { type JourneyNotice as Notice, NO_CRIMINAL_RECORD, noticesOf, submitApplication } from '../support/journey';
import { registerSimpleSigner, type Signer } from '../support/signing';

const TOKEN = '987654:e2e-bot-token';
const CHAT = 424242;

const PREFERENCES = `query { me { notificationPreferences { channels telegramLinked telegramChatId } } }`;

describe('notices by Telegram, through the gateway, to a Bot API peer the test runs', () => {
  let platform: TestPlatform;
  let peer: BotApiPeer;
  let citizen: string;
  let otherCitizen: string;
  let mvdOfficer: string;
  let citizenSigner: Signer;

  beforeAll(async () => {
    peer = new BotApiPeer(TOKEN);
    await peer.start();
    platform = await startTestPlatform({
      env: {
        TELEGRAM_BOT_TOKEN: TOKEN,
        TELEGRAM_BOT_USERNAME: 'KgPortalE2eBot',
        TELEGRAM_API_URL: peer.url,
        TELEGRAM_POLL_TIMEOUT_SECONDS: '0',
        PORTAL_WEB_URL: 'https://portal.example.kg/',
        DELIVERY_POLL_MS: '100',
      },
    });
    // Aigul reads Kyrgyz (demo account)
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

  const codeOf = (url: string) => new URL(url).searchParams.get('start')!;

  it('refuses linking to the signed-out, typed-in chat ids, and TELEGRAM without a linked chat', async () => {
    expect(errorCodes(await platform.gql('mutation { startTelegramLink { url } }'))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await platform.gql('mutation { unlinkTelegram { telegramLinked } }'))).toEqual(['UNAUTHENTICATED']);
    const typed = await platform.gql('mutation { updateNotificationPreferences(input: { channels: [CABINET, TELEGRAM], telegramChatId: "424242" }) { channels } }', {}, { token: citizen });
    expect(errorCodes(typed)).toEqual(['BAD_USER_INPUT']);
    expect(typed.errors![0].message).toMatch(/startTelegramLink/);
    const unlinked = await platform.gql('mutation { updateNotificationPreferences(input: { channels: [CABINET, TELEGRAM] }) { channels } }', {}, { token: citizen });
    expect(errorCodes(unlinked)).toEqual(['BAD_USER_INPUT']);
    expect(unlinked.errors![0].message).toBe('TELEGRAM needs a linked Telegram chat: link one with startTelegramLink first, or leave TELEGRAM out.');
  });

  it('links her chat by the deep link, once, and sends every notice of a journey there once, in Kyrgyz', async () => {
    const link = (await platform.ok('mutation { startTelegramLink { url expiresAt } }', {}, citizen)).startTelegramLink;
    expect(link.url).toMatch(/^https:\/\/t\.me\/KgPortalE2eBot\?start=[A-Za-z0-9_-]{32}$/);
    expect(new Date(link.expiresAt).getTime()).toBeGreaterThan(Date.now());
    peer.pressStart(CHAT, codeOf(link.url));
    const linked = await platform.until(() => platform.ok(PREFERENCES, {}, citizen), (d) => d.me.notificationPreferences.telegramLinked, 'the link');
    expect(linked.me.notificationPreferences).toEqual({ channels: ['CABINET'], telegramLinked: true, telegramChatId: String(CHAT) });
    expect(peer.sent).toEqual([{ chatId: String(CHAT), text: expect.stringMatching(/^Telegram туташтырылды/) }]);

    // the same code again, from another chat: nothing linked, Bakyt's preferences untouched
    peer.pressStart(777, codeOf(link.url));
    await platform.until(async () => peer.sent.length, (n) => n === 2, 'the refusal');
    expect(peer.sent[1]).toEqual({ chatId: '777', text: expect.stringMatching(/^Бул шилтеме жараксыз/) });
    expect((await platform.ok(PREFERENCES, {}, citizen)).me.notificationPreferences.telegramChatId).toBe(String(CHAT));
    expect((await platform.ok(PREFERENCES, {}, otherCitizen)).me.notificationPreferences).toEqual({ channels: ['CABINET'], telegramLinked: false, telegramChatId: null });

    const chosen = await platform.ok('mutation { updateNotificationPreferences(input: { channels: [CABINET, TELEGRAM] }) { channels telegramLinked } }', {}, citizen);
    expect(chosen.updateNotificationPreferences).toEqual({ channels: ['CABINET', 'TELEGRAM'], telegramLinked: true });

    const submitted = await submitApplication(platform, { token: citizen, signer: citizenSigner }, NO_CRIMINAL_RECORD, { purpose: 'employment' });
    await platform.ok('mutation($id: ID!, $reason: String!) { rejectApplication(applicationId: $id, reason: $reason) { status } }', { id: submitted.id, reason: 'Сведения устарели.' }, mvdOfficer);

    const telegram = (n: Notice) => n.deliveries.find((d) => d.channel === 'TELEGRAM');
    const notices: Notice[] = await platform.until(
      () => noticesOf(platform, citizen, submitted.id),
      (list) => list.length === 2 && list.every((n) => telegram(n)?.status === 'DELIVERED'),
      'both notices DELIVERED',
    );
    expect(notices.map((n) => n.type).sort()).toEqual(['APPLICATION_REJECTED', 'APPLICATION_SUBMITTED']);
    for (const notice of notices) expect(telegram(notice)).toMatchObject({ attempts: 1, lastError: null });
    await new Promise((resolve) => setTimeout(resolve, 500));
    await platform.settle();
    const messages = peer.sent.filter((m) => m.text.includes(submitted.number));
    expect(messages).toHaveLength(2);
    for (const message of messages) {
      expect(message.chatId).toBe(String(CHAT));
      expect(message.text).toContain(`Жеке кабинетте ачуу: https://portal.example.kg/cabinet/applications/${submitted.id}`);
    }
    for (const notice of notices) expect(messages.filter((m) => m.text.startsWith(notice.title))).toHaveLength(1);
    expect(peer.wrongToken).toBe(0);
  });

  it('lets her unlink, and only her', async () => {
    await platform.ok('mutation { unlinkTelegram { telegramLinked } }', {}, otherCitizen);
    expect((await platform.ok(PREFERENCES, {}, citizen)).me.notificationPreferences.telegramLinked).toBe(true);
    const result = await platform.ok('mutation { unlinkTelegram { channels telegramLinked telegramChatId } }', {}, citizen);
    expect(result.unlinkTelegram).toEqual({ channels: ['CABINET', 'TELEGRAM'], telegramLinked: false, telegramChatId: null });
  });
});

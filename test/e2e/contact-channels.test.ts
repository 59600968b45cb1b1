import { BotApiPeer } from '../support/bot-api-peer';
import { codeSentTo, verifyContact } from '../support/contacts';
import { type JourneyNotice, NO_CRIMINAL_RECORD, noticesOf, PAID_JOURNEY_NOTICES, runPaidJourney, submitApplication } from '../support/journey';
import { errorCodes, startTestPlatform, type TestPlatform } from '../support/platform';
import { registerQualifiedSigner, registerSimpleSigner, type Signer } from '../support/signing';
import { SmppPeer } from '../support/smpp-peer';
import { SmtpPeer } from '../support/smtp-peer';

const TOKEN = '555001:contact-channels-bot';
const CHAT = 515151;
const LOGIN = 'mutation($login: String!, $password: String!) { login(input: { login: $login, password: $password }) { accessToken refreshToken } }';
const UPDATE = 'mutation($c: ContactChannel!, $v: String!) { updateContact(channel: $c, value: $v) { channel destination expiresAt } }';
const VERIFY = 'mutation($c: ContactChannel!, $code: String!) { verifyContact(channel: $c, code: $code) { email phone emailVerified phoneVerified } }';
const CHOOSE = 'mutation($channels: [NotificationChannel!]!) { updateNotificationPreferences(input: { channels: $channels }) { channels email phone telegramLinked } }';
const PASSWORD = 'Cholpon-2026-pass';
const NEW_PASSWORD = 'Cholpon-reset-2027';

describe('contact channels end to end: verified email and phone, linked Telegram, every notice once on each, password reset', () => {
  let platform: TestPlatform;
  let smtp: SmtpPeer;
  let smpp: SmppPeer;
  let bot: BotApiPeer;
  let citizen: string;
  let citizenSigner: Signer;
  let grsOfficer: string;
  let grsSigner: Signer;
  let mvdOfficer: string;

  beforeAll(async () => {
    smtp = new SmtpPeer();
    smpp = new SmppPeer();
    bot = new BotApiPeer(TOKEN);
    await Promise.all([smtp.start(), smpp.start(), bot.start()]);
    platform = await startTestPlatform({
      env: {
        SMTP_URL: smtp.url,
        SMPP_URL: smpp.url,
        TELEGRAM_BOT_TOKEN: TOKEN,
        TELEGRAM_BOT_USERNAME: 'KgPortalContactsBot',
        TELEGRAM_API_URL: bot.url,
        TELEGRAM_POLL_TIMEOUT_SECONDS: '0',
        PORTAL_WEB_URL: 'https://portal.example.kg/',
        DELIVERY_POLL_MS: '100',
        DELIVERY_RETRY_INITIAL_DELAY_MS: '200',
        DELIVERY_RETRY_MAX_DELAY_MS: '400',
        DELIVERY_MAX_ATTEMPTS: '50',
        SMTP_TIMEOUT_MS: '3000',
        SMPP_TIMEOUT_MS: '3000',
      },
    });
    // a new citizen who reads Kyrgyz, in the population register: her registered email and phone are not verified yet
    platform.tunduk.addPerson({ pin: '22203199100045', surname: 'Асанова', name: 'Чолпон', birthDate: '1991-03-22' });
    const registered = await platform.gql('mutation($input: RegisterInput!) { register(input: $input) { accessToken user { emailVerified phoneVerified } } }', {
      input: {
        kind: 'INDIVIDUAL',
        pin: '22203199100045',
        fullName: 'Асанова Чолпон',
        email: 'cholpon@example.kg',
        phone: '+996 555 70 70 70',
        password: PASSWORD,
        preferredLanguage: 'KY',
        acceptedTermsVersion: (await platform.ok('{ currentTermsVersion }')).currentTermsVersion,
        consentToPersonalDataProcessing: true,
      },
    });
    expect(registered.data?.register.user).toEqual({ emailVerified: false, phoneVerified: false });
    citizen = registered.data!.register.accessToken;
    citizenSigner = await registerSimpleSigner(platform, citizen);
    grsOfficer = await platform.login('officer.grs@portal.kg', 'Officer2026!');
    grsSigner = await registerQualifiedSigner(platform, grsOfficer, { pin: '11107198700042', name: 'Gulnara Mamytova', organization: 'GRS' });
    mvdOfficer = await platform.login('officer.mvd@portal.kg', 'Officer2026!');
    await platform.settle();
  });

  afterAll(async () => {
    await platform?.close();
    await Promise.all([smtp?.stop(), smpp?.stop(), bot?.stop()]);
  });

  const bad = async (query: string, variables: Record<string, unknown>, token?: string) => {
    const answer = await platform.gql(query, variables, { token });
    expect(errorCodes(answer)).toEqual(['BAD_USER_INPUT']);
    return answer.errors![0];
  };

  it('refuses EMAIL and SMS while her contacts are unverified, and says how to verify them', async () => {
    const refused = await bad(CHOOSE, { channels: ['CABINET', 'EMAIL', 'SMS'] }, citizen);
    expect(refused.message).toContain('EMAIL needs a verified email address on your account: set it with updateContact(channel: EMAIL, value) and confirm the code it sends with verifyContact');
    expect(refused.message).toContain('SMS needs a verified phone number on your account: set it with updateContact(channel: PHONE, value)');
    expect(errorCodes(await platform.gql(UPDATE, { c: 'EMAIL', v: 'x@example.kg' }))).toEqual(['UNAUTHENTICATED']);
  });

  it('refuses a wrong format, a wrong code and an expired one, then verifies her email with the code the SMTP peer received', async () => {
    expect((await bad(UPDATE, { c: 'EMAIL', v: 'cholpon@' }, citizen)).message).toBe('Электрондук почтанын дареги туура эмес, мисалы: name@example.kg.');
    expect((await bad(UPDATE, { c: 'PHONE', v: '555 70' }, citizen)).extensions?.problem).toBe('PHONE_FORMAT');
    expect((await bad(VERIFY, { c: 'EMAIL', code: '123456' }, citizen)).extensions?.problem).toBe('NO_CODE');

    // a code that expired before she typed it
    let since = smtp.received.length;
    await platform.ok(UPDATE, { c: 'EMAIL', v: 'cholpon@example.kg' }, citizen);
    const expiredCode = await codeSentTo(platform, smtp, 'cholpon@example.kg', since);
    await platform.subgraphs.identity.orm.em.fork().execute("update identity.one_time_code set expires_at = now() - interval '1 second' where destination = 'cholpon@example.kg'");
    expect((await bad(VERIFY, { c: 'EMAIL', code: expiredCode }, citizen)).message).toBe('Коддун мөөнөтү бүттү. updateContact аркылуу жаңы код сураңыз.');

    since = smtp.received.length;
    const challenge = (await platform.ok(UPDATE, { c: 'EMAIL', v: ' Cholpon@Example.KG ' }, citizen)).updateContact;
    expect(challenge).toMatchObject({ channel: 'EMAIL', destination: 'cholpon@example.kg' });
    const code = await codeSentTo(platform, smtp, 'cholpon@example.kg', since);
    const [mail] = smtp.received.slice(since);
    expect(mail.language).toBe('ky');
    expect(mail.text).toContain(`электрондук почтанын дарегин тастыктоо үчүн бир жолку кодуңуз: ${code}`);
    const wrong = await bad(VERIFY, { c: 'EMAIL', code: code === '000000' ? '000001' : '000000' }, citizen);
    expect(wrong).toMatchObject({ message: 'Код туура эмес. Дагы 4 жолу аракет кылсаңыз болот.', extensions: { attemptsLeft: 4 } });
    const verified = (await platform.ok(VERIFY, { c: 'EMAIL', code }, citizen)).verifyContact;
    expect(verified).toEqual({ email: 'cholpon@example.kg', phone: '+996555707070', emailVerified: true, phoneVerified: false });
    // the code went out once, by email only
    expect(smtp.received.filter((m) => m.subject.includes(code))).toHaveLength(1);
  });

  it('asks too many codes: RATE_LIMITED with the wait', async () => {
    // two email codes asked above; a third is allowed, a fourth within 15 minutes is not
    await platform.ok(UPDATE, { c: 'EMAIL', v: 'cholpon.other@example.kg' }, citizen);
    const limited = await platform.gql(UPDATE, { c: 'EMAIL', v: 'cholpon.third@example.kg' }, { token: citizen });
    expect(errorCodes(limited)).toEqual(['RATE_LIMITED']);
    expect(limited.errors![0].message).toBe('Код өтө көп жолу суралды. Бир аздан кийин жаңы код сураңыз.');
    expect(limited.errors![0].extensions?.retryAfterSeconds).toEqual(expect.any(Number));
    // the pending address did not replace the verified one
    expect((await platform.ok('{ me { email emailVerified } }', {}, citizen)).me).toEqual({ email: 'cholpon@example.kg', emailVerified: true });
  });

  it('verifies her phone by SMS, links Telegram, chooses all three, and every notice of the paid journey arrives once at each peer, in Kyrgyz', async () => {
    await verifyContact(platform, citizen, 'PHONE', '0555 70 70 70', smpp);
    const link = (await platform.ok('mutation { startTelegramLink { url } }', {}, citizen)).startTelegramLink;
    bot.pressStart(CHAT, new URL(link.url).searchParams.get('start')!);
    await platform.until(() => platform.ok('{ me { notificationPreferences { telegramLinked } } }', {}, citizen), (d) => d.me.notificationPreferences.telegramLinked, 'the Telegram link');
    const chosen = (await platform.ok(CHOOSE, { channels: ['CABINET', 'EMAIL', 'SMS', 'TELEGRAM'] }, citizen)).updateNotificationPreferences;
    expect(chosen).toEqual({ channels: ['CABINET', 'EMAIL', 'SMS', 'TELEGRAM'], email: 'cholpon@example.kg', phone: '+996555707070', telegramLinked: true });

    const submitted = await runPaidJourney(platform, { token: citizen, signer: citizenSigner }, { token: grsOfficer, signer: grsSigner });
    const final: Record<string, string> = { CABINET: 'DELIVERED', EMAIL: 'DELIVERED', SMS: 'DELIVERED', TELEGRAM: 'DELIVERED' };
    const settled = (notice: JourneyNotice) => notice.deliveries.length === 4 && notice.deliveries.every((d) => d.status === final[d.channel]);
    const notices = await platform.until(() => noticesOf(platform, citizen, submitted.id), (list) => list.length === PAID_JOURNEY_NOTICES.length && list.every(settled), 'every delivery settled', 40_000);
    expect(notices.map((n) => n.type).sort()).toEqual([...PAID_JOURNEY_NOTICES].sort());
    for (const notice of notices) {
      // the receiving SMTP server's acceptance and the Bot API's Message make EMAIL and TELEGRAM DELIVERED; the SMSC's receipts make SMS DELIVERED
      expect(notice.deliveries.map((d) => [d.channel, d.status, d.attempts, d.lastError])).toEqual([
        ['CABINET', 'DELIVERED', 1, null],
        ['EMAIL', 'DELIVERED', 1, null],
        ['SMS', 'DELIVERED', 1, null],
        ['TELEGRAM', 'DELIVERED', 1, null],
      ]);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    await platform.settle();

    const titles = notices.map((n) => n.title).sort();
    const mails = smtp.received.filter((m) => m.subject.includes(submitted.number));
    expect(mails.map((m) => m.subject).sort()).toEqual(titles);
    for (const mail of mails) expect(mail).toMatchObject({ to: ['cholpon@example.kg'], language: 'ky' });
    const texts = smpp.received.filter((m) => m.text.includes(submitted.number));
    expect(texts.map((m) => m.text).sort()).toEqual(titles.map((title) => `Госпортал: ${title}. Толугу жеке кабинетте.`).sort());
    for (const text of texts) expect(text.destination).toBe('996555707070');
    const chats = bot.sent.filter((m) => m.text.includes(submitted.number));
    expect(chats).toHaveLength(titles.length);
    for (const title of titles) expect(chats.filter((m) => m.chatId === String(CHAT) && m.text.startsWith(title))).toHaveLength(1);
  });

  it('keeps the mail while the SMTP peer is down and sends it once when it is back', async () => {
    await smtp.stop();
    const before = smtp.received.length;
    const submitted = await submitApplication(platform, { token: citizen, signer: citizenSigner }, NO_CRIMINAL_RECORD, { purpose: 'employment' });
    const email = (list: JourneyNotice[]) => list[0]?.deliveries.find((d) => d.channel === 'EMAIL');
    const waiting = await platform.until(() => noticesOf(platform, citizen, submitted.id), (list) => (email(list)?.attempts ?? 0) >= 2, 'failed attempts');
    expect(email(waiting)).toMatchObject({ status: 'QUEUED', lastError: expect.stringMatching(/could not be reached/) });
    await smtp.start();
    await platform.until(() => noticesOf(platform, citizen, submitted.id), (list) => email(list)?.status === 'DELIVERED', 'the email after the outage');
    await new Promise((resolve) => setTimeout(resolve, 500));
    await platform.settle();
    expect(smtp.received.slice(before).filter((m) => m.subject.includes(submitted.number))).toHaveLength(1);
    // the officer handling it sees her contacts (recorded), not whether she verified them
    const seen = await platform.gql('query($id: ID!) { application(id: $id) { applicant { email emailVerified } } }', { id: submitted.id }, { token: mvdOfficer });
    expect(errorCodes(seen)).toEqual(['FORBIDDEN']);
    await platform.ok('mutation($id: ID!, $reason: String!) { rejectApplication(applicationId: $id, reason: $reason) { status } }', { id: submitted.id, reason: 'Сведения устарели.' }, mvdOfficer);
  });

  it('resets her password with a code sent to her verified email, which ends every session', async () => {
    const other = (await platform.ok(LOGIN, { login: 'cholpon@example.kg', password: PASSWORD })).login;
    expect((await platform.ok('{ me { email } }', {}, other.accessToken)).me.email).toBe('cholpon@example.kg');

    // the same answer for an account that does not exist, and no mail for it
    expect(await platform.ok('mutation { requestPasswordReset(login: "nobody@example.kg") }')).toEqual({ requestPasswordReset: true });
    const since = smtp.received.length;
    expect(await platform.ok('mutation { requestPasswordReset(login: "22203199100045") }')).toEqual({ requestPasswordReset: true });
    const code = await codeSentTo(platform, smtp, 'cholpon@example.kg', since);
    expect(smtp.received.slice(since).filter((m) => m.to.includes('nobody@example.kg'))).toEqual([]);

    const weak = await bad('mutation($code: String!) { resetPassword(login: "cholpon@example.kg", code: $code, newPassword: "short") }', { code });
    expect(weak.extensions?.field).toBe('newPassword');
    expect(await platform.ok('mutation($code: String!, $p: String!) { resetPassword(login: "cholpon@example.kg", code: $code, newPassword: $p) }', { code, p: NEW_PASSWORD })).toEqual({ resetPassword: true });

    // every session ended: the old access tokens are refused at the gateway, the refresh token too
    for (const token of [citizen, other.accessToken]) {
      await platform.until(() => platform.gql('{ me { id } }', {}, { token }), (answer) => errorCodes(answer).includes('UNAUTHENTICATED'), 'the old access token refused');
    }
    expect(errorCodes(await platform.gql('mutation($t: String!) { refreshSession(refreshToken: $t) { accessToken } }', { t: other.refreshToken }))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await platform.gql(LOGIN, { login: 'cholpon@example.kg', password: PASSWORD }))).toEqual(['UNAUTHENTICATED']);

    // signed in again, she finds the notice of the reset, which also went to her verified channels
    const again = (await platform.ok(LOGIN, { login: 'cholpon@example.kg', password: NEW_PASSWORD })).login.accessToken;
    const resetNotice = await platform.until(
      async () => ((await platform.ok('{ me { notifications(first: 50) { edges { node { type title(lang: KY) deliveries { channel status } } } } } }', {}, again)).me.notifications.edges as Array<{ node: { type: string; title: string; deliveries: Array<{ channel: string; status: string }> } }>).map((e) => e.node).find((n) => n.type === 'PASSWORD_RESET'),
      (notice) => Boolean(notice && notice.deliveries.every((d) => d.status !== 'QUEUED')),
      'the reset notice delivered',
    );
    expect(resetNotice!.deliveries.map((d) => d.channel)).toEqual(['CABINET', 'EMAIL', 'SMS', 'TELEGRAM']);
    expect(resetNotice!.title).toBe('Аккаунттун сырсөзү калыбына келтирилди');
  });

  it('withdraws her consent: the account closes, her token is refused, sign-in too, and the last notice says so', async () => {
    const token = (await platform.ok(LOGIN, { login: 'cholpon@example.kg', password: NEW_PASSWORD })).login.accessToken;
    expect(errorCodes(await platform.gql('mutation { withdrawConsent }', {}, { token }))).toEqual(['BAD_USER_INPUT']);
    const before = smtp.received.length;
    expect(await platform.ok('mutation($p: String) { withdrawConsent(password: $p) }', { p: NEW_PASSWORD }, token)).toEqual({ withdrawConsent: true });
    await platform.until(() => platform.gql('{ me { id } }', {}, { token }), (answer) => errorCodes(answer).includes('UNAUTHENTICATED'), 'her access token refused');
    const refused = await platform.gql(LOGIN, { login: 'cholpon@example.kg', password: NEW_PASSWORD });
    expect(errorCodes(refused)).toEqual(['FORBIDDEN']);
    const mails = await platform.until(async () => smtp.received.slice(before), (list) => list.some((m) => m.subject === 'Макулдук кайтарылып алынды, аккаунт жабылды'), 'the closing notice by email');
    expect(mails.filter((m) => m.subject === 'Макулдук кайтарылып алынды, аккаунт жабылды')).toHaveLength(1);
  });
});

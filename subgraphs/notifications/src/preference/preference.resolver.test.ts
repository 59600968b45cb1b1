import { DEMO_USERS, publishTestEvent, startTestSubgraph, type TestSubgraph, testUserProfile } from '@portal/kit';
import { createNotificationsSubgraph } from '../subgraph';

const AIGUL = DEMO_USERS.CITIZEN_AIGUL;
const BAKYT = DEMO_USERS.CITIZEN_BAKYT;
const aigul = { userId: AIGUL, roles: ['CITIZEN' as const] };
const bakyt = { userId: BAKYT, roles: ['CITIZEN' as const] };

const PREFERENCES = `
  query Preferences($id: ID!) {
    _entities(representations: [{ __typename: "User", id: $id }]) {
      ... on User { notificationPreferences { channels email phone telegramChatId telegramLinked } }
    }
  }`;
const UPDATE = `
  mutation Update($input: NotificationPreferencesInput!) {
    updateNotificationPreferences(input: $input) { channels email phone telegramChatId telegramLinked }
  }`;

type PreferencesResult = { _entities: Array<{ notificationPreferences: Record<string, unknown> } | null> };

const profile = testUserProfile;

let subgraph: TestSubgraph;

beforeAll(async () => {
  // onQuery also keeps the migrator quiet
  subgraph = await startTestSubgraph(createNotificationsSubgraph(), { onQuery: () => undefined });
  // identity told us Aigul has an email and a phone; Bakyt has neither
  await publishTestEvent(subgraph.databaseUrl, 'UserProfileChanged', { type: 'User', id: AIGUL, version: 1 }, profile(AIGUL, { email: 'aigul@example.kg', phone: '+996555123456', preferredLanguage: 'RU' }));
  await publishTestEvent(subgraph.databaseUrl, 'UserProfileChanged', { type: 'User', id: BAKYT, version: 1 }, profile(BAKYT));
  await subgraph.drain();
});

afterAll(async () => {
  await subgraph?.close();
});

describe('who may read and change notification preferences', () => {
  it("refuses another user's preferences", async () => {
    const result = await subgraph.request<PreferencesResult>(PREFERENCES, { id: BAKYT }, aigul);
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0].extensions?.code).toBe('FORBIDDEN');
    expect(result.errors![0].message).toBe('You can see only your own notification preferences.');
    expect(result.data).toEqual({ _entities: [null] });
  });

  it('asks anonymous callers to sign in before reading', async () => {
    const result = await subgraph.request(PREFERENCES, { id: AIGUL });
    expect(result.errors![0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(result.errors![0].message).toBe('Sign in first: this operation needs a valid access token.');
  });

  it('asks anonymous callers to sign in before updating, and changes nothing', async () => {
    const result = await subgraph.request(UPDATE, { input: { channels: ['CABINET', 'EMAIL'] } });
    expect(result.errors![0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(result.errors![0].message).toBe('Sign in first: this operation needs a valid access token.');
    expect(result.data).toBeNull();
  });
});

describe('invalid preferences', () => {
  it.each([
    [{ channels: ['EMAIL'] }, aigul, 'channels', 'Keep CABINET among the channels: the personal cabinet always receives notifications.'],
    [{ channels: [] }, aigul, 'channels', 'Keep CABINET among the channels: the personal cabinet always receives notifications.'],
    [{ channels: ['CABINET', 'SMS', 'SMS'] }, aigul, 'channels', 'List each channel once; SMS appears more than once.'],
    [{ channels: ['CABINET', 'EMAIL'] }, bakyt, 'channels', 'EMAIL needs a verified email address on your account: set it with updateContact(channel: EMAIL, value) and confirm the code it sends with verifyContact, or leave EMAIL out.'],
    [{ channels: ['CABINET', 'SMS'] }, bakyt, 'channels', 'SMS needs a verified phone number on your account: set it with updateContact(channel: PHONE, value) and confirm the code it sends by SMS with verifyContact, or leave SMS out.'],
    [{ channels: ['CABINET', 'TELEGRAM'] }, aigul, 'channels', 'TELEGRAM needs a linked Telegram chat: link one with startTelegramLink first, or leave TELEGRAM out.'],
    [
      { channels: ['CABINET', 'TELEGRAM'], telegramChatId: '123456789' },
      aigul,
      'telegramChatId',
      'telegramChatId cannot be set here: link your Telegram chat with startTelegramLink (open the link it returns and press Start in Telegram).',
    ],
  ])('%j is refused', async (input, caller, field, message) => {
    const result = await subgraph.request(UPDATE, { input }, caller);
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors![0].extensions?.field).toBe(field);
    expect(result.errors![0].message).toBe(message);
    expect(result.data).toBeNull();
  });

  it('names every problem in one answer', async () => {
    const result = await subgraph.request(UPDATE, { input: { channels: ['EMAIL', 'EMAIL', 'SMS'] } }, bakyt);
    expect(result.errors![0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors![0].message).toBe(
      'List each channel once; EMAIL appears more than once. ' +
        'Keep CABINET among the channels: the personal cabinet always receives notifications. ' +
        'EMAIL needs a verified email address on your account: set it with updateContact(channel: EMAIL, value) and confirm the code it sends with verifyContact, or leave EMAIL out. ' +
        'SMS needs a verified phone number on your account: set it with updateContact(channel: PHONE, value) and confirm the code it sends by SMS with verifyContact, or leave SMS out.',
    );
    expect((result.errors![0].extensions?.problems as unknown[]).length).toBe(4);
  });

  it('left the defaults in place after all those refusals', async () => {
    const result = await subgraph.request<PreferencesResult>(PREFERENCES, { id: BAKYT }, bakyt);
    expect(result.data!._entities[0]!.notificationPreferences).toEqual({ channels: ['CABINET'], email: null, phone: null, telegramChatId: null, telegramLinked: false });
  });
});

describe('notificationPreferences', () => {
  it('defaults to the cabinet, with the addresses identity knows', async () => {
    const result = await subgraph.request<PreferencesResult>(PREFERENCES, { id: AIGUL }, aigul);
    expect(result.errors).toBeUndefined();
    expect(result.data!._entities[0]!.notificationPreferences).toEqual({ channels: ['CABINET'], email: 'aigul@example.kg', phone: '+996555123456', telegramChatId: null, telegramLinked: false });
  });

  it('saves a valid choice in a fixed order and reads it back', async () => {
    // the chat as linking (startTelegramLink, then Start in Telegram) records it
    await subgraph.orm.em.fork().execute(`update notifications.notification_preference set telegram_chat_id = '123456789' where user_id = ?`, [AIGUL]);
    await subgraph.orm.em.fork().execute(`insert into notifications.notification_preference (user_id, channels, telegram_chat_id) values (?, '{CABINET}', '123456789') on conflict do nothing`, [AIGUL]);
    const update = await subgraph.request(UPDATE, { input: { channels: ['TELEGRAM', 'SMS', 'CABINET', 'EMAIL'] } }, aigul);
    expect(update.errors).toBeUndefined();
    const saved = { channels: ['CABINET', 'EMAIL', 'SMS', 'TELEGRAM'], email: 'aigul@example.kg', phone: '+996555123456', telegramChatId: '123456789', telegramLinked: true };
    expect(update.data).toEqual({ updateNotificationPreferences: saved });

    const read = await subgraph.request<PreferencesResult>(PREFERENCES, { id: AIGUL }, aigul);
    expect(read.data!._entities[0]!.notificationPreferences).toEqual(saved);

    const back = await subgraph.request(UPDATE, { input: { channels: ['CABINET'] } }, aigul);
    // leaving TELEGRAM out keeps the chat linked: only unlinkTelegram forgets it
    expect(back.data).toEqual({ updateNotificationPreferences: { ...saved, channels: ['CABINET'] } });
  });

  it('counts only contacts identity announced as verified', async () => {
    const CHOLPON = '6a0b3c4d-5e6f-4a1b-8c2d-000000000777';
    const cholpon = { userId: CHOLPON, roles: ['CITIZEN' as const] };
    await publishTestEvent(subgraph.databaseUrl, 'UserProfileChanged', { type: 'User', id: CHOLPON, version: 1 }, profile(CHOLPON, { email: 'cholpon@example.kg', phone: '+996555000777', emailVerified: false, phoneVerified: false }));
    await subgraph.drain();
    const refused = await subgraph.request(UPDATE, { input: { channels: ['CABINET', 'EMAIL', 'SMS'] } }, cholpon);
    expect(refused.errors![0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(refused.errors![0].message).toContain('updateContact(channel: EMAIL, value)');
    expect(refused.errors![0].message).toContain('updateContact(channel: PHONE, value)');
    // the email is verified now; the phone still is not
    await publishTestEvent(subgraph.databaseUrl, 'UserProfileChanged', { type: 'User', id: CHOLPON, version: 2 }, profile(CHOLPON, { email: 'cholpon@example.kg', phone: '+996555000777', emailVerified: true, phoneVerified: false }));
    await subgraph.drain();
    const chosen = await subgraph.request(UPDATE, { input: { channels: ['CABINET', 'EMAIL'] } }, cholpon);
    expect(chosen.data).toEqual({ updateNotificationPreferences: { channels: ['CABINET', 'EMAIL'], email: 'cholpon@example.kg', phone: null, telegramChatId: null, telegramLinked: false } });
  });

  it('follows identity when the email address changes', async () => {
    await publishTestEvent(subgraph.databaseUrl, 'UserProfileChanged', { type: 'User', id: BAKYT, version: 2 }, profile(BAKYT, { email: 'bakyt@example.kg' }));
    await subgraph.drain();
    const update = await subgraph.request(UPDATE, { input: { channels: ['CABINET', 'EMAIL'] } }, bakyt);
    expect(update.errors).toBeUndefined();
    expect(update.data).toEqual({ updateNotificationPreferences: { channels: ['CABINET', 'EMAIL'], email: 'bakyt@example.kg', phone: null, telegramChatId: null, telegramLinked: false } });
  });
});

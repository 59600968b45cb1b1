import { normalizeChannels, preferenceProblems, TELEGRAM_CHAT_ID_REFUSED } from './preference.rules';

const contacts = { email: 'aigul@example.kg', phone: '+996555123456', telegramChatId: '123456789' };
const noContacts = { email: null, phone: null };
const messages = (...args: Parameters<typeof preferenceProblems>) => preferenceProblems(...args).map((problem) => problem.message);

describe('preferenceProblems', () => {
  it('accepts the cabinet alone and every channel the account can be reached on', () => {
    expect(preferenceProblems({ channels: ['CABINET'] }, noContacts)).toEqual([]);
    expect(preferenceProblems({ channels: ['CABINET', 'EMAIL', 'SMS', 'TELEGRAM'] }, contacts)).toEqual([]);
  });

  it('insists on the cabinet', () => {
    expect(preferenceProblems({ channels: ['EMAIL'] }, contacts)).toEqual([
      { field: 'channels', message: 'Keep CABINET among the channels: the personal cabinet always receives notifications.' },
    ]);
    expect(messages({ channels: [] }, contacts)).toEqual(['Keep CABINET among the channels: the personal cabinet always receives notifications.']);
  });

  it('refuses a channel listed twice', () => {
    expect(messages({ channels: ['CABINET', 'EMAIL', 'EMAIL'] }, contacts)).toEqual(['List each channel once; EMAIL appears more than once.']);
    expect(messages({ channels: ['CABINET', 'CABINET', 'SMS', 'SMS'] }, contacts)).toEqual(['List each channel once; CABINET, SMS appear more than once.']);
  });

  it('needs a verified email address for EMAIL and a verified phone number for SMS, and says how to get one', () => {
    expect(messages({ channels: ['CABINET', 'EMAIL'] }, noContacts)).toEqual([
      'EMAIL needs a verified email address on your account: set it with updateContact(channel: EMAIL, value) and confirm the code it sends with verifyContact, or leave EMAIL out.',
    ]);
    expect(messages({ channels: ['CABINET', 'SMS'] }, noContacts)).toEqual(['SMS needs a verified phone number on your account: set it with updateContact(channel: PHONE, value) and confirm the code it sends by SMS with verifyContact, or leave SMS out.']);
  });

  it('needs a linked Telegram chat for TELEGRAM', () => {
    expect(preferenceProblems({ channels: ['CABINET', 'TELEGRAM'] }, noContacts)).toEqual([
      { field: 'channels', message: 'TELEGRAM needs a linked Telegram chat: link one with startTelegramLink first, or leave TELEGRAM out.' },
    ]);
  });

  it('refuses a typed-in chat id, even one the account has linked', () => {
    for (const chatId of ['123456789', '', '@aigul']) {
      expect(preferenceProblems({ channels: ['CABINET', 'TELEGRAM'], telegramChatId: chatId }, contacts)).toEqual([{ field: 'telegramChatId', message: TELEGRAM_CHAT_ID_REFUSED }]);
    }
  });

  it('names every problem at once', () => {
    expect(messages({ channels: ['EMAIL', 'EMAIL', 'SMS', 'TELEGRAM'] }, noContacts)).toHaveLength(5);
  });
});

describe('normalizeChannels', () => {
  it('orders channels', () => {
    expect(normalizeChannels(['TELEGRAM', 'CABINET', 'EMAIL'])).toEqual(['CABINET', 'EMAIL', 'TELEGRAM']);
  });
});

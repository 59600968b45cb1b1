import { normalizePreferences, preferenceProblems } from './preference.rules';

const contacts = { email: 'aigul@example.kg', phone: '+996555123456' };
const noContacts = { email: null, phone: null };
const messages = (...args: Parameters<typeof preferenceProblems>) => preferenceProblems(...args).map((problem) => problem.message);

describe('preferenceProblems', () => {
  it('accepts the cabinet alone and every channel the account can be reached on', () => {
    expect(preferenceProblems({ channels: ['CABINET'] }, noContacts)).toEqual([]);
    expect(preferenceProblems({ channels: ['CABINET', 'EMAIL', 'SMS', 'TELEGRAM'], telegramChatId: '123456789' }, contacts)).toEqual([]);
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

  it('needs an email address for EMAIL and a phone number for SMS', () => {
    expect(messages({ channels: ['CABINET', 'EMAIL'] }, noContacts)).toEqual([
      'EMAIL needs an email address on your account: add one to your profile first, or leave EMAIL out.',
    ]);
    expect(messages({ channels: ['CABINET', 'SMS'] }, noContacts)).toEqual(['SMS needs a phone number on your account: add one to your profile first, or leave SMS out.']);
  });

  it('needs a numeric Telegram chat id for TELEGRAM', () => {
    expect(preferenceProblems({ channels: ['CABINET', 'TELEGRAM'] }, contacts)).toEqual([
      { field: 'telegramChatId', message: "TELEGRAM needs telegramChatId: the numeric id of your chat with the portal's Telegram bot." },
    ]);
    expect(messages({ channels: ['CABINET', 'TELEGRAM'], telegramChatId: '   ' }, contacts)).toHaveLength(1);
    for (const chatId of ['@aigul', '-100123', '12a', '0123', '12345678901234567']) {
      expect(preferenceProblems({ channels: ['CABINET', 'TELEGRAM'], telegramChatId: chatId }, contacts)).toEqual([
        { field: 'telegramChatId', message: `telegramChatId must be the numeric id of your chat with the portal's Telegram bot, e.g. 123456789; got "${chatId}".` },
      ]);
    }
  });

  it('names every problem at once', () => {
    expect(messages({ channels: ['EMAIL', 'EMAIL', 'SMS', 'TELEGRAM'] }, noContacts)).toHaveLength(5);
  });
});

describe('normalizePreferences', () => {
  it('orders channels and turns a blank chat id into none', () => {
    expect(normalizePreferences({ channels: ['TELEGRAM', 'CABINET', 'EMAIL'], telegramChatId: ' 42 ' })).toEqual({ channels: ['CABINET', 'EMAIL', 'TELEGRAM'], telegramChatId: '42' });
    expect(normalizePreferences({ channels: ['CABINET'], telegramChatId: '' })).toEqual({ channels: ['CABINET'], telegramChatId: null });
  });
});

import { plannedDeliveries, type RecipientReach } from './delivery.rules';

const reach = (overrides: Partial<RecipientReach> = {}): RecipientReach => ({
  channels: ['CABINET'],
  email: 'aigul@example.kg',
  phone: '+996555123456',
  telegramChatId: '123456789',
  blocked: false,
  ...overrides,
});

describe('plannedDeliveries', () => {
  it('delivers to the cabinet at once, always', () => {
    expect(plannedDeliveries(reach())).toEqual([{ channel: 'CABINET', status: 'DELIVERED', attempts: 1, lastError: null }]);
  });

  it('queues every other chosen channel for the senders, without claiming to have sent anything', () => {
    expect(plannedDeliveries(reach({ channels: ['TELEGRAM', 'CABINET', 'EMAIL', 'SMS'] }))).toEqual([
      { channel: 'CABINET', status: 'DELIVERED', attempts: 1, lastError: null },
      { channel: 'EMAIL', status: 'QUEUED', attempts: 0, lastError: null },
      { channel: 'SMS', status: 'QUEUED', attempts: 0, lastError: null },
      { channel: 'TELEGRAM', status: 'QUEUED', attempts: 0, lastError: null },
    ]);
  });

  it('fails a channel whose address is gone, saying how to fix it', () => {
    const deliveries = plannedDeliveries(reach({ channels: ['CABINET', 'EMAIL', 'SMS', 'TELEGRAM'], email: null, phone: null, telegramChatId: null }));
    expect(deliveries.slice(1)).toEqual([
      { channel: 'EMAIL', status: 'FAILED', attempts: 0, lastError: 'The account has no verified email address: confirm one with updateContact and verifyContact, or turn EMAIL off in the notification preferences.' },
      { channel: 'SMS', status: 'FAILED', attempts: 0, lastError: 'The account has no verified phone number: confirm one with updateContact and verifyContact, or turn SMS off in the notification preferences.' },
      { channel: 'TELEGRAM', status: 'FAILED', attempts: 0, lastError: 'No Telegram chat is linked: link one with startTelegramLink, or turn TELEGRAM off in the notification preferences.' },
    ]);
  });

  it('reaches a blocked account through the cabinet only', () => {
    expect(plannedDeliveries(reach({ channels: ['CABINET', 'EMAIL'], blocked: true })).map((d) => d.channel)).toEqual(['CABINET']);
  });
});

describe('plannedDeliveries for an account closed by withdrawal of consent', () => {
  it('keeps only the cabinet, except for the notice confirming the withdrawal', () => {
    const closed = reach({ channels: ['CABINET', 'EMAIL', 'SMS'], closed: true });
    expect(plannedDeliveries(closed).map((d) => d.channel)).toEqual(['CABINET']);
    expect(plannedDeliveries(closed, { closingNotice: true }).map((d) => [d.channel, d.status])).toEqual([
      ['CABINET', 'DELIVERED'],
      ['EMAIL', 'QUEUED'],
      ['SMS', 'QUEUED'],
    ]);
  });
});

import { composeCodeMessage } from './code-message.rules';

const expiresAt = new Date('2026-12-01T08:15:00.000Z');

describe('the message of a one-time code', () => {
  it('says what the code is for and until when, in the holder\'s language', () => {
    const ru = composeCodeMessage({ purpose: 'VERIFY_CONTACT', channel: 'EMAIL', language: 'RU', code: '042917', expiresAt });
    expect(ru.title).toBe('Госпортал: код для подтверждения адреса электронной почты — 042917');
    expect(ru.body).toContain('действует до 01.12.2026 14:15');
    expect(ru.body).toContain('Если вы не запрашивали код');
    const ky = composeCodeMessage({ purpose: 'PASSWORD_RESET', channel: 'SMS', language: 'KY', code: '042917', expiresAt });
    expect(ky.sms).toBe('Госпортал: сырсөздү калыбына келтирүү коду 042917, 01.12.2026 14:15 чейин жарактуу. Эч кимге айтпаңыз.');
  });

  it('keeps an SMS code short: at most two concatenated UCS-2 parts (2 × 67 units)', () => {
    for (const language of ['KY', 'RU'] as const) {
      for (const purpose of ['VERIFY_CONTACT', 'PASSWORD_RESET'] as const) {
        expect(composeCodeMessage({ purpose, channel: 'SMS', language, code: '123456', expiresAt }).sms.length).toBeLessThanOrEqual(134);
      }
    }
  });
});

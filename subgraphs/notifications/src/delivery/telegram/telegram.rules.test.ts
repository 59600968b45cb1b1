import { chatIsUnusable, classifyBotApiAnswer, composeTelegramText, hashLinkCode, linkCodeState, linkReply, startCode, telegramDeepLink, TELEGRAM_TEXT_LIMIT } from './telegram.rules';

describe('composeTelegramText', () => {
  const notice = { language: 'RU' as const, title: 'Заявление получено', body: 'Ваше заявление <b>принято</b> & ждёт.', applicationNumber: 'KG-2026-000001' };

  it('names the application, keeps markup-like text as it is (no parse mode) and links to the cabinet', () => {
    expect(composeTelegramText(notice, 'https://portal.kg/cabinet/applications/1')).toBe(
      'Заявление получено (№ KG-2026-000001)\n\nВаше заявление <b>принято</b> & ждёт.\n\nОткрыть в личном кабинете: https://portal.kg/cabinet/applications/1',
    );
    expect(composeTelegramText({ ...notice, language: 'KY', title: '№ KG-2026-000001 өтүнмө алынды' }, 'u')).toMatch(/^№ KG-2026-000001 өтүнмө алынды\n\n.*\n\nЖеке кабинетте ачуу: u$/s);
  });

  it('stays within Telegram\'s 4096 characters', () => {
    const text = composeTelegramText({ ...notice, body: 'а'.repeat(5000) }, 'https://portal.kg/x');
    expect(text.length).toBeLessThanOrEqual(TELEGRAM_TEXT_LIMIT);
    expect(text).toContain('…\n\nОткрыть в личном кабинете: https://portal.kg/x');
  });
});

describe('classifyBotApiAnswer', () => {
  it('takes ok answers as sent with the message id', () => {
    expect(classifyBotApiAnswer(200, { ok: true, result: { message_id: 77 } })).toEqual({ kind: 'sent', providerMessageId: '77', delivered: true });
  });

  it('honours retry_after of a 429', () => {
    expect(classifyBotApiAnswer(429, { ok: false, error_code: 429, description: 'Too Many Requests: retry after 7', parameters: { retry_after: 7 } })).toEqual({
      kind: 'transient',
      reason: 'Telegram asked to slow down (429): Too Many Requests: retry after 7',
      retryAfterMs: 7000,
    });
    expect(classifyBotApiAnswer(429, null)).toEqual({ kind: 'transient', reason: 'Telegram asked to slow down (429): HTTP 429' });
  });

  it('fails a blocked bot for good and marks the chat unusable', () => {
    const blocked = { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' };
    expect(classifyBotApiAnswer(403, blocked)).toEqual({ kind: 'permanent', reason: 'Telegram refused the chat (403): Forbidden: bot was blocked by the user. Link Telegram again with startTelegramLink.' });
    expect(chatIsUnusable(403, blocked)).toBe(true);
    expect(chatIsUnusable(400, { ok: false, error_code: 400, description: 'Bad Request: chat not found' })).toBe(false);
  });

  it('retries server errors and fails other refusals', () => {
    expect(classifyBotApiAnswer(502, null)).toMatchObject({ kind: 'transient' });
    expect(classifyBotApiAnswer(500, { ok: false, error_code: 500, description: 'Internal Server Error' })).toMatchObject({ kind: 'transient' });
    expect(classifyBotApiAnswer(400, { ok: false, error_code: 400, description: 'Bad Request: chat not found' })).toEqual({ kind: 'permanent', reason: 'Telegram refused the message (400): Bad Request: chat not found' });
  });
});

describe('linking', () => {
  it('reads the code of /start only', () => {
    const code = 'abcdefghijklmnopQRSTUV_-12';
    expect(startCode(`/start ${code}`)).toBe(code);
    expect(startCode(`/start@PortalBot ${code}`)).toBe(code);
    for (const text of [undefined, '/start', '/start short', `/help ${code}`, `/start ${code} extra`, `/start ${code}; drop`]) expect(startCode(text)).toBeNull();
  });

  it('hashes codes and builds t.me deep links', () => {
    expect(hashLinkCode('x')).toMatch(/^[0-9a-f]{64}$/);
    expect(hashLinkCode('x')).not.toBe(hashLinkCode('y'));
    expect(telegramDeepLink('@KgPortalBot', 'abc_DEF-1')).toBe('https://t.me/KgPortalBot?start=abc_DEF-1');
  });

  it('lets a code link once and only before it expires', () => {
    const now = new Date('2026-12-01T10:00:00Z');
    expect(linkCodeState(null, now)).toBe('unknown');
    expect(linkCodeState({ expiresAt: new Date('2026-12-01T10:05:00Z'), usedAt: null }, now)).toBe('valid');
    expect(linkCodeState({ expiresAt: new Date('2026-12-01T10:00:00Z'), usedAt: null }, now)).toBe('expired');
    expect(linkCodeState({ expiresAt: new Date('2026-12-01T10:05:00Z'), usedAt: new Date('2026-12-01T09:59:00Z') }, now)).toBe('used');
  });

  it('answers the chat in the user language', () => {
    expect(linkReply('valid', 'RU')).toMatch(/^Telegram подключён/);
    expect(linkReply('valid', 'KY')).toMatch(/^Telegram туташтырылды/);
    expect(linkReply('used', 'RU')).toMatch(/^Эта ссылка недействительна/);
    expect(linkReply('expired', 'KY')).toMatch(/^Бул шилтеме жараксыз/);
  });
});

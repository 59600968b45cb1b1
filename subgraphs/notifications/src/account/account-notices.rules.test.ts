import { noticeForAccountTakeover, noticeForConsentWithdrawn, noticeForContactVerified, noticeForPasswordChange, noticeForPasswordReset, noticeForSessionEnded, noticeForTermsAccepted } from './account-notices.rules';

const fact = { userId: 'u1', at: '2026-12-01T08:05:00.000Z', passwordCleared: true, sessionsEnded: 2, signingKeysRevoked: 1, preferredLanguage: 'RU' as const };

describe('the notice of an account taken over through the national ID', () => {
  it('says in both languages what was revoked, and whom to ask', () => {
    const notice = noticeForAccountTakeover(fact, new Date());
    expect(notice).toMatchObject({ userId: 'u1', type: 'ACCOUNT_TAKEN_OVER', sourceKey: 'user:u1:taken-over:2026-12-01T08:05:00.000Z' });
    expect(notice.body.ru).toContain('01.12.2026 14:05');
    expect(notice.body.ru).toContain('прежний пароль удалён');
    expect(notice.body.ru).toContain('завершено сеансов: 2; отозвано ключей подписи: 1.');
    expect(notice.body.ru).toContain('обратитесь к оператору портала');
    expect(notice.body.ky).toContain('мурунку сырсөз өчүрүлдү');
    expect(notice.body.ky).toContain('жабылган сеанстар: 2');
    expect(notice.title.ky).toMatch(/[өүң]/);
    expect(notice.title.ru).not.toMatch(/[өүң]/);
  });

  it('does not mention a password when the account had none', () => {
    const notice = noticeForAccountTakeover({ ...fact, passwordCleared: false }, new Date());
    expect(notice.body.ru).not.toContain('пароль');
    expect(notice.body.ky).not.toContain('сырсөз');
  });
});

describe('notices of what the holder changed from the cabinet', () => {
  it('a changed password says when, from where, how many other sessions ended, and whom to ask', () => {
    const notice = noticeForPasswordChange({ userId: 'u1', at: '2026-12-01T08:05:00.000Z', sessionsEnded: 2, ip: '203.0.113.5', userAgent: 'Firefox/128' }, new Date());
    expect(notice).toMatchObject({ userId: 'u1', type: 'PASSWORD_CHANGED', sourceKey: 'user:u1:password-changed:2026-12-01T08:05:00.000Z' });
    expect(notice.body.ru).toBe('01.12.2026 14:05 пароль учётной записи изменён (откуда: 203.0.113.5, Firefox/128). Все остальные сеансы завершены: 2. Если это были не вы, сразу обратитесь к оператору портала.');
    expect(notice.body.ky).toContain('сырсөзү өзгөртүлдү (кайдан: 203.0.113.5, Firefox/128)');
    expect(noticeForPasswordChange({ userId: 'u1', at: '2026-12-01T08:05:00.000Z', sessionsEnded: 0, ip: null, userAgent: null }, new Date()).body.ru).toContain('изменён. Все');
  });

  it('a session ended by the holder names its device; sessions ended for other reasons get no notice from here', () => {
    const fact = { userId: 'u1', sessionIds: ['s1'], endedAt: '2026-12-01T08:05:00.000Z', reason: 'ENDED_BY_USER' as const, method: 'PASSWORD', ip: '198.51.100.7', userAgent: 'KG Portal iOS/2.1' };
    const notice = noticeForSessionEnded(fact, new Date());
    expect(notice).toMatchObject({ type: 'SESSION_ENDED', sourceKey: 'session:s1:ended-by-user' });
    expect(notice!.body.ru).toContain('(его устройство: 198.51.100.7, KG Portal iOS/2.1)');
    expect(notice!.title.ky).toBe('Сеанстардын бири жабылды');
    for (const reason of ['LOGOUT', 'REUSE_DETECTED', 'USER_BLOCKED', 'ACCOUNT_TAKEN_OVER', 'PASSWORD_CHANGED'] as const) {
      expect(noticeForSessionEnded({ ...fact, reason }, new Date())).toBeNull();
    }
  });

  it('accepted terms name the new and the previous version, once per version', () => {
    const notice = noticeForTermsAccepted({ userId: 'u1', termsVersion: '2026-06', at: '2026-12-01T08:05:00.000Z', previousVersion: '2026-01' }, new Date());
    expect(notice).toMatchObject({ type: 'TERMS_ACCEPTED', sourceKey: 'user:u1:terms:2026-06' });
    expect(notice.body.ru).toBe('01.12.2026 14:05 принята редакция 2026-06 условий использования портала (прежняя: 2026-01).');
    expect(noticeForTermsAccepted({ userId: 'u1', termsVersion: '2026-06', at: '2026-12-01T08:05:00.000Z', previousVersion: null }, new Date()).body.ky).toMatch(/2026-06 редакциясы кабыл алынды\.$/);
  });
});

describe('notices of contacts, password resets and withdrawn consent', () => {
  it('names the verified contact and the one it replaced', () => {
    const notice = noticeForContactVerified({ userId: 'u1', channel: 'EMAIL', value: 'new@example.kg', previousValue: 'old@example.kg', at: '2026-12-01T08:05:00.000Z' }, new Date());
    expect(notice).toMatchObject({ type: 'CONTACT_VERIFIED', sourceKey: 'user:u1:contact-verified:EMAIL:2026-12-01T08:05:00.000Z' });
    expect(notice.body.ru).toContain('подтверждён адрес электронной почты: new@example.kg (прежний: old@example.kg).');
    expect(notice.title.ky).toBe('Электрондук почтанын дареги тастыкталды');
    const phone = noticeForContactVerified({ userId: 'u1', channel: 'PHONE', value: '+996555000111', previousValue: null, at: '2026-12-01T08:05:00.000Z' }, new Date());
    expect(phone.body.ru).not.toContain('прежний');
    expect(phone.title.ru).toBe('Номер телефона подтверждён');
  });

  it('says a reset ended every session, and by which channel the code went', () => {
    const notice = noticeForPasswordReset({ userId: 'u1', at: '2026-12-01T08:05:00.000Z', sessionsEnded: 3, ip: '203.0.113.5', channel: 'SMS' }, new Date());
    expect(notice.type).toBe('PASSWORD_RESET');
    expect(notice.body.ru).toContain('по коду, отправленному по SMS (откуда: 203.0.113.5).');
    expect(notice.body.ru).toContain('Все сеансы завершены: 3.');
    expect(notice.body.ky).toContain('SMS аркылуу');
  });

  it('says what withdrawing consent means for the account', () => {
    const notice = noticeForConsentWithdrawn({ userId: 'u1', at: '2026-12-01T08:05:00.000Z', sessionsEnded: 2, termsVersion: '2026-01' }, new Date());
    expect(notice.type).toBe('CONSENT_WITHDRAWN');
    expect(notice.body.ru).toContain('вход невозможен, уведомления больше не отправляются');
    expect(notice.body.ru).toContain('хранятся в течение срока, установленного законом');
    expect(notice.body.ky).toContain('аккаунт жабылды'.replace('аккаунт', 'Аккаунт'));
  });
});

import { noticeForAccountTakeover } from './account-notices.rules';

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

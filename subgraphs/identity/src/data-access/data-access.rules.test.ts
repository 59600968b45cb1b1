import { accountReadFor, actorLabel, PURPOSE_TEXT } from './data-access.rules';

describe('data-access records of accounts', () => {
  it('are not made for reading one’s own data', () => {
    expect(accountReadFor('SELF', 'u1', ['pin'])).toBeNull();
  });

  it('name the fields, and mark an official’s profile read by an applicant', () => {
    expect(accountReadFor('OFFICER', 'u1', ['pin'])).toEqual({ subjectUserId: 'u1', fields: ['pin'] });
    expect(accountReadFor('OPERATOR', 'u1', ['phone'])).toEqual({ subjectUserId: 'u1', fields: ['phone'] });
    expect(accountReadFor('OFFICIAL_PROFILE', 'u1', ['fullName'])).toEqual({ subjectUserId: 'u1', fields: ['fullName'], relation: 'OFFICIAL_PROFILE' });
  });

  it('name the purpose in both languages and the actor by name or as anonymous', () => {
    expect(PURPOSE_TEXT.PORTAL_ADMINISTRATION.ru).toBe('администрирование портала');
    expect(actorLabel(null, null)).toBe('anonymous');
    expect(actorLabel('u1', 'Azamat Sydykov')).toBe('Azamat Sydykov');
    expect(actorLabel('u1', undefined)).toBe('unknown user');
  });
});

import { accountReadFor, actorLabel, PURPOSE_TEXT } from './data-access.rules';

describe('data-access records of accounts', () => {
  const citizen = { id: 'u1', roles: ['CITIZEN' as const] };
  const official = { id: 'o1', roles: ['PROVIDER_OFFICER' as const] };

  it('are not made for reading one’s own data', () => {
    expect(accountReadFor('SELF', citizen, ['pin'])).toBeNull();
  });

  it('name the fields, and mark an official’s profile read by an applicant or a colleague', () => {
    expect(accountReadFor('OFFICER', citizen, ['pin'])).toEqual({ subjectUserId: 'u1', fields: ['pin'] });
    expect(accountReadFor('OPERATOR', citizen, ['phone'])).toEqual({ subjectUserId: 'u1', fields: ['phone'] });
    expect(accountReadFor('OFFICIAL_PROFILE', official, ['fullName'])).toEqual({ subjectUserId: 'o1', fields: ['fullName'], relation: 'OFFICIAL_PROFILE' });
    expect(accountReadFor('OFFICER', official, ['fullName'])).toEqual({ subjectUserId: 'o1', fields: ['fullName'], relation: 'OFFICIAL_PROFILE' });
    // the operator administers every account, officials' too
    expect(accountReadFor('OPERATOR', official, ['phone'])).toEqual({ subjectUserId: 'o1', fields: ['phone'] });
  });

  it('name the purpose in both languages and the actor by name or as anonymous', () => {
    expect(PURPOSE_TEXT.PORTAL_ADMINISTRATION.ru).toBe('администрирование портала');
    expect(actorLabel(null, null)).toBe('anonymous');
    expect(actorLabel('u1', 'Azamat Sydykov')).toBe('Azamat Sydykov');
    expect(actorLabel('u1', undefined)).toBe('unknown user');
    expect(actorLabel(null, null, 'provider-1')).toBe("the provider's document management system (EDMS)");
  });
});

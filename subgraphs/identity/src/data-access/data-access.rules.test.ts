import { PURPOSE_TEXT, accessRecordFor, actorLabel } from './data-access.rules';

describe('data-access records', () => {
  it('are not made for reading one’s own data', () => {
    expect(accessRecordFor('SELF')).toBeNull();
  });

  it('derive the purpose from the role that allowed the read', () => {
    expect(accessRecordFor('OFFICER')).toEqual({ actorRole: 'PROVIDER_OFFICER', purpose: 'PROVIDER_APPLICATION_PROCESSING' });
    expect(accessRecordFor('OPERATOR')).toEqual({ actorRole: 'OPERATOR', purpose: 'PORTAL_ADMINISTRATION' });
    expect(accessRecordFor('OFFICIAL_PROFILE')).toEqual({ actorRole: 'CITIZEN', purpose: 'OFFICIAL_PROFILE' });
  });

  it('name the purpose in both languages and the actor by id or as anonymous', () => {
    expect(PURPOSE_TEXT.PORTAL_ADMINISTRATION.ru).toBe('администрирование портала');
    expect(actorLabel(null)).toBe('anonymous');
    expect(actorLabel('u1')).toBe('u1');
  });
});

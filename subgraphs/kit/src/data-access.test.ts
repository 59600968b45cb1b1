import type { EntityManager } from '@mikro-orm/postgresql';
import type { Caller } from './caller';
import { LoaderRegistry, type SubgraphContext } from './context';
import { recordPersonalDataRead, rootFieldOf } from './data-access';
import { type PersonalDataReadRecord, purposeOfRead, readRecordsFor } from './rules/data-access';

const caller = (over: Partial<Caller>): Caller => ({ userId: 'officer', roles: ['PROVIDER_OFFICER'], providerId: 'p1', acceptLanguage: null, preferredLanguage: null, ip: null, requestId: 'r1', ...over });
const at = new Date('2026-12-01T08:00:00Z');

describe('personal-data read records', () => {
  it('take the purpose from the role and the operation', () => {
    expect(purposeOfRead(caller({}), 'applicationQueue')).toEqual({ actorRole: 'PROVIDER_OFFICER', purpose: 'PROVIDER_APPLICATION_PROCESSING' });
    expect(purposeOfRead(caller({ roles: ['OPERATOR'], providerId: null }), 'application')).toEqual({ actorRole: 'OPERATOR', purpose: 'PORTAL_ADMINISTRATION' });
    // an operator who is also an officer works the queue as an officer, and reads elsewhere as the operator
    expect(purposeOfRead(caller({ roles: ['OPERATOR', 'PROVIDER_OFFICER'] }), 'applicationQueue').purpose).toBe('PROVIDER_APPLICATION_PROCESSING');
    expect(purposeOfRead(caller({ roles: ['OPERATOR', 'PROVIDER_OFFICER'] }), '_entities').purpose).toBe('PORTAL_ADMINISTRATION');
    expect(purposeOfRead(caller({ roles: ['CITIZEN'], providerId: null }), '_entities', 'OFFICIAL_PROFILE')).toEqual({ actorRole: 'CITIZEN', purpose: 'OFFICIAL_PROFILE' });
  });

  it("drop one's own reads and merge one subject's reads per application, every field once", () => {
    const records = readRecordsFor(
      caller({}),
      [
        { subjectUserId: 'officer', fields: ['pin'] },
        { subjectUserId: 'aigul', fields: ['application.data'], applicationId: 'a1', applicationNumber: 'KG-1' },
        { subjectUserId: 'aigul', fields: ['result.document', 'application.data'], applicationId: 'a1' },
        { subjectUserId: 'aigul', fields: ['pin'] },
      ],
      'application',
      at,
    );
    expect(records).toEqual([
      {
        subjectUserId: 'aigul',
        actorUserId: 'officer',
        actorRole: 'PROVIDER_OFFICER',
        actorProviderId: 'p1',
        purpose: 'PROVIDER_APPLICATION_PROCESSING',
        fields: ['application.data', 'result.document'],
        applicationId: 'a1',
        applicationNumber: 'KG-1',
        operation: 'application',
        requestId: 'r1',
        at: at.toISOString(),
      },
      expect.objectContaining({ subjectUserId: 'aigul', fields: ['pin'], applicationId: null }),
    ]);
  });

  it('name the root field of the request', () => {
    const path = { prev: { prev: { prev: undefined, key: 'application', typename: 'Query' }, key: 'result', typename: 'Application' }, key: 'document', typename: 'ResultDocument' };
    expect(rootFieldOf({ path })).toBe('application');
    expect(rootFieldOf(null)).toBeNull();
  });
});

describe('recordPersonalDataRead', () => {
  const ctx = (who: Caller): SubgraphContext => ({ caller: who, em: {} as EntityManager, loaders: new LoaderRegistry() });

  it('writes all reads of one request with one call of the sink, and nothing for own reads', async () => {
    const writes: PersonalDataReadRecord[][] = [];
    const sink = async (_em: EntityManager, records: PersonalDataReadRecord[]) => {
      writes.push(records);
    };
    const request = ctx(caller({}));
    await Promise.all(
      Array.from({ length: 50 }, (_, i) => recordPersonalDataRead(request, { subjectUserId: `u${i}`, fields: ['application.data'], applicationId: `a${i}` }, null, sink)),
    );
    expect(writes).toHaveLength(1);
    expect(writes[0]).toHaveLength(50);

    await recordPersonalDataRead(ctx(caller({ userId: 'u1' })), { subjectUserId: 'u1', fields: ['pin'] }, null, sink);
    expect(writes).toHaveLength(1);
  });

  it('records a shared live-feed render for every user it is made for, in the same one write', async () => {
    const writes: PersonalDataReadRecord[][] = [];
    const sink = async (_em: EntityManager, records: PersonalDataReadRecord[]) => {
      writes.push(records);
    };
    // the applicant is among the recipients: their own read is not recorded, the officers' are
    const shared = ctx(caller({ userId: 'o1', alsoFor: ['o2', 'o3', 'aigul'] }));
    await recordPersonalDataRead(shared, { subjectUserId: 'aigul', fields: ['application.data'], applicationId: 'a1' }, { path: { key: 'application', prev: undefined, typename: 'Query' } }, sink);
    expect(writes).toHaveLength(1);
    expect(writes[0].map((record) => record.actorUserId).sort()).toEqual(['o1', 'o2', 'o3']);
    expect(writes[0].every((record) => record.actorProviderId === 'p1' && record.purpose === 'PROVIDER_APPLICATION_PROCESSING' && record.operation === 'application')).toBe(true);
    // the representative's own data read for the others is still recorded for them
    await recordPersonalDataRead(ctx(caller({ userId: 'o1', alsoFor: ['o2'] })), { subjectUserId: 'o1', fields: ['pin'] }, null, sink);
    expect(writes[1].map((record) => record.actorUserId)).toEqual(['o2']);
  });

  it('fails the read when the record cannot be written', async () => {
    const sink = async () => {
      throw new Error('database down');
    };
    await expect(recordPersonalDataRead(ctx(caller({})), { subjectUserId: 'u2', fields: ['pin'] }, null, sink)).rejects.toThrow('database down');
  });
});

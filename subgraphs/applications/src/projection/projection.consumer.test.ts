import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { captureLogs, publishTestEvent, startTestSubgraph, type TestSubgraph } from '@portal/kit';
import { createApplicationsSubgraph } from '../subgraph';
import { ApplicationsWorld } from '../testing/world';

let subgraph: TestSubgraph;
let world: ApplicationsWorld;
let db: Client;

beforeAll(async () => {
  subgraph = await startTestSubgraph(createApplicationsSubgraph());
  world = new ApplicationsWorld(subgraph);
  db = new Client({ connectionString: subgraph.databaseUrl });
  await db.connect();
});

afterAll(async () => {
  await db?.end();
  await subgraph?.close();
});

const profileEvent = (userId: string, fullName: string, roles: Array<'CITIZEN' | 'PROVIDER_OFFICER'> = ['CITIZEN']) => ({
  userId,
  kind: 'INDIVIDUAL' as const,
  pin: '11203199000123',
  fullName,
  birthDate: null,
  address: null,
  email: 'user@example.kg',
  phone: null,
  preferredLanguage: 'RU' as const,
  roles,
  providerId: null,
  blocked: false,
});

describe('projections of identity and catalog events', () => {
  it('keeps the newest profile: a late older event never overwrites it, a repeat changes nothing', async () => {
    const userId = randomUUID();
    await publishTestEvent(subgraph.databaseUrl, 'UserProfileChanged', { type: 'User', id: userId, version: 2 }, profileEvent(userId, 'Newer Name', ['CITIZEN', 'PROVIDER_OFFICER']));
    await publishTestEvent(subgraph.databaseUrl, 'UserProfileChanged', { type: 'User', id: userId, version: 1 }, profileEvent(userId, 'Older Name'));
    await publishTestEvent(subgraph.databaseUrl, 'UserProfileChanged', { type: 'User', id: userId, version: 2 }, profileEvent(userId, 'Newer Name', ['CITIZEN', 'PROVIDER_OFFICER']));
    await world.drain();
    const { rows } = await db.query('select full_name, roles, profile_version from applications.applicant_profile where user_id = $1', [userId]);
    expect(rows).toEqual([{ full_name: 'Newer Name', roles: ['CITIZEN', 'PROVIDER_OFFICER'], profile_version: 2 }]);
  });

  it('keeps a published service version as first received', async () => {
    const service = await world.service({ providerId: randomUUID(), feeMinor: 5000, title: 'Первый' });
    await world.service({ providerId: randomUUID(), id: service.id, version: 1, feeMinor: 9999, title: 'Второй' });
    await world.drain();
    const { rows } = await db.query(`select fee_minor, title->>'ru' as title from applications.service_version where service_id = $1`, [service.id]);
    expect(rows).toEqual([{ fee_minor: 5000, title: 'Первый' }]);
  });

  it('records a revocation once, keeping its first time', async () => {
    const citizen = await world.citizen();
    await world.revokeKey(citizen);
    await publishTestEvent(subgraph.databaseUrl, 'SigningKeyRevoked', { type: 'SigningKey', id: citizen.keyId, version: 3 }, { keyId: citizen.keyId, userId: citizen.id, revokedAt: '2026-02-01T00:00:00.000Z' });
    await world.drain();
    const { rows } = await db.query('select revoked_at from applications.signing_key where id = $1', [citizen.keyId]);
    expect(rows.map((row) => (row.revoked_at as Date).toISOString())).toEqual(['2026-01-15T00:00:00.000Z']);
  });

  it('ignores a payment for an application it does not know and carries on with the next events', async () => {
    const logs = captureLogs();
    try {
      const applicationId = randomUUID();
      await publishTestEvent(subgraph.databaseUrl, 'PaymentConfirmed', { type: 'Accrual', id: randomUUID(), version: 2 }, {
        accrualId: randomUUID(),
        applicationId,
        payerId: '11203199000123',
        amountMinor: 100,
        receiptNumber: 'R-1',
        paidAt: new Date().toISOString(),
      });
      const userId = randomUUID();
      await publishTestEvent(subgraph.databaseUrl, 'UserProfileChanged', { type: 'User', id: userId, version: 1 }, profileEvent(userId, 'After The Payment'));
      await world.drain();
      expect(logs.lines).toContainEqual(expect.objectContaining({ level: 'warn', message: expect.stringContaining(`PaymentConfirmed for unknown application ${applicationId}: ignored`) }));
      const { rows } = await db.query('select full_name from applications.applicant_profile where user_id = $1', [userId]);
      expect(rows).toEqual([{ full_name: 'After The Payment' }]);
    } finally {
      logs.stop();
    }
  });
});

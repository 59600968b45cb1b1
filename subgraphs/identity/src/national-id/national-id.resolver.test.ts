import { DEMO_USERS, type TestSubgraph, startTestSubgraph } from '@portal/kit';
import { type NationalIdStandin, nationalIdSubjectForPin, startNationalIdStandin } from '@portal/standins';
import { SignJWT, generateKeyPair } from 'jose';
import { createIdentitySubgraph } from '../subgraph';
import { firstError, standinSettings, testIdentityConfig } from '../testing';

const LOGIN = `mutation($token: String!) {
  loginWithNationalId(idToken: $token) { accessToken refreshToken user { id kind pin fullName birthDate address email phone preferredLanguage roles } }
}`;
const RU = { acceptLanguage: 'RU' as const };

interface Payload {
  loginWithNationalId: { accessToken: string; refreshToken: string; user: Record<string, unknown> & { id: string } };
}

describe('sign-in through the Unified Identification System', () => {
  let nationalId: NationalIdStandin;
  let identity: TestSubgraph;
  beforeAll(async () => {
    nationalId = await startNationalIdStandin({ port: 0 });
    identity = await startTestSubgraph(
      createIdentitySubgraph(testIdentityConfig(standinSettings(nationalId))),
      { seed: true },
    );
  });
  afterAll(async () => {
    await identity?.close();
    await nationalId?.close();
  });

  const signIn = (token: string, caller: object = RU) => identity.request<Payload>(LOGIN, { token }, caller);
  const sql = <T = Record<string, unknown>>(query: string, params: unknown[] = []) => identity.orm.em.fork().execute<T[]>(query, params);
  const person = { pin: '21010200000018', name: 'Timur Usenov', birthdate: '2000-10-10', address: 'г. Каракол, ул. Токтогула, 12' };

  describe('refused', () => {
    it('a token signed by another key (forged), with or without a known key id', async () => {
      const { privateKey } = await generateKeyPair('ES256');
      const forge = (kid: string) =>
        new SignJWT({ pin: person.pin, name: person.name })
          .setProtectedHeader({ alg: 'ES256', kid })
          .setIssuer(nationalId.issuer)
          .setAudience(nationalId.clientId)
          .setSubject('kg-forged')
          .setIssuedAt()
          .setExpirationTime('5m')
          .sign(privateKey);
      const jwks = (await (await fetch(nationalId.jwksUrl)).json()) as { keys: Array<{ kid: string }> };
      for (const kid of [jwks.keys[0].kid, 'unknown-kid']) {
        const error = firstError(await signIn(await forge(kid)));
        expect(error).toMatchObject({ code: 'UNAUTHENTICATED', message: 'Подпись токена не подтверждается ключами Единой системы идентификации.' });
        expect(error.extensions.reason).toBe('BAD_SIGNATURE');
      }
    });

    it('an expired token', async () => {
      const error = firstError(await signIn(await nationalId.issueIdToken(person, { expiresInSeconds: -120 })));
      expect(error).toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringMatching(/Срок действия токена Единой системы идентификации истёк/), extensions: { code: 'UNAUTHENTICATED', reason: 'EXPIRED' } });
    });

    it('a token issued for another client', async () => {
      const error = firstError(await signIn(await nationalId.issueIdToken(person, { audience: 'another-portal' })));
      expect(error).toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringMatching(/выдан не Единой системой идентификации для этого портала/) });
    });

    it('text that is not a token, and a token without a valid PIN', async () => {
      expect(firstError(await signIn('not.a.jwt'))).toMatchObject({ code: 'UNAUTHENTICATED', message: 'Это не токен Единой системы идентификации.' });
      const noPin = firstError(await signIn(await nationalId.issueIdToken({ ...person, pin: '00000000000000' })));
      expect(noPin).toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringMatching(/personal identification number/) });
    });

    it('a blocked account', async () => {
      await sql("update identity.user_account set blocked_at = now(), blocked_reason = 'test' where id = ?", [DEMO_USERS.EXECUTOR_MVD]);
      const token = await nationalId.issueIdToken({ pin: '10106199300086', name: 'Nazira Kadyrova' });
      expect(firstError(await signIn(token))).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/заблокирована/) });
    });
  });

  describe('allowed', () => {
    it('a new person: the account is created from the registry data, with consent through the national system', async () => {
      const result = await signIn(await nationalId.issueIdToken({ ...person, email: 'timur@example.kg', phone_number: '+996 770 12 34 56' }));
      expect(result.errors).toBeUndefined();
      const { user, refreshToken } = result.data!.loginWithNationalId;
      expect(user).toEqual({
        id: expect.any(String),
        kind: 'INDIVIDUAL',
        pin: person.pin,
        fullName: 'Timur Usenov',
        birthDate: '2000-10-10',
        address: person.address,
        email: 'timur@example.kg',
        phone: '+996770123456',
        preferredLanguage: 'RU',
        roles: ['CITIZEN'],
      });
      expect(refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const [link] = await sql('select subject, issuer, created_account from identity.national_id_link where user_id = ?', [user.id]);
      expect(link).toEqual({ subject: nationalIdSubjectForPin(person.pin), issuer: nationalId.issuer, created_account: true });
      const [consent] = await sql('select terms_version, channel from identity.consent where user_id = ?', [user.id]);
      expect(consent).toEqual({ terms_version: '2026-01', channel: 'NATIONAL_ID' });
      const [account] = await sql('select password_hash from identity.user_account where id = ?', [user.id]);
      expect(account).toEqual({ password_hash: null });

      const again = await signIn(await nationalId.issueIdToken(person));
      expect(again.data!.loginWithNationalId.user.id).toBe(user.id);
    });

    it('an account without a password and never linked (nobody could have used it): linked, nothing revoked', async () => {
      const [row] = await sql<{ id: string }>(
        "insert into identity.user_account (id, kind, pin, full_name, preferred_language, roles, version, created_at, updated_at) values (gen_random_uuid(), 'INDIVIDUAL', '10101200000024', 'Aida Bekova', 'KY', '{CITIZEN}', 1, now(), now()) returning id",
      );
      const result = await signIn(await nationalId.issueIdToken({ pin: '10101200000024', name: 'Aida Bekova' }));
      expect(result.errors).toBeUndefined();
      expect(result.data!.loginWithNationalId.user.id).toBe(row.id);
      expect(await sql('select created_account, took_over_at from identity.national_id_link where user_id = ?', [row.id])).toEqual([{ created_account: false, took_over_at: null }]);
      expect(await sql("select 1 from identity.outbox where aggregate_id = ? and type = 'AccountTakenOverByNationalId'", [row.id])).toEqual([]);
    });
  });
});

import { DEMO_USERS, type TestSubgraph, startTestSubgraph } from '@portal/kit';
import { type NationalIdStandin, nationalIdSubjectForPin, type TundukStandin } from '@portal/standins';
import { SignJWT, generateKeyPair } from 'jose';
import { createIdentitySubgraph } from '../subgraph';
import { firstError, startRegisterStandins, testIdentityConfig } from '../testing';

const LOGIN = `mutation($token: String!) {
  loginWithNationalId(idToken: $token) { accessToken refreshToken user { id kind pin fullName birthDate address email phone preferredLanguage roles } }
}`;
const RU = { acceptLanguage: 'RU' as const };

interface Payload {
  loginWithNationalId: { accessToken: string; refreshToken: string; user: Record<string, unknown> & { id: string } };
}

describe('sign-in through the Unified Identification System', () => {
  let nationalId: NationalIdStandin;
  let registers: Awaited<ReturnType<typeof startRegisterStandins>>;
  let tunduk: TundukStandin;
  let identity: TestSubgraph;
  beforeAll(async () => {
    // the national-ID stand-in puts everyone it signs a token for into the population register, as `npm start` does
    registers = await startRegisterStandins({ nationalId: true });
    nationalId = registers.nationalId!;
    tunduk = registers.tunduk;
    identity = await startTestSubgraph(
      createIdentitySubgraph(testIdentityConfig(registers.env)),
      { seed: true },
    );
  });
  afterAll(async () => {
    await identity?.close();
    await registers?.close();
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

    it('a new person the population register does not know, or records as deceased: nothing is created', async () => {
      // the register stand-in learns token holders only from the national-ID stand-in's own tokens; this one is forged past it
      const unknown = await nationalId.issueIdToken({ pin: '21212199900011', name: 'Nobody Known' });
      tunduk.registries.addPerson({ pin: '21212199900011', surname: 'Nobody', name: 'Known', birthDate: '1999-12-12', deceased: true });
      expect(firstError(await signIn(unknown))).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/этот человек умер/), extensions: expect.objectContaining({ problem: 'REGISTER_DECEASED' }) });
      expect(await sql("select 1 from identity.user_account where pin = '21212199900011'")).toEqual([]);
    });

    it('a new person while the register is down: RATE_LIMITED, nothing created, the token not spent', async () => {
      const token = await nationalId.issueIdToken({ pin: '23112199900012', name: 'Later Comer', birthdate: '1999-12-31' });
      tunduk.setMode('unavailable');
      try {
        expect(firstError(await signIn(token))).toMatchObject({ code: 'RATE_LIMITED', extensions: expect.objectContaining({ reason: 'REGISTER_UNAVAILABLE' }) });
      } finally {
        tunduk.setMode('normal');
      }
      expect(await sql("select 1 from identity.user_account where pin = '23112199900012'")).toEqual([]);
      await new Promise((resolve) => setTimeout(resolve, 250)); // the breaker's cool-down in tests
      expect((await signIn(token)).errors).toBeUndefined();
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

    it("a new person's account takes name, birth date and address from the population register, not from the token", async () => {
      tunduk.addPerson({ pin: '11203198800017', surname: 'Үсөнова', name: 'Айжан', patronymic: 'Бакытовна', birthDate: '1988-03-12', address: 'г. Нарын, ул. Ленина, 1' });
      const result = await identity.request<{ loginWithNationalId: { user: Record<string, unknown> } }>(
        'mutation($token: String!) { loginWithNationalId(idToken: $token) { user { fullName birthDate address identityVerified } } }',
        { token: await nationalId.issueIdToken({ pin: '11203198800017', name: 'Aizhan Usenova', address: 'somewhere else' }) },
        RU,
      );
      expect(result.data!.loginWithNationalId.user).toEqual({ fullName: 'Үсөнова Айжан Бакытовна', birthDate: '1988-03-12', address: 'г. Нарын, ул. Ленина, 1', identityVerified: true });
      const [read] = await sql("select purpose, source, operation from identity.data_access_log where subject_user_id = (select id from identity.user_account where pin = '11203198800017')");
      expect(read).toEqual({ purpose: 'IDENTITY_VERIFICATION', source: 'tunduk', operation: 'KG/GOV/70000002/population/person' });
    });

    it('an account without a password and never linked (nobody could have used it): linked, nothing revoked', async () => {
      const [row] = await sql<{ id: string }>(
        "insert into identity.user_account (id, kind, pin, full_name, preferred_language, roles, version, created_at, updated_at) values (gen_random_uuid(), 'INDIVIDUAL', '10101200000024', 'Aida Bekova', 'KY', '{CITIZEN}', 1, now(), now()) returning id",
      );
      const result = await signIn(await nationalId.issueIdToken({ pin: '10101200000024', name: 'Aida Bekova' }));
      expect(result.errors).toBeUndefined();
      expect(result.data!.loginWithNationalId.user.id).toBe(row.id);
      expect(await sql('select created_account, took_over_at from identity.national_id_link where user_id = ?', [row.id])).toEqual([{ created_account: false, took_over_at: null }]);
      // the national system established who this is
      expect(await sql('select identity_verified_by from identity.user_account where id = ?', [row.id])).toEqual([{ identity_verified_by: 'NATIONAL_ID' }]);
      expect(await sql("select 1 from identity.outbox where aggregate_id = ? and type = 'AccountTakenOverByNationalId'", [row.id])).toEqual([]);
    });
  });
});

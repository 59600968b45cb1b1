import { DEMO_PROVIDERS, DEMO_USERS, type TestSubgraph, startTestSubgraph } from '@portal/kit';
import { type CertificationAuthorityStandin, createTestCertificationAuthority, startCertificationAuthorityStandin, type TestCertificationAuthority } from '@portal/standins';
import * as x509 from '@peculiar/x509';
import { generateKeyPairSync, type webcrypto } from 'node:crypto';
import { createIdentitySubgraph } from '../subgraph';
import { firstError, testIdentityConfig } from '../testing';

const REGISTER = `mutation($jwk: JSON!, $chain: [String!]) {
  registerSigningKey(publicKeyJwk: $jwk, certificateChainPem: $chain) { id level publicKeyJwk thumbprint certificateSubject certificateNotAfter createdAt revokedAt owner { id } }
}`;
const REVOKE = 'mutation($id: ID!) { revokeSigningKey(id: $id) { id revokedAt } }';
const KEY_ENTITIES = 'query($reps: [_Any!]!) { _entities(representations: $reps) { ... on SigningKey { id level publicKeyJwk revokedAt owner { id fullName } } } }';

const AIGUL = { userId: DEMO_USERS.CITIZEN_AIGUL, roles: ['CITIZEN' as const] };
const AIGUL_PIN = '11505199012345';
const BAKYT = { userId: DEMO_USERS.CITIZEN_BAKYT, roles: ['CITIZEN' as const] };
const OPERATOR = { userId: DEMO_USERS.OPERATOR, roles: ['OPERATOR' as const] };
const OFFICER = { userId: DEMO_USERS.OFFICER_MVD, roles: ['PROVIDER_OFFICER' as const], providerId: DEMO_PROVIDERS.MVD };

interface RegisteredKey {
  id: string;
  level: string;
  publicKeyJwk: Record<string, string>;
  thumbprint: string;
  certificateSubject: string | null;
  certificateNotAfter: string | null;
  revokedAt: string | null;
  owner: { id: string };
}

async function webCryptoSigner(): Promise<{ keys: webcrypto.CryptoKeyPair; jwk: Record<string, unknown> }> {
  const keys = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  return { keys, jwk: (await crypto.subtle.exportKey('jwk', keys.publicKey)) as Record<string, unknown> };
}
const p256 = () => generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' });

describe('signing keys', () => {
  let identity: TestSubgraph;
  let ca: CertificationAuthorityStandin;
  let untrustedCa: TestCertificationAuthority;
  beforeAll(async () => {
    [ca, untrustedCa] = await Promise.all([startCertificationAuthorityStandin({ port: 0 }), createTestCertificationAuthority({ rootCommonName: 'Untrusted Root CA' })]);
    identity = await startTestSubgraph(
      createIdentitySubgraph(testIdentityConfig({ TRUSTED_ROOT_CA_PEM: ca.rootPem, CA_CRL_URL: ca.crlUrl, CA_CRL_MAX_AGE_SECONDS: '0' })),
      { seed: true },
    );
    // Aigul has applied to the officer's provider (identity's projection of the applications' events)
    await identity.orm.em
      .fork()
      .execute('insert into identity.provider_applicant (provider_id, applicant_id, first_application_id, since) values (?, ?, gen_random_uuid(), now())', [OFFICER.providerId, DEMO_USERS.CITIZEN_AIGUL]);
  });
  afterAll(async () => {
    await identity.close();
    await ca.close();
  });

  const register = (caller: object, jwk: unknown, chain?: string[]) => identity.request<{ registerSigningKey: RegisteredKey }>(REGISTER, { jwk, chain }, caller);
  const sql = <T = Record<string, unknown>>(query: string, params: unknown[] = []) => identity.orm.em.fork().execute<T[]>(query, params);

  describe('refused', () => {
    it('registering without signing in', async () => {
      expect(firstError(await register({}, p256()))).toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringMatching(/Sign in first/) });
    });

    it('a simple key for an account whose identity is not established (L-23 item 7); a qualified key stays possible', async () => {
      const [unverified] = await sql<{ id: string }>(`insert into identity.user_account (id, kind, pin, full_name, preferred_language, roles, version, created_at, updated_at)
        values (gen_random_uuid(), 'INDIVIDUAL', '12020199000055', 'Unverified Person', 'RU', '{CITIZEN}', 1, now(), now()) returning id`);
      const caller = { userId: unverified!.id, roles: ['CITIZEN' as const], acceptLanguage: 'RU' as const };
      const error = firstError(await register(caller, p256()));
      expect(error).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/^Ключ простой электронной подписи выдаётся только учётной записи с подтверждённой личностью/) });
      expect(error.extensions).toMatchObject({ field: 'publicKeyJwk', reason: 'IDENTITY_NOT_VERIFIED' });
      expect(await sql('select 1 from identity.signing_key where user_id = ?', [unverified!.id])).toEqual([]);
    });

    it.each([
      ['an RSA key', () => generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'jwk' }), /RSA keys are not accepted/],
      ['a key on another curve', () => generateKeyPairSync('ec', { namedCurve: 'P-521' }).publicKey.export({ format: 'jwk' }), /Curve "P-521" is not accepted: use P-256/],
      ['a private key', () => generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' }), /contains private key material \("d"\)/],
    ])('%s', async (_what, make, message) => {
      const error = firstError(await register(AIGUL, make()));
      expect(error).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(message) });
      expect(error.extensions.field).toBe('publicKeyJwk');
    });

    it('a key registered before, by anyone', async () => {
      const jwk = p256();
      expect((await register(AIGUL, jwk)).errors).toBeUndefined();
      expect(firstError(await register(AIGUL, { ...jwk, kid: 'again' }))).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/already registered to your account/) });
      expect(firstError(await register(BAKYT, jwk))).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/already registered on the portal/) });
    });

    it('a qualified key whose chain comes from an untrusted root', async () => {
      const signer = await webCryptoSigner();
      const chain = await untrustedCa.issue('Aigul Asanova', signer.keys.publicKey);
      const error = firstError(await register(AIGUL, signer.jwk, chain));
      expect(error).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/does not lead to the trusted root certification authority/) });
      expect(error.extensions.field).toBe('certificateChainPem');
    });

    it('a qualified key with an expired certificate', async () => {
      const signer = await webCryptoSigner();
      const chain = await ca.issue('Aigul Asanova', signer.keys.publicKey, { pin: AIGUL_PIN, notBefore: new Date('2023-01-01'), notAfter: new Date('2024-01-01') });
      const error = firstError(await register({ ...AIGUL, preferredLanguage: 'RU' }, signer.jwk, chain));
      expect(error).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/^Срок действия сертификата ключа подписи истёк 2024-01-01/) });
      expect(error.extensions).toMatchObject({ field: 'certificateChainPem', problem: 'EXPIRED' });
      expect(firstError(await register(AIGUL, signer.jwk, chain)).message).toMatch(/мөөнөтү 2024-01-01 бүттү/);
    });

    it("a qualified key whose certificate names someone else's PIN", async () => {
      const signer = await webCryptoSigner();
      const chain = await ca.issue('Aigul Asanova', signer.keys.publicKey, { pin: '20308198500017' });
      expect(firstError(await register({ ...AIGUL, preferredLanguage: 'RU' }, signer.jwk, chain))).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/^Сертификат ключа выдан другому лицу/) });
      const anonymous = await ca.issue('Aigul Asanova', signer.keys.publicKey);
      expect(firstError(await register(AIGUL, signer.jwk, anonymous)).code).toBe('FORBIDDEN');
    });

    it('a qualified key whose certificate the authority has revoked', async () => {
      const signer = await webCryptoSigner();
      const chain = await ca.issue('Aigul Asanova', signer.keys.publicKey, { pin: AIGUL_PIN });
      ca.revoke(new x509.X509Certificate(chain[0]).serialNumber);
      expect(firstError(await register({ ...AIGUL, preferredLanguage: 'RU' }, signer.jwk, chain))).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/отозван удостоверяющим центром/) });
    });

    it('a qualified key whose certificate certifies another key', async () => {
      const signer = await webCryptoSigner();
      const stranger = await webCryptoSigner();
      const chain = await ca.issue('Aigul Asanova', stranger.keys.publicKey);
      expect(firstError(await register(AIGUL, signer.jwk, chain))).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/does not match publicKeyJwk/) });
    });

    it("revoking another citizen's key, or an unknown one", async () => {
      const key = (await register(AIGUL, p256())).data!.registerSigningKey;
      expect(firstError(await identity.request(REVOKE, { id: key.id }, BAKYT))).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/owner of a signing key or an operator/) });
      expect(firstError(await identity.request(REVOKE, { id: key.id }, OFFICER)).code).toBe('FORBIDDEN');
      expect(firstError(await identity.request(REVOKE, { id: 'a5d1e7c2-3b1f-4c8e-9d70-999999999999' }, AIGUL))).toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/No signing key/) });
    });

    it("reading another citizen's key through _entities, or anonymously", async () => {
      const key = (await register(AIGUL, p256())).data!.registerSigningKey;
      const asCitizen = await identity.request(KEY_ENTITIES, { reps: [{ __typename: 'SigningKey', id: key.id }] }, BAKYT);
      expect(asCitizen.data).toEqual({ _entities: [null] });
      expect(firstError(asCitizen)).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/owner and to operators/) });
      expect(firstError(await identity.request(KEY_ENTITIES, { reps: [{ __typename: 'SigningKey', id: key.id }] })).code).toBe('FORBIDDEN');
    });

    it("another user's list of keys, for citizens and officers", async () => {
      const query = 'query($reps: [_Any!]!) { _entities(representations: $reps) { ... on User { signingKeys { id } } } }';
      const asOfficer = await identity.request(query, { reps: [{ __typename: 'User', id: DEMO_USERS.CITIZEN_AIGUL }] }, OFFICER);
      expect(firstError(asOfficer)).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/owner and to operators/) });
    });
  });

  describe('allowed', () => {
    it('a simple P-256 key: stored as the public point with its RFC 7638 thumbprint, and announced', async () => {
      const jwk = { ...p256(), kid: 'phone-2026', alg: 'ES256' };
      const result = await register(BAKYT, jwk);
      expect(result.errors).toBeUndefined();
      const key = result.data!.registerSigningKey;
      expect(key).toMatchObject({ level: 'SIMPLE', publicKeyJwk: { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y }, certificateSubject: null, revokedAt: null, owner: { id: DEMO_USERS.CITIZEN_BAKYT } });
      expect(Object.keys(key.publicKeyJwk).sort()).toEqual(['crv', 'kty', 'x', 'y']);
      expect(key.thumbprint).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const [event] = await sql('select type, payload from identity.outbox where aggregate_id = ?', [key.id]);
      expect(event).toEqual({ type: 'SigningKeyRegistered', payload: expect.objectContaining({ keyId: key.id, userId: DEMO_USERS.CITIZEN_BAKYT, level: 'SIMPLE' }) });
    });

    it('a qualified key whose chain verifies up to the trusted root, showing the certificate subject', async () => {
      const signer = await webCryptoSigner();
      const chain = await ca.issue('Aigul Asanova', signer.keys.publicKey, { viaIntermediate: true, pin: AIGUL_PIN });
      const result = await register(AIGUL, signer.jwk, chain);
      expect(result.errors).toBeUndefined();
      const key = result.data!.registerSigningKey;
      expect(key).toMatchObject({ level: 'QUALIFIED', certificateSubject: `CN=Aigul Asanova, 2.5.4.5=${AIGUL_PIN}, C=KG`, certificateNotAfter: expect.any(String) });
      // the chain travels with the event, so signatures are checked again at the time of signing
      const [event] = await sql<{ payload: Record<string, unknown> }>('select payload from identity.outbox where aggregate_id = ?', [key.id]);
      expect(event.payload).toMatchObject({ level: 'QUALIFIED', certificateChainPem: chain, certificateSerialNumber: new x509.X509Certificate(chain[0]).serialNumber, certificateNotAfter: key.certificateNotAfter });
    });

    it('the owner lists their keys; an operator may too', async () => {
      const mine = await identity.request<{ me: { signingKeys: Array<{ level: string }> } }>('{ me { signingKeys { id level certificateSubject } } }', {}, AIGUL);
      expect(mine.errors).toBeUndefined();
      expect(mine.data!.me.signingKeys.map((k) => k.level)).toEqual(expect.arrayContaining(['SIMPLE', 'QUALIFIED']));
      const query = 'query($reps: [_Any!]!) { _entities(representations: $reps) { ... on User { signingKeys { id } } } }';
      const asOperator = await identity.request<{ _entities: Array<{ signingKeys: unknown[] }> }>(query, { reps: [{ __typename: 'User', id: DEMO_USERS.CITIZEN_AIGUL }] }, OPERATOR);
      expect(asOperator.errors).toBeUndefined();
      expect(asOperator.data!._entities[0].signingKeys).toHaveLength(mine.data!.me.signingKeys.length);
    });

    it('the owner revokes a key (idempotently), announced once; an officer resolves it to check a signature', async () => {
      const key = (await register(AIGUL, p256())).data!.registerSigningKey;
      const revoked = await identity.request<{ revokeSigningKey: { revokedAt: string } }>(REVOKE, { id: key.id }, AIGUL);
      expect(revoked.errors).toBeUndefined();
      expect(revoked.data!.revokeSigningKey.revokedAt).toEqual(expect.any(String));
      const again = await identity.request<{ revokeSigningKey: { revokedAt: string } }>(REVOKE, { id: key.id }, AIGUL);
      expect(again.data!.revokeSigningKey.revokedAt).toBe(revoked.data!.revokeSigningKey.revokedAt);
      const events = await sql<{ type: string }>('select type from identity.outbox where aggregate_id = ? order by id', [key.id]);
      expect(events.map((e) => e.type)).toEqual(['SigningKeyRegistered', 'SigningKeyRevoked']);

      const resolved = await identity.request(KEY_ENTITIES, { reps: [{ __typename: 'SigningKey', id: key.id }] }, OFFICER);
      expect(resolved.errors).toBeUndefined();
      expect(resolved.data).toEqual({ _entities: [{ id: key.id, level: 'SIMPLE', publicKeyJwk: key.publicKeyJwk, revokedAt: revoked.data!.revokeSigningKey.revokedAt, owner: { id: DEMO_USERS.CITIZEN_AIGUL, fullName: 'Aigul Asanova' } }] });
    });

    it('an operator revokes a compromised key', async () => {
      const key = (await register(BAKYT, p256())).data!.registerSigningKey;
      expect((await identity.request(REVOKE, { id: key.id }, OPERATOR)).errors).toBeUndefined();
    });
  });
});

describe('qualified keys when the revocation list cannot be obtained', () => {
  let identity: TestSubgraph;
  let ca: CertificationAuthorityStandin;
  beforeAll(async () => {
    ca = await startCertificationAuthorityStandin({ port: 0 });
    // a CRL URL where nothing answers, and distribution points not allowed: the status is unknown
    const config = testIdentityConfig({ TRUSTED_ROOT_CA_PEM: ca.rootPem, CA_CRL_URL: 'http://127.0.0.1:1/crl', CA_CRL_ALLOWED_URLS: 'https://nowhere.example.kg/' });
    identity = await startTestSubgraph(createIdentitySubgraph(config), { seed: true });
  });
  afterAll(async () => {
    await identity.close();
    await ca.close();
  });

  it('refuses the registration (fail closed) with CONFLICT, saying why', async () => {
    const signer = await webCryptoSigner();
    const chain = await ca.issue('Aigul Asanova', signer.keys.publicKey, { pin: AIGUL_PIN });
    const error = firstError(await identity.request(REGISTER, { jwk: signer.jwk, chain }, { ...AIGUL, preferredLanguage: 'RU' }));
    expect(error).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/^Не удалось проверить, не отозван ли сертификат ключа \(the revocation list at http:\/\/127\.0\.0\.1:1\/crl could not be fetched/) });
    expect(error.extensions.problem).toBe('REVOCATION_UNKNOWN');
    // a simple key is not affected
    expect((await identity.request(REGISTER, { jwk: p256() }, AIGUL)).errors).toBeUndefined();
  });
});

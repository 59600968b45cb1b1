import { SignJWT } from 'jose';
import { ANONYMOUS, type Caller, languageFromAcceptLanguage, normalizeUserAgent, signCallerToken, verifyCallerToken, CallerTokenError, USER_AGENT_MAX_LENGTH } from './caller';

const SECRET = 'unit-test-secret';
const caller: Caller = { ...ANONYMOUS('req-1', '10.0.0.1', 'RU'), userId: 'u-1', roles: ['PROVIDER_OFFICER'], providerId: 'p-1', preferredLanguage: 'KY' };

describe('caller tokens', () => {
  it('refuses a missing token, another secret, a tampered token and an expired one', async () => {
    await expect(verifyCallerToken(undefined, SECRET)).rejects.toBeInstanceOf(CallerTokenError);
    const token = await signCallerToken(caller, SECRET);
    await expect(verifyCallerToken(token, 'other-secret')).rejects.toThrow(/invalid caller token/);
    const [h, p, s] = token.split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), roles: ['OPERATOR'] })).toString('base64url');
    await expect(verifyCallerToken(`${h}.${forgedPayload}.${s}`, SECRET)).rejects.toThrow(/invalid caller token/);
    const expired = await new SignJWT({ roles: [] })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('portal-gateway')
      .setAudience('portal-subgraphs')
      .setSubject('u-1')
      .setIssuedAt(Math.floor(Date.now() / 1000) - 600)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 300)
      .sign(new TextEncoder().encode(SECRET));
    await expect(verifyCallerToken(expired, SECRET)).rejects.toThrow(/ERR_JWT_EXPIRED/);
  });

  it('round-trips the caller, with the request id that came with the request, and drops unknown roles', async () => {
    expect(await verifyCallerToken(await signCallerToken(caller, SECRET), SECRET, undefined, caller.requestId)).toEqual({ ...caller, sessionId: null, userAgent: null });
    const odd = await signCallerToken({ ...caller, roles: ['CITIZEN', 'ROOT' as never] }, SECRET);
    expect((await verifyCallerToken(odd, SECRET)).roles).toEqual(['CITIZEN']);
  });

  it("carries the client's User-Agent, without control characters and cut to its limit", async () => {
    const withAgent = await verifyCallerToken(await signCallerToken({ ...caller, userAgent: 'Mozilla/5.0 Firefox/128' }, SECRET), SECRET);
    expect(withAgent.userAgent).toBe('Mozilla/5.0 Firefox/128');
    const long = await verifyCallerToken(await signCallerToken({ ...caller, userAgent: `a\u0007b${'x'.repeat(500)}` }, SECRET), SECRET);
    expect(long.userAgent).toBe(`ab${'x'.repeat(USER_AGENT_MAX_LENGTH - 2)}`);
    expect(normalizeUserAgent('   ')).toBeNull();
  });

  it('pins the users a shared render is also for: valid only with exactly that list from the request', async () => {
    const token = await signCallerToken({ ...caller, alsoFor: ['u-2', 'u-3'] }, SECRET);
    expect((await verifyCallerToken(token, SECRET, () => ['u-2', 'u-3'])).alsoFor).toEqual(['u-2', 'u-3']);
    await expect(verifyCallerToken(token, SECRET, () => ['u-2', 'u-3', 'u-4'])).rejects.toBeInstanceOf(CallerTokenError);
    await expect(verifyCallerToken(token, SECRET, () => undefined)).rejects.toBeInstanceOf(CallerTokenError);
    await expect(verifyCallerToken(token, SECRET)).rejects.toBeInstanceOf(CallerTokenError);
    // a token without a list ignores whatever the body claims
    expect((await verifyCallerToken(await signCallerToken(caller, SECRET), SECRET, () => ['u-9'])).alsoFor).toBeUndefined();
  });

  it('answers a token verified before from its cache until the token expires, then refuses it', async () => {
    jest.useFakeTimers({ now: new Date('2026-12-03T10:00:00Z'), doNotFake: ['nextTick', 'setImmediate'] });
    try {
      const token = await signCallerToken(caller, SECRET);
      const first = await verifyCallerToken(token, SECRET);
      first.roles.push('OPERATOR'); // a caller changed by one request does not change the next one's
      expect((await verifyCallerToken(token, SECRET)).roles).toEqual(['PROVIDER_OFFICER']);
      await expect(verifyCallerToken(token, 'other-secret')).rejects.toThrow(/invalid caller token/);
      jest.setSystemTime(new Date('2026-12-03T10:01:01Z')); // past the 60 s lifetime
      await expect(verifyCallerToken(token, SECRET)).rejects.toThrow(/ERR_JWT_EXPIRED/);
    } finally {
      jest.useRealTimers();
    }
  });

  it('keeps an anonymous caller anonymous', async () => {
    const anonymous = await verifyCallerToken(await signCallerToken(ANONYMOUS('r'), SECRET), SECRET);
    expect(anonymous.userId).toBeNull();
    expect(anonymous.roles).toEqual([]);
  });
});

describe('languageFromAcceptLanguage', () => {
  it.each([
    ['ru-RU,ru;q=0.9,en;q=0.8', 'RU'],
    ['ky', 'KY'],
    ['en-US,ky;q=0.5,ru;q=0.7', 'RU'],
    ['ru;q=0,ky;q=0.1', 'KY'],
    ['en', null],
    [undefined, null],
  ])('%s -> %s', (header, expected) => {
    expect(languageFromAcceptLanguage(header)).toBe(expected);
  });

  it('gives the requests of one caller within half a token life the same token, verified once, each with its own request id', async () => {
    const first = await signCallerToken({ ...caller, requestId: 'request-0000000001' }, SECRET);
    const second = await signCallerToken({ ...caller, requestId: 'request-0000000002' }, SECRET);
    expect(second).toBe(first);
    expect((await verifyCallerToken(first, SECRET, undefined, 'request-0000000001')).requestId).toBe('request-0000000001');
    expect((await verifyCallerToken(second, SECRET, undefined, 'request-0000000002')).requestId).toBe('request-0000000002');
    // anything the token says about the caller makes another token
    expect(await signCallerToken({ ...caller, roles: ['OPERATOR'] }, SECRET)).not.toBe(first);
    expect(await signCallerToken({ ...caller, ip: '198.51.100.7' }, SECRET)).not.toBe(first);
    expect(await signCallerToken(caller, `${SECRET}-other`)).not.toBe(first);
  });

  it('signs again once half the token life has passed', async () => {
    jest.useFakeTimers({ now: Date.now(), doNotFake: ['nextTick', 'setImmediate'] });
    try {
      const first = await signCallerToken({ ...caller, userId: 'fresh-user' }, SECRET);
      jest.setSystemTime(Date.now() + 29_000);
      expect(await signCallerToken({ ...caller, userId: 'fresh-user' }, SECRET)).toBe(first);
      jest.setSystemTime(Date.now() + 2_000);
      const renewed = await signCallerToken({ ...caller, userId: 'fresh-user' }, SECRET);
      expect(renewed).not.toBe(first);
      expect((await verifyCallerToken(renewed, SECRET)).userId).toBe('fresh-user');
    } finally {
      jest.useRealTimers();
    }
  });
});

import { accountUpdatesFromRegistry, allowedRedirectUri, authorizationUrlFor, contactsAfterTakeover, hashState, linkDecision, looksLikeState, readPersonClaims, tokenIdOf } from './national-id.rules';

const claims = {
  sub: 'kg-123',
  pin: '20308198500017',
  name: 'Bakyt  Toktogulov',
  birthdate: '1985-08-03',
  address: 'г. Ош, ул. Ленина, 221',
  email: 'Bakyt@Example.kg',
  phone_number: '+996 700 100 102',
};

describe('ID token claims', () => {
  it('read the person, normalizing name and contacts', () => {
    expect(readPersonClaims(claims)).toEqual({
      ok: true,
      person: { subject: 'kg-123', pin: '20308198500017', fullName: 'Bakyt Toktogulov', birthDate: '1985-08-03', address: 'г. Ош, ул. Ленина, 221', email: 'bakyt@example.kg', phone: '+996700100102' },
    });
  });

  it('fall back to the PIN for the birth date and drop malformed contacts', () => {
    const check = readPersonClaims({ ...claims, birthdate: undefined, email: 'nope', phone_number: '123' });
    expect(check.ok && check.person).toMatchObject({ birthDate: '1985-08-03', email: null, phone: null });
  });

  it.each([
    [{ ...claims, sub: '' }, /subject/],
    [{ ...claims, pin: '30308198500017' }, /personal identification number/],
    [{ ...claims, name: undefined }, /name/],
    [{ ...claims, birthdate: '03.08.1985' }, /birthdate/],
  ])('refuse a token without a usable person (%#)', (bad, reason) => {
    const check = readPersonClaims(bad);
    expect(check.ok).toBe(false);
    expect(!check.ok && check.reason).toMatch(reason);
  });
});

describe('registry data on sign-in', () => {
  const person = { subject: 's', pin: '20308198500017', fullName: 'Bakyt Toktogulov', birthDate: '1985-08-03', address: 'г. Ош', email: 'b@example.kg', phone: '+996700100102' };

  it('refreshes name, birth date and address, and only fills missing contacts that nobody else uses', () => {
    const account = { fullName: 'B. Toktogulov', birthDate: null, address: 'old', email: null, phone: '+996700999999' };
    expect(accountUpdatesFromRegistry(account, person, { email: false, phone: false })).toEqual({ fullName: 'Bakyt Toktogulov', birthDate: '1985-08-03', address: 'г. Ош', email: 'b@example.kg' });
    expect(accountUpdatesFromRegistry({ ...account, email: null }, person, { email: true, phone: false })).not.toHaveProperty('email');
  });
});

describe('redirect URIs on the allow-list', () => {
  const allowList = ['https://portal.gov.kg/auth/national-id', 'http://localhost:5173/'];
  it.each([
    ['https://portal.gov.kg/auth/national-id', 'https://portal.gov.kg/auth/national-id'],
    ['http://localhost:5173/callback?x=1', 'http://localhost:5173/callback?x=1'],
    ['HTTP://LOCALHOST:5173/a/../b', 'http://localhost:5173/b'],
  ])('%s is allowed (as %s)', (uri, sent) => {
    expect(allowedRedirectUri(uri, allowList)).toBe(sent);
  });

  it.each([
    'https://portal.gov.kg/auth/national-id/extra',
    'https://portal.gov.kg.evil.kg/auth/national-id',
    'http://localhost:5173.evil.kg/',
    'http://localhost:51730/',
    'https://localhost:5173/',
    'http://localhost:5173/#token',
    'http://me@localhost:5173/',
    'javascript://localhost:5173/%0aalert(1)',
    'not a url',
  ])('%s is not', (uri) => {
    expect(allowedRedirectUri(uri, allowList)).toBeNull();
  });
});

describe('the authorization request and one-time use', () => {
  it('asks for a code with openid, state and nonce', () => {
    const url = new URL(authorizationUrlFor({ authorizationUrl: 'https://id.example.kg/authorize?ui=ru', clientId: 'portal' }, { redirectUri: 'https://p.kg/cb', state: 's', nonce: 'n' }));
    expect(Object.fromEntries(url.searchParams)).toEqual({ ui: 'ru', response_type: 'code', client_id: 'portal', redirect_uri: 'https://p.kg/cb', scope: 'openid', state: 's', nonce: 'n' });
  });

  it('names a token by its jti, or by its hash when it has none', () => {
    expect(tokenIdOf({ jti: 'abc' }, 'x.y.z')).toBe('jti:abc');
    expect(tokenIdOf({}, 'x.y.z')).toMatch(/^sha256:[A-Za-z0-9_-]{43}$/);
    expect(tokenIdOf({}, 'x.y.z')).not.toBe(tokenIdOf({}, 'x.y.w'));
    expect(hashState('s')).not.toBe('s');
    expect(looksLikeState('a'.repeat(43))).toBe(true);
    expect(looksLikeState('a'.repeat(42))).toBe(false);
  });
});

describe('linking a national-ID identity to an account', () => {
  it.each([
    [true, { hasPassword: true, linkedToNationalId: true }, 'SIGN_IN'],
    [false, null, 'CREATE'],
    [false, { hasPassword: true, linkedToNationalId: false }, 'TAKE_OVER'],
    [false, { hasPassword: false, linkedToNationalId: false }, 'LINK'],
    [false, { hasPassword: true, linkedToNationalId: true }, 'LINK'],
  ] as const)('linked %s, account %j: %s', (linked, account, decision) => {
    expect(linkDecision(linked, account)).toBe(decision);
  });

  it('a taken-over account keeps only the contacts the registry confirms', () => {
    expect(contactsAfterTakeover({ email: 'a@x.kg', phone: '+996700000001' }, { email: 'a@x.kg', phone: null })).toEqual({ email: 'a@x.kg', phone: null });
    expect(contactsAfterTakeover({ email: 'impostor@x.kg', phone: null }, { email: 'real@x.kg', phone: null })).toEqual({ email: null, phone: null });
  });
});

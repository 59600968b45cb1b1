import { accountUpdatesFromRegistry, readPersonClaims } from './national-id.rules';

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

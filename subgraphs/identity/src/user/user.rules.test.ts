import { accessDependsOnApplications, canSeePersonalFields, canSeeSigningKeys, checkPassword, checkRegistration, classifyLogin, duplicateAccountProblem, userAccessFor, type RegistrationInput } from './user.rules';

const TODAY = new Date('2026-06-01T12:00:00Z');
const valid: RegistrationInput = {
  kind: 'INDIVIDUAL',
  pin: '11505199012345',
  fullName: '  Aigul   Asanova ',
  email: ' Aigul@Example.KG ',
  phone: '+996 (700) 10-01-01',
  password: 'Kyrgyzstan2026',
  preferredLanguage: null,
  acceptedTermsVersion: '2026-01',
  consentToPersonalDataProcessing: true,
};

describe('password policy', () => {
  it.each([
    ['short1', 'PASSWORD_TOO_SHORT'],
    ['onlyletterspassword', 'PASSWORD_LETTERS_AND_DIGITS'],
    ['123456789012', 'PASSWORD_LETTERS_AND_DIGITS'],
    ['x11505199012345y', 'PASSWORD_CONTAINS_PIN'],
    [`a1${'b'.repeat(127)}`, 'PASSWORD_TOO_LONG'],
  ])('refuses %j (%s)', (password, code) => {
    const problem = checkPassword(password, '11505199012345');
    expect(problem?.code).toBe(code);
    expect(problem?.message.ru.length).toBeGreaterThan(10);
    expect(problem?.message.ky.length).toBeGreaterThan(10);
  });

  it('accepts ten or more characters with letters and digits, Cyrillic letters included', () => {
    expect(checkPassword('Kyrgyzstan2026', '11505199012345')).toBeNull();
    expect(checkPassword('Кыргызстан26', '11505199012345')).toBeNull();
  });
});

describe('registration', () => {
  it('normalizes a valid registration and takes the birth date from the PIN', () => {
    const check = checkRegistration(valid, '2026-01', { today: TODAY });
    expect(check).toEqual({
      ok: true,
      registration: expect.objectContaining({
        pin: '11505199012345',
        fullName: 'Aigul Asanova',
        email: 'aigul@example.kg',
        phone: '+996700100101',
        preferredLanguage: 'KY',
        birthDate: '1990-05-15',
        termsVersion: '2026-01',
      }),
    });
  });

  it('accepts a legal entity tax number of any leading digit, without a birth date', () => {
    const check = checkRegistration({ ...valid, kind: 'LEGAL_ENTITY', pin: '02504201910177', fullName: 'ОсОО «Ала-Тоо Софт»' }, '2026-01', { today: TODAY });
    expect(check.ok && check.registration.birthDate).toBeNull();
  });

  it('reports every wrong field at once, with its code', () => {
    const check = checkRegistration(
      { ...valid, pin: '31505199012345', email: 'not-an-email', phone: '0700100101', password: 'short', acceptedTermsVersion: '2025-01', consentToPersonalDataProcessing: false },
      '2026-01',
      { today: TODAY },
    );
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.problems.map((p) => [p.field, p.code])).toEqual([
      ['pin', 'PIN_GENDER_DIGIT'],
      ['email', 'EMAIL_FORMAT'],
      ['phone', 'PHONE_FORMAT'],
      ['password', 'PASSWORD_TOO_SHORT'],
      ['acceptedTermsVersion', 'TERMS_VERSION_OUTDATED'],
      ['consentToPersonalDataProcessing', 'CONSENT_REQUIRED'],
    ]);
  });

  it.each([
    ['13202199012345', 'PIN_BIRTH_DATE'], // 32.02.1990
    ['12902199112345', 'PIN_BIRTH_DATE'], // 29.02.1991 (not a leap year)
    ['10101203012345', 'PIN_BIRTH_DATE'], // 2030: in the future
    ['1150519901234', 'PIN_FORMAT'],
    ['1150519901234a', 'PIN_FORMAT'],
  ])('refuses the individual PIN %s (%s)', (pin, code) => {
    const check = checkRegistration({ ...valid, pin }, '2026-01', { today: TODAY });
    expect(!check.ok && check.problems[0]).toMatchObject({ field: 'pin', code });
  });

  it('names the taken identifier in both languages', () => {
    expect(duplicateAccountProblem('phone')).toMatchObject({ field: 'phone', code: 'DUPLICATE_PHONE', message: { ru: expect.stringMatching(/номер телефона/) } });
  });
});

describe('login identifiers', () => {
  it.each([
    ['11505199012345', { field: 'pin', value: '11505199012345' }],
    [' AIGUL@example.kg ', { field: 'email', value: 'aigul@example.kg' }],
    ['+996 700 100-101', { field: 'phone', value: '+996700100101' }],
    ['0700 100 101', { field: 'phone', value: '+996700100101' }],
    ['+7 912 345 67 89', { field: 'phone', value: '+79123456789' }],
    ['aigul', null],
    ['@', null],
  ])('%j names %j', (login, expected) => {
    expect(classifyLogin(login)).toEqual(expected);
  });
});

describe('who may read an account', () => {
  const citizen = { id: 'c1', roles: ['CITIZEN'] as const };
  const officer = { id: 'o1', roles: ['PROVIDER_OFFICER'] as const };
  const applied = { appliedToReadersProvider: true };
  it.each([
    ['anonymous', { userId: null, roles: [] }, citizen, applied, null],
    ['another citizen', { userId: 'c2', roles: ['CITIZEN'] }, citizen, applied, null],
    ['the holder', { userId: 'c1', roles: ['CITIZEN'] }, citizen, undefined, 'SELF'],
    ['an operator', { userId: 'op', roles: ['OPERATOR'] }, citizen, undefined, 'OPERATOR'],
    ['an officer of a provider the person applied to', { userId: 'o2', roles: ['PROVIDER_OFFICER'], providerId: 'p1' }, citizen, applied, 'OFFICER'],
    ['an officer of another provider', { userId: 'o2', roles: ['PROVIDER_OFFICER'], providerId: 'p2' }, citizen, undefined, null],
    ['an officer without a provider', { userId: 'o2', roles: ['PROVIDER_OFFICER'], providerId: null }, citizen, applied, null],
    ['an officer looking at a colleague', { userId: 'o2', roles: ['PROVIDER_OFFICER'], providerId: 'p1' }, officer, undefined, 'OFFICIAL_PROFILE'],
    ['a citizen looking at an officer', { userId: 'c1', roles: ['CITIZEN'] }, officer, undefined, 'OFFICIAL_PROFILE'],
    ['anonymous looking at an officer', { userId: null, roles: [] }, officer, undefined, null],
  ] as const)('%s', (_who, reader, target, relation, expected) => {
    expect(userAccessFor(reader, target, relation)).toBe(expected);
  });

  it('personal fields for the holder and the officers of providers the person applied to; keys for the holder and the operator', () => {
    expect((['SELF', 'OFFICER', 'OPERATOR', 'OFFICIAL_PROFILE'] as const).filter(canSeePersonalFields)).toEqual(['SELF', 'OFFICER']);
    expect((['SELF', 'OFFICER', 'OPERATOR', 'OFFICIAL_PROFILE'] as const).filter(canSeeSigningKeys)).toEqual(['SELF', 'OPERATOR']);
  });

  it('looks the applications up only for an officer reading someone else', () => {
    expect(accessDependsOnApplications({ userId: 'o2', roles: ['PROVIDER_OFFICER'], providerId: 'p1' }, citizen)).toBe(true);
    expect(accessDependsOnApplications({ userId: 'o1', roles: ['PROVIDER_OFFICER'], providerId: 'p1' }, officer)).toBe(false);
    expect(accessDependsOnApplications({ userId: 'op', roles: ['OPERATOR'] }, citizen)).toBe(false);
    expect(accessDependsOnApplications({ userId: 'c2', roles: ['CITIZEN'] }, citizen)).toBe(false);
  });
});

import { isValidUin, luhnCheckDigit, makeUin, MAX_UIN_SEQUENCE, parseUin } from './uin.rules';

const issuedAt = new Date('2026-03-19T04:30:00Z'); // 10:30 in Bishkek

/** Every UIN made by replacing one digit with another. */
function singleDigitErrors(uin: string): string[] {
  const variants: string[] = [];
  for (let position = 0; position < uin.length; position += 1) {
    for (let digit = 0; digit <= 9; digit += 1) {
      if (String(digit) !== uin[position]) variants.push(uin.slice(0, position) + digit + uin.slice(position + 1));
    }
  }
  return variants;
}

/** Every UIN made by swapping two different adjacent digits, with the swapped pair. */
function adjacentTranspositions(uin: string): { variant: string; pair: string }[] {
  const variants: { variant: string; pair: string }[] = [];
  for (let position = 0; position + 1 < uin.length; position += 1) {
    const [a, b] = [uin[position], uin[position + 1]];
    if (a !== b) variants.push({ variant: uin.slice(0, position) + b + a + uin.slice(position + 2), pair: a + b });
  }
  return variants;
}

describe('luhnCheckDigit', () => {
  it('matches the textbook example 7992739871 -> 3', () => {
    expect(luhnCheckDigit('7992739871')).toBe(3);
  });

  it('refuses anything but digits', () => {
    expect(() => luhnCheckDigit('')).toThrow(RangeError);
    expect(() => luhnCheckDigit('12a4')).toThrow(RangeError);
  });
});

describe('makeUin', () => {
  it('lays out issuer, Bishkek date, zero-padded sequence and check digit', () => {
    const uin = makeUin({ issuerCode: '4012', date: issuedAt, sequence: 42 });
    expect(uin).toHaveLength(20);
    expect(uin.slice(0, 19)).toBe('4012' + '260319' + '000000042');
    expect(Number(uin[19])).toBe(luhnCheckDigit(uin.slice(0, 19)));
    expect(isValidUin(uin)).toBe(true);
  });

  it('takes the date in Bishkek, where the day starts six hours before UTC', () => {
    const lateUtcEvening = new Date('2026-03-19T18:30:00Z'); // 20 March 00:30 in Bishkek
    expect(makeUin({ issuerCode: '4012', date: lateUtcEvening, sequence: 1 }).slice(4, 10)).toBe('260320');
  });

  it('accepts the smallest and largest sequence', () => {
    expect(makeUin({ issuerCode: '0000', date: issuedAt, sequence: 0 }).slice(10, 19)).toBe('000000000');
    expect(makeUin({ issuerCode: '9999', date: issuedAt, sequence: MAX_UIN_SEQUENCE }).slice(10, 19)).toBe('999999999');
  });

  it('gives different UINs to different sequences, issuers and days', () => {
    const uins = new Set([
      makeUin({ issuerCode: '4012', date: issuedAt, sequence: 1 }),
      makeUin({ issuerCode: '4012', date: issuedAt, sequence: 2 }),
      makeUin({ issuerCode: '4013', date: issuedAt, sequence: 1 }),
      makeUin({ issuerCode: '4012', date: new Date('2026-03-20T04:30:00Z'), sequence: 1 }),
    ]);
    expect(uins.size).toBe(4);
  });

  it.each(['401', '40123', '40a2', '', ' 401'])('refuses the issuer code %p', (issuerCode) => {
    expect(() => makeUin({ issuerCode, date: issuedAt, sequence: 1 })).toThrow(/issuerCode/);
  });

  it.each([-1, 1.5, MAX_UIN_SEQUENCE + 1, Number.NaN])('refuses the sequence %p', (sequence) => {
    expect(() => makeUin({ issuerCode: '4012', date: issuedAt, sequence })).toThrow(/sequence/);
  });

  it('refuses an invalid date and a year that does not fit two digits', () => {
    expect(() => makeUin({ issuerCode: '4012', date: new Date('nope'), sequence: 1 })).toThrow(/date/);
    expect(() => makeUin({ issuerCode: '4012', date: new Date('1999-12-31T00:00:00Z'), sequence: 1 })).toThrow(/2000-2099/);
    expect(() => makeUin({ issuerCode: '4012', date: new Date('2100-01-01T00:00:00Z'), sequence: 1 })).toThrow(/2000-2099/);
  });
});

describe('isValidUin and parseUin', () => {
  const uin = makeUin({ issuerCode: '4012', date: issuedAt, sequence: 123_456_789 });

  it('reads the parts back', () => {
    expect(parseUin(uin)).toEqual({ issuerCode: '4012', issuedOn: '2026-03-19', sequence: 123_456_789 });
  });

  it.each([
    ['19 digits', uin.slice(0, 19)],
    ['21 digits', uin + '0'],
    ['a letter', uin.slice(0, 5) + 'A' + uin.slice(6)],
    ['spaces', uin.slice(0, 10) + ' ' + uin.slice(10, 19)],
    ['an empty string', ''],
  ])('rejects %s', (_case, candidate) => {
    expect(isValidUin(candidate)).toBe(false);
    expect(parseUin(candidate)).toBeNull();
  });

  it('rejects values that are not strings', () => {
    expect(isValidUin(Number(uin) as unknown as string)).toBe(false);
    expect(isValidUin(undefined as unknown as string)).toBe(false);
  });

  it('rejects a correct check digit over a date that does not exist', () => {
    const payload = '4012' + '260230' + '000000001'; // 30 February
    expect(isValidUin(payload + luhnCheckDigit(payload))).toBe(false);
  });

  it.each([
    ['a typical UIN', uin],
    ['a UIN with many zeros', makeUin({ issuerCode: '0001', date: new Date('2030-01-01T00:00:00Z'), sequence: 0 })],
    ['a UIN with many nines', makeUin({ issuerCode: '9999', date: new Date('2099-12-29T00:00:00Z'), sequence: MAX_UIN_SEQUENCE })],
  ])('detects every single mistyped digit in %s', (_case, original) => {
    const variants = singleDigitErrors(original);
    expect(variants).toHaveLength(20 * 9);
    expect(variants.filter((variant) => isValidUin(variant))).toEqual([]);
  });

  it('detects every adjacent swap except 09 <-> 90, across many UINs', () => {
    const undetected = new Set<string>();
    let swaps = 0;
    for (let sequence = 0; sequence < 2_000; sequence += 7) {
      const original = makeUin({ issuerCode: '9054', date: issuedAt, sequence: sequence * 48_611 });
      for (const { variant, pair } of adjacentTranspositions(original)) {
        swaps += 1;
        if (isValidUin(variant)) undetected.add(pair);
      }
    }
    expect(swaps).toBeGreaterThan(4_000);
    expect([...undetected].every((pair) => pair === '09' || pair === '90')).toBe(true);
  });

  it('misses a 09 <-> 90 swap: the known blind spot of Luhn', () => {
    const original = makeUin({ issuerCode: '4012', date: issuedAt, sequence: 900 }); // ...000000900C
    const swapped = original.slice(0, 16) + '09' + original.slice(18);
    expect(swapped).not.toBe(original);
    expect(isValidUin(swapped)).toBe(true);
  });
});

import { asSentence, formatBishkekDateTime, formatSom, parseInstant } from './format.rules';

describe('formatBishkekDateTime', () => {
  it.each([
    ['2026-11-25T12:00:00Z', '25.11.2026 18:00'],
    ['2026-11-25T12:00:00+06:00', '25.11.2026 12:00'],
    // after 18:00 UTC it is already the next day in Bishkek
    ['2026-12-31T18:30:00Z', '01.01.2027 00:30'],
    ['2026-07-01T03:05:00.999Z', '01.07.2026 09:05'],
  ])('%s -> %s', (iso, expected) => {
    expect(formatBishkekDateTime(new Date(iso))).toBe(expected);
  });

  it('refuses an invalid date', () => {
    expect(() => formatBishkekDateTime(new Date('soon'))).toThrow(RangeError);
  });
});

describe('parseInstant', () => {
  it('reads ISO instants and gives null for nothing or nonsense', () => {
    expect(parseInstant('2026-11-25T12:00:00Z')?.toISOString()).toBe('2026-11-25T12:00:00.000Z');
    expect(parseInstant(null)).toBeNull();
    expect(parseInstant('')).toBeNull();
    expect(parseInstant('tomorrow')).toBeNull();
  });
});

describe('formatSom', () => {
  it.each([
    [0, '0,00 сом'],
    [5, '0,05 сом'],
    [25000, '250,00 сом'],
    [150050, '1 500,50 сом'],
    [123456789, '1 234 567,89 сом'],
  ])('%d tyiyn -> %s', (minor, expected) => {
    expect(formatSom(minor)).toBe(expected);
  });

  it('refuses fractions and negative amounts', () => {
    expect(() => formatSom(1.5)).toThrow(RangeError);
    expect(() => formatSom(-100)).toThrow(RangeError);
  });
});

describe('asSentence', () => {
  it('trims and ends the text with a full stop unless it already ends a sentence', () => {
    expect(asSentence('  the photo is missing ')).toBe('the photo is missing.');
    expect(asSentence('Фото отсутствует.')).toBe('Фото отсутствует.');
    expect(asSentence('Why?')).toBe('Why?');
  });
});

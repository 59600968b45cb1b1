import { createHmac } from 'node:crypto';
import { signCallback, verifyCallback } from './callback-signature.rules';

const secret = 'whsec_test_3f9a1c';
const body = JSON.stringify({ uin: '40122603190000000428', amountMinor: 50000, status: 'PAID', transactionId: 'gsep-981' });
const signedAt = new Date('2026-03-19T04:30:00Z');
const signedAtSeconds = signedAt.getTime() / 1000;
const secondsLater = (seconds: number) => new Date(signedAt.getTime() + seconds * 1000);

describe('signCallback', () => {
  it('produces t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">', () => {
    const expectedHmac = createHmac('sha256', secret).update(`${signedAtSeconds}.${body}`).digest('hex');
    expect(signCallback(body, secret, signedAt)).toBe(`t=${signedAtSeconds},v1=${expectedHmac}`);
  });

  it('signs a Buffer body byte for byte, including bytes that are not valid UTF-8', () => {
    const bytes = Buffer.from([0x7b, 0xff, 0xfe, 0x7d]);
    const expectedHmac = createHmac('sha256', secret)
      .update(Buffer.concat([Buffer.from(`${signedAtSeconds}.`), bytes]))
      .digest('hex');
    expect(signCallback(bytes, secret, signedAt)).toBe(`t=${signedAtSeconds},v1=${expectedHmac}`);
  });

  it('drops milliseconds from the timestamp', () => {
    expect(signCallback(body, secret, new Date(signedAt.getTime() + 999))).toMatch(new RegExp(`^t=${signedAtSeconds},`));
  });

  it('refuses an empty secret and an invalid date', () => {
    expect(() => signCallback(body, '', signedAt)).toThrow(TypeError);
    expect(() => signCallback(body, Buffer.alloc(0), signedAt)).toThrow(TypeError);
    expect(() => signCallback(body, secret, new Date('nope'))).toThrow(RangeError);
  });
});

describe('verifyCallback', () => {
  const header = signCallback(body, secret, signedAt);

  it('accepts a callback signed with the secret, as a string or as the raw bytes', () => {
    expect(verifyCallback(body, header, secret, { now: signedAt })).toEqual({ ok: true });
    expect(verifyCallback(Buffer.from(body), header, secret, { now: signedAt })).toEqual({ ok: true });
    expect(verifyCallback(body, header, Buffer.from(secret), { now: signedAt })).toEqual({ ok: true });
  });

  it('rejects a tampered body', () => {
    const tampered = body.replace('50000', '5000');
    expect(verifyCallback(tampered, header, secret, { now: signedAt })).toEqual({ ok: false, reason: 'BAD_SIGNATURE' });
    expect(verifyCallback(body + ' ', header, secret, { now: signedAt })).toEqual({ ok: false, reason: 'BAD_SIGNATURE' });
  });

  it('rejects a signature made with another secret', () => {
    expect(verifyCallback(body, header, 'whsec_other', { now: signedAt })).toEqual({ ok: false, reason: 'BAD_SIGNATURE' });
  });

  it('rejects a signature moved to another timestamp', () => {
    const v1 = header.split(',v1=')[1];
    const shifted = `t=${signedAtSeconds + 1},v1=${v1}`;
    expect(verifyCallback(body, shifted, secret, { now: signedAt })).toEqual({ ok: false, reason: 'BAD_SIGNATURE' });
  });

  it('accepts a timestamp exactly at the tolerance, either way, and rejects one second more', () => {
    expect(verifyCallback(body, header, secret, { now: secondsLater(300) })).toEqual({ ok: true });
    expect(verifyCallback(body, header, secret, { now: secondsLater(-300) })).toEqual({ ok: true });
    expect(verifyCallback(body, header, secret, { now: secondsLater(301) })).toEqual({ ok: false, reason: 'STALE' });
  });

  it('rejects a timestamp from the future beyond the tolerance', () => {
    expect(verifyCallback(body, header, secret, { now: secondsLater(-301) })).toEqual({ ok: false, reason: 'STALE' });
  });

  it('honours a custom tolerance, including zero', () => {
    expect(verifyCallback(body, header, secret, { now: secondsLater(30), toleranceSeconds: 10 })).toEqual({ ok: false, reason: 'STALE' });
    expect(verifyCallback(body, header, secret, { now: signedAt, toleranceSeconds: 0 })).toEqual({ ok: true });
    expect(verifyCallback(body, header, secret, { now: secondsLater(1), toleranceSeconds: 0 })).toEqual({ ok: false, reason: 'STALE' });
  });

  it('reports STALE before checking the signature, so old replays are named as such', () => {
    expect(verifyCallback('forged', header, 'wrong', { now: secondsLater(3600) })).toEqual({ ok: false, reason: 'STALE' });
  });

  it('uses the current time by default', () => {
    expect(verifyCallback(body, signCallback(body, secret), secret)).toEqual({ ok: true });
    expect(verifyCallback(body, header, secret)).toEqual({ ok: false, reason: 'STALE' });
  });

  it.each([
    ['undefined', undefined],
    ['an empty header', ''],
    ['a blank header', '   '],
  ])('reports MISSING for %s', (_case, missing) => {
    expect(verifyCallback(body, missing, secret, { now: signedAt })).toEqual({ ok: false, reason: 'MISSING' });
  });

  const v1 = header.split(',v1=')[1];
  it.each([
    ['no timestamp', `v1=${v1}`],
    ['no signature', `t=${signedAtSeconds}`],
    ['a non-numeric timestamp', `t=soon,v1=${v1}`],
    ['a negative timestamp', `t=-${signedAtSeconds},v1=${v1}`],
    ['a fractional timestamp', `t=${signedAtSeconds}.5,v1=${v1}`],
    ['two timestamps', `t=${signedAtSeconds},t=${signedAtSeconds},v1=${v1}`],
    ['a short signature', `t=${signedAtSeconds},v1=${v1.slice(0, 63)}`],
    ['a long signature', `t=${signedAtSeconds},v1=${v1}00`],
    ['a non-hex signature', `t=${signedAtSeconds},v1=${'z'.repeat(64)}`],
    ['a base64 signature', `t=${signedAtSeconds},v1=${Buffer.from(v1, 'hex').toString('base64')}`],
    ['a part without "="', `t=${signedAtSeconds},v1`],
    ['a part without a key', `t=${signedAtSeconds},=${v1}`],
    ['garbage', 'sha256=abc'],
    ['an empty part', `t=${signedAtSeconds},,v1=${v1}`],
  ])('reports MALFORMED for %s', (_case, malformed) => {
    expect(verifyCallback(body, malformed, secret, { now: signedAt })).toEqual({ ok: false, reason: 'MALFORMED' });
  });

  it('tolerates spaces around parts, upper-case hex and unknown keys', () => {
    expect(verifyCallback(body, ` t=${signedAtSeconds} , v1=${v1.toUpperCase()} `, secret, { now: signedAt })).toEqual({ ok: true });
    expect(verifyCallback(body, `t=${signedAtSeconds},v2=whatever,v1=${v1}`, secret, { now: signedAt })).toEqual({ ok: true });
  });

  it('accepts any one matching v1 while secrets rotate, and rejects when none matches', () => {
    const oldSecretSignature = signCallback(body, 'whsec_old', signedAt).split(',v1=')[1];
    expect(verifyCallback(body, `t=${signedAtSeconds},v1=${oldSecretSignature},v1=${v1}`, secret, { now: signedAt })).toEqual({ ok: true });
    expect(verifyCallback(body, `t=${signedAtSeconds},v1=${oldSecretSignature}`, secret, { now: signedAt })).toEqual({
      ok: false,
      reason: 'BAD_SIGNATURE',
    });
  });

  it('refuses an empty secret and an invalid tolerance, which are configuration errors', () => {
    expect(() => verifyCallback(body, header, '', { now: signedAt })).toThrow(TypeError);
    expect(() => verifyCallback(body, header, secret, { now: signedAt, toleranceSeconds: -1 })).toThrow(RangeError);
    expect(() => verifyCallback(body, header, secret, { now: signedAt, toleranceSeconds: Number.NaN })).toThrow(RangeError);
  });
});

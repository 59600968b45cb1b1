import { MAX_VERIFICATION_FAILURES, throttleClientKey, VERIFICATION_FAILURE_WINDOW_SECONDS, verificationThrottleVerdict } from './verification-throttle.rules';

const start = new Date('2026-11-22T10:00:00Z');
const later = (seconds: number) => new Date(start.getTime() + seconds * 1000);

describe('verificationThrottleVerdict', () => {
  it('limits an address at the maximum of wrong codes until its window ends', () => {
    const window = { windowStartedAt: start, failures: MAX_VERIFICATION_FAILURES };
    expect(verificationThrottleVerdict(window, later(60))).toEqual({ limited: true, retryAfterSeconds: VERIFICATION_FAILURE_WINDOW_SECONDS - 60 });
    expect(verificationThrottleVerdict(window, later(VERIFICATION_FAILURE_WINDOW_SECONDS - 0.5))).toEqual({ limited: true, retryAfterSeconds: 1 });
    expect(verificationThrottleVerdict(window, later(VERIFICATION_FAILURE_WINDOW_SECONDS))).toEqual({ limited: false });
  });

  it('lets an address with fewer wrong codes, or none, try', () => {
    expect(verificationThrottleVerdict(null, start)).toEqual({ limited: false });
    expect(verificationThrottleVerdict({ windowStartedAt: start, failures: MAX_VERIFICATION_FAILURES - 1 }, later(1))).toEqual({ limited: false });
  });
});

describe('throttleClientKey', () => {
  it('keys by the address, and puts callers without one in one bucket', () => {
    expect(throttleClientKey(' 10.0.0.1 ')).toBe('10.0.0.1');
    expect(throttleClientKey(null)).toBe('unknown');
    expect(throttleClientKey('')).toBe('unknown');
    expect(throttleClientKey('x'.repeat(100))).toHaveLength(64);
  });
});

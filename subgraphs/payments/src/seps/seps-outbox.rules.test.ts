import { MAX_RETRY_DELAY_MS, retryDelayMs } from './seps-outbox.rules';

describe('retryDelayMs: a request SEPS did not take waits longer after each failure', () => {
  it('doubles from the base', () => {
    expect([1, 2, 3, 4].map((attempts) => retryDelayMs(attempts, 2000))).toEqual([2000, 4000, 8000, 16000]);
  });

  it('never waits longer than the cap, however many tries failed', () => {
    expect(retryDelayMs(20, 2000)).toBe(MAX_RETRY_DELAY_MS);
    expect(retryDelayMs(10_000, 2000)).toBe(MAX_RETRY_DELAY_MS);
  });

  it('refuses nonsense', () => {
    expect(() => retryDelayMs(0, 2000)).toThrow(RangeError);
    expect(() => retryDelayMs(1, 0)).toThrow(RangeError);
  });
});

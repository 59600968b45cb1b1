import { retryDelayMs, shortReason } from './retry-backoff';

const policy = { initialDelayMs: 1000, maxDelayMs: 60_000 };

describe('retryDelayMs', () => {
  it('doubles from the initial delay, between half and all of it', () => {
    expect([1, 2, 3, 4].map((attempt) => retryDelayMs(attempt, policy, 1))).toEqual([1000, 2000, 4000, 8000]);
    expect([1, 2, 3, 4].map((attempt) => retryDelayMs(attempt, policy, 0))).toEqual([500, 1000, 2000, 4000]);
  });

  it('never waits longer than the cap, however many attempts', () => {
    expect(retryDelayMs(500, policy, 1)).toBe(60_000);
    expect(retryDelayMs(500, policy, 0)).toBe(30_000);
  });

  it('keeps the jitter within [0, 1]', () => {
    expect(retryDelayMs(1, policy, 7)).toBe(1000);
    expect(retryDelayMs(1, policy, -3)).toBe(500);
  });
});

describe('shortReason', () => {
  it('keeps reasons on one line and short', () => {
    expect(shortReason(' a\n\tb ')).toBe('a b');
    expect(shortReason('')).toBe('no reason given');
    expect(shortReason('x'.repeat(600))).toHaveLength(500);
  });
});

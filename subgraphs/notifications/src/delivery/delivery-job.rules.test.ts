import { afterAttempt, retryDelayMs, type RetryPolicy } from './delivery-job.rules';

const policy: RetryPolicy = { maxAttempts: 5, maxAgeMs: 3_600_000, initialDelayMs: 1000, maxDelayMs: 60_000 };
const createdAt = new Date('2026-12-01T09:00:00Z');
const now = new Date('2026-12-01T09:00:10Z');

describe('retryDelayMs', () => {
  it('doubles from the initial delay, between half and all of it', () => {
    expect([1, 2, 3, 4].map((attempt) => retryDelayMs(attempt, policy, 1))).toEqual([1000, 2000, 4000, 8000]);
    expect([1, 2, 3, 4].map((attempt) => retryDelayMs(attempt, policy, 0))).toEqual([500, 1000, 2000, 4000]);
    expect(retryDelayMs(3, policy, 0.5)).toBe(3000);
  });

  it('never waits longer than the cap, however many attempts', () => {
    expect(retryDelayMs(7, policy, 1)).toBe(60_000);
    expect(retryDelayMs(500, policy, 1)).toBe(60_000);
    expect(retryDelayMs(500, policy, 0)).toBe(30_000);
  });

  it('keeps the jitter within [0, 1]', () => {
    expect(retryDelayMs(1, policy, 7)).toBe(1000);
    expect(retryDelayMs(1, policy, -3)).toBe(500);
  });
});

describe('afterAttempt', () => {
  const base = { attempts: 1, createdAt, now, random: 1, policy };

  it('marks an accepted message SENT, and DELIVERED when the channel confirmed it', () => {
    expect(afterAttempt({ ...base, outcome: { kind: 'sent', providerMessageId: '<a@b>' } })).toEqual({ status: 'SENT', lastError: null, nextAttemptAt: null, providerMessageId: '<a@b>' });
    expect(afterAttempt({ ...base, outcome: { kind: 'sent', delivered: true } }).status).toBe('DELIVERED');
  });

  it('fails a permanent refusal at once, on the first attempt', () => {
    expect(afterAttempt({ ...base, outcome: { kind: 'permanent', reason: '550 no such user' } })).toEqual({ status: 'FAILED', lastError: '550 no such user', nextAttemptAt: null, providerMessageId: null });
  });

  it('queues a transient failure again after the backoff, keeping the reason', () => {
    const result = afterAttempt({ ...base, attempts: 2, outcome: { kind: 'transient', reason: 'connection refused' } });
    expect(result).toEqual({ status: 'QUEUED', lastError: 'connection refused', nextAttemptAt: new Date(now.getTime() + 2000), providerMessageId: null });
  });

  it('waits at least as long as the channel asked', () => {
    const result = afterAttempt({ ...base, outcome: { kind: 'transient', reason: 'too many requests', retryAfterMs: 30_000 } });
    expect(result.nextAttemptAt).toEqual(new Date(now.getTime() + 30_000));
  });

  it('gives up after the last attempt, saying how many were made and why', () => {
    const result = afterAttempt({ ...base, attempts: 5, outcome: { kind: 'transient', reason: 'connection refused' } });
    expect(result).toEqual({ status: 'FAILED', lastError: 'Gave up after 5 attempts: connection refused', nextAttemptAt: null, providerMessageId: null });
  });

  it('gives up when the next attempt would come too late after the notice', () => {
    const late = new Date(createdAt.getTime() + 3_599_500);
    const result = afterAttempt({ ...base, attempts: 2, now: late, outcome: { kind: 'transient', reason: 'timeout' } });
    expect(result.status).toBe('FAILED');
    expect(result.lastError).toBe('Gave up after 2 attempts over 60 min: timeout');
  });

  it('keeps reasons short and on one line', () => {
    const result = afterAttempt({ ...base, outcome: { kind: 'permanent', reason: `550\n${'x'.repeat(2000)}` } });
    expect(result.lastError!.length).toBe(500);
    expect(result.lastError).toMatch(/^550 x+…$/);
  });
});

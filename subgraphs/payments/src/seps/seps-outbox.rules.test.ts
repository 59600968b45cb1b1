import { retryOrGiveUp } from '@portal/kit';
import { MAX_RETRY_DELAY_MS, sepsRetryPolicy } from './seps-outbox.rules';

describe('sepsRetryPolicy: a request SEPS did not take waits longer after each failure, and is never dropped', () => {
  const createdAt = new Date('2026-12-01T00:00:00Z');
  const after = (attempts: number, now = createdAt) => retryOrGiveUp({ reason: 'HTTP 503', attempts, createdAt, now, random: 1, policy: sepsRetryPolicy(2000) });

  it('doubles from the base, up to the cap', () => {
    const waits = [1, 2, 3, 4, 30].map((attempts) => {
      const decision = after(attempts);
      return decision.retry ? decision.nextAttemptAt.getTime() - createdAt.getTime() : null;
    });
    expect(waits).toEqual([2000, 4000, 8000, 16000, MAX_RETRY_DELAY_MS]);
  });

  it('keeps trying after many failures and a long outage', () => {
    expect(after(10_000, new Date('2026-12-31T00:00:00Z'))).toMatchObject({ retry: true, lastError: 'HTTP 503' });
  });

  it('refuses nonsense', () => {
    expect(() => sepsRetryPolicy(0)).toThrow(RangeError);
  });
});

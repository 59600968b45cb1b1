import { describeDuration, retryOrGiveUp, shortReason } from './jobs';

const policy = { maxAttempts: 4, maxAgeMs: 60_000, initialDelayMs: 1000, maxDelayMs: 8000 };
const createdAt = new Date('2026-12-02T08:00:00Z');

describe('retryOrGiveUp', () => {
  it('waits longer after each failure, with jitter, up to the cap', () => {
    const at = (attempts: number, random: number) => retryOrGiveUp({ reason: 'down', attempts, createdAt, now: createdAt, random, policy });
    expect(at(1, 1)).toEqual({ retry: true, nextAttemptAt: new Date(createdAt.getTime() + 1000), lastError: 'down' });
    expect(at(2, 0)).toMatchObject({ retry: true, nextAttemptAt: new Date(createdAt.getTime() + 1000) });
    expect(at(3, 1)).toMatchObject({ nextAttemptAt: new Date(createdAt.getTime() + 4000) });
  });

  it('honours a longer wait the other side asked for', () => {
    expect(retryOrGiveUp({ reason: 'busy', attempts: 1, createdAt, now: createdAt, random: 1, policy, retryAfterMs: 30_000 })).toMatchObject({ nextAttemptAt: new Date(createdAt.getTime() + 30_000) });
  });

  it('gives up after the last attempt, or when the next would come too late', () => {
    expect(retryOrGiveUp({ reason: 'down', attempts: 4, createdAt, now: createdAt, random: 1, policy })).toEqual({ retry: false, lastError: 'Gave up after 4 attempts: down' });
    const late = new Date(createdAt.getTime() + 59_000);
    expect(retryOrGiveUp({ reason: 'down', attempts: 2, createdAt, now: late, random: 1, policy })).toEqual({ retry: false, lastError: 'Gave up after 2 attempts over 59 s: down' });
  });

  it('keeps reasons on one line and short', () => {
    expect(shortReason(`a\n  b${'x'.repeat(600)}`)).toHaveLength(500);
    expect(shortReason('   ')).toBe('no reason given');
    expect(describeDuration(90 * 60_000)).toBe('1.5 h');
  });
});

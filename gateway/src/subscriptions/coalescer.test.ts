import { ANONYMOUS, type Caller } from '@portal/kit';
import { GraphQLError } from 'graphql';
import { EventQueryCoalescer } from './coalescer';
import { DEFAULT_RETRY_POLICY } from './retry';

const person = (userId: string, overrides: Partial<Caller> = {}): Caller => ({ ...ANONYMOUS('r'), userId, roles: ['CITIZEN'], ...overrides });

describe('EventQueryCoalescer', () => {
  it('never shares a result between different people, languages or events', async () => {
    const runQuery = jest.fn(async () => ({ data: { ok: true } }));
    const coalescer = new EventQueryCoalescer(runQuery, DEFAULT_RETRY_POLICY, 50);
    await coalescer.run('e1', 'q', {}, person('a'));
    await coalescer.run('e1', 'q', {}, person('b'));
    await coalescer.run('e1', 'q', {}, person('a', { preferredLanguage: 'RU' }));
    await coalescer.run('e1', 'q', {}, person('a', { roles: ['PROVIDER_OFFICER'], providerId: 'p' }));
    await coalescer.run('e2', 'q', {}, person('a'));
    await coalescer.run('e1', 'other', {}, person('a'));
    await coalescer.run('e1', 'q', { x: 1 }, person('a'));
    expect(runQuery).toHaveBeenCalledTimes(7);
  });

  it('runs one query for the same person asking the same thing about the same event', async () => {
    const runQuery = jest.fn(async () => ({ data: { ok: true } }));
    const coalescer = new EventQueryCoalescer(runQuery, DEFAULT_RETRY_POLICY, 50);
    const results = await Promise.all(Array.from({ length: 10 }, () => coalescer.run('e1', 'q', { id: 1 }, person('a'))));
    expect(runQuery).toHaveBeenCalledTimes(1);
    expect(new Set(results).size).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(coalescer.size()).toBe(0);
  });

  it('retries a failing query once for everyone who shares it, and does not keep a final failure', async () => {
    const failure = { data: { application: null }, errors: [new GraphQLError('Internal server error.', { extensions: { code: 'INTERNAL_SERVER_ERROR' } })] };
    const runQuery = jest.fn(async () => failure);
    const coalescer = new EventQueryCoalescer(runQuery, { attempts: 3, initialDelayMs: 5, maxDelayMs: 5 }, 1_000);
    const outcomes = await Promise.all(Array.from({ length: 4 }, () => coalescer.run('e1', 'q', {}, person('a'))));
    expect(runQuery).toHaveBeenCalledTimes(3);
    expect(outcomes.every((outcome) => outcome.failed && outcome.attempts === 3)).toBe(true);
    expect(coalescer.size()).toBe(0);
    await coalescer.run('e1', 'q', {}, person('a'));
    expect(runQuery).toHaveBeenCalledTimes(6);
  });
});

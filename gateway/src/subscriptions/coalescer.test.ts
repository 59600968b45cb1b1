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

  it('runs one query for a whole access class, as one member, naming the others so each read is recorded', async () => {
    const runQuery = jest.fn(async (_q: string, _v: Record<string, unknown>, _caller: Caller) => ({ data: { ok: true } }));
    const coalescer = new EventQueryCoalescer(runQuery, DEFAULT_RETRY_POLICY, 50);
    const officers = Array.from({ length: 5 }, (_, i) => person(`o${i}`, { roles: ['PROVIDER_OFFICER'], providerId: 'p', requestId: `r${i}` }));
    await Promise.all(officers.map((officer) => coalescer.run('e1', 'q', {}, officer, 'PROVIDER|p|PROVIDER_OFFICER|KY')));
    expect(runQuery).toHaveBeenCalledTimes(1);
    const caller = runQuery.mock.calls[0][2];
    expect([caller.userId, ...(caller.alsoFor ?? [])].sort()).toEqual(['o0', 'o1', 'o2', 'o3', 'o4']);
    expect(caller.requestId).not.toMatch(/^r\d$/);
  });

  it('gives a member of the class who comes after the query started a query of its own', async () => {
    const runQuery = jest.fn(async (_q: string, _v: Record<string, unknown>, _caller: Caller) => ({ data: { ok: true } }));
    const coalescer = new EventQueryCoalescer(runQuery, DEFAULT_RETRY_POLICY, 1_000);
    const key = 'PROVIDER|p|PROVIDER_OFFICER|KY';
    await coalescer.run('e1', 'q', {}, person('o1', { providerId: 'p' }), key);
    await coalescer.run('e1', 'q', {}, person('o1', { providerId: 'p' }), key); // the same person's other screen
    expect(runQuery).toHaveBeenCalledTimes(1);
    await coalescer.run('e1', 'q', {}, person('o2', { providerId: 'p' }), key);
    expect(runQuery).toHaveBeenCalledTimes(2);
    expect(runQuery.mock.calls[1][2].userId).toBe('o2');
    expect(runQuery.mock.calls[1][2].alsoFor).toBeUndefined();
  });

  it('keeps at most maxQueriesPerEvent queries of one event in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const runQuery = jest.fn(async () => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 10));
      inFlight -= 1;
      return { data: { ok: true } };
    });
    const coalescer = new EventQueryCoalescer(runQuery, DEFAULT_RETRY_POLICY, { keepMs: 50, maxQueriesPerEvent: 3 });
    await Promise.all(Array.from({ length: 10 }, (_, i) => coalescer.run('e1', 'q', {}, person(`c${i}`))));
    expect(runQuery).toHaveBeenCalledTimes(10);
    expect(most).toBe(3);
  });
});

import { type ExecutionResult, GraphQLError } from 'graphql';
import { isTransientFailure, retryDelays, runWithRetry } from './retry';

const internal: ExecutionResult = { data: { application: null }, errors: [new GraphQLError('Internal server error.', { extensions: { code: 'INTERNAL_SERVER_ERROR' } })] };
const forbidden: ExecutionResult = { data: { application: null }, errors: [new GraphQLError('not yours', { extensions: { code: 'FORBIDDEN' } })] };
const ok: ExecutionResult = { data: { application: { id: 'a' } } };

describe('retrying follow-up queries of feed events', () => {
  it('backs off exponentially up to the cap', () => {
    expect(retryDelays({ attempts: 6, initialDelayMs: 1000, maxDelayMs: 15_000 })).toEqual([1000, 2000, 4000, 8000, 15_000]);
    expect(retryDelays({ attempts: 1, initialDelayMs: 1000, maxDelayMs: 15_000 })).toEqual([]);
  });

  it('tells failures of the platform from answers about access', () => {
    expect(isTransientFailure(internal)).toBe(true);
    expect(isTransientFailure({ errors: [new GraphQLError('no code')] })).toBe(true);
    expect(isTransientFailure(forbidden)).toBe(false);
    expect(isTransientFailure(ok)).toBe(false);
  });

  it('retries a failing query with the policy\'s waits until it answers', async () => {
    const answers = [internal, Promise.reject(new Error('socket hang up')), ok];
    const waits: number[] = [];
    const outcome = await runWithRetry(async () => answers.shift()!, { attempts: 5, initialDelayMs: 10, maxDelayMs: 15 }, async (ms) => {
      waits.push(ms);
    });
    expect(outcome).toEqual({ result: ok, failed: false, attempts: 3 });
    expect(waits).toEqual([10, 15]);
  });

  it('does not retry an answer about access', async () => {
    let calls = 0;
    const outcome = await runWithRetry(async () => {
      calls += 1;
      return forbidden;
    }, { attempts: 5, initialDelayMs: 1, maxDelayMs: 1 });
    expect(outcome.failed).toBe(false);
    expect(calls).toBe(1);
  });

  it('gives up after the last try and says so', async () => {
    let calls = 0;
    const outcome = await runWithRetry(async () => {
      calls += 1;
      return internal;
    }, { attempts: 3, initialDelayMs: 1, maxDelayMs: 1 });
    expect(outcome).toMatchObject({ failed: true, attempts: 3, result: internal });
    expect(calls).toBe(3);
  });
});

import { CLIENT_ERROR_CODES, log } from '@portal/kit';
import { type ExecutionResult, GraphQLError } from 'graphql';

/** How a failed follow-up query of a feed event is retried before the event is given up. */
export interface RetryPolicy {
  /** Tries in all, the first included. */
  attempts: number;
  /** The wait before the second try; each later wait doubles, up to `maxDelayMs`. */
  initialDelayMs: number;
  maxDelayMs: number;
}

/** Six tries over about 30 s (waits of 1, 2, 4, 8 and 15 s). */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { attempts: 6, initialDelayMs: 1000, maxDelayMs: 15_000 };

export interface FollowUpResult {
  result: ExecutionResult;
  /** True when the last try still failed for a reason other than the subscriber's access or input. */
  failed: boolean;
  attempts: number;
}

/** The waits between tries, in order (attempts - 1 of them). */
export function retryDelays(policy: RetryPolicy): number[] {
  const delays: number[] = [];
  for (let i = 1; i < policy.attempts; i += 1) delays.push(Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** (i - 1)));
  return delays;
}

/**
 * A result is worth retrying when it carries an error that is not the client's (an unavailable
 * subgraph or database answers INTERNAL_SERVER_ERROR); FORBIDDEN, NOT_FOUND and the like are answers.
 */
export function isTransientFailure(result: ExecutionResult): boolean {
  return (result.errors ?? []).some((error) => {
    const code = error.extensions?.code;
    return typeof code !== 'string' || !CLIENT_ERROR_CODES.has(code);
  });
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/** Runs `query` until it answers without a transient failure or the policy's tries are spent. */
export async function runWithRetry(query: () => Promise<ExecutionResult>, policy: RetryPolicy, wait: (ms: number) => Promise<void> = sleep): Promise<FollowUpResult> {
  const delays = retryDelays(policy);
  let attempts = 0;
  for (;;) {
    attempts += 1;
    let result: ExecutionResult;
    let problem: string;
    try {
      result = await query();
      problem = (result.errors ?? []).map((error) => error.message).join('; ');
    } catch (error) {
      problem = String((error as Error)?.message ?? error);
      result = { errors: [new GraphQLError('The gateway could not reach the graph.', { extensions: { code: 'INTERNAL_SERVER_ERROR' } })] };
    }
    if (!isTransientFailure(result)) return { result, failed: false, attempts };
    const delay = delays[attempts - 1];
    const next = delay === undefined ? 'giving up: the event is delivered as an error' : `retrying in ${delay} ms`;
    log.warn({ component: 'subscriptions' }, `follow-up query of a feed event failed (try ${attempts} of ${policy.attempts}), ${next}: ${problem}`);
    if (delay === undefined) return { result, failed: true, attempts };
    await wait(delay);
  }
}

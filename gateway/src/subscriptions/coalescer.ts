import type { Caller } from '@portal/kit';
import { type FollowUpResult, runWithRetry, DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry';
import type { RunQuery } from './server';

/**
 * Shares the per-event query between subscriptions of the same identity asking the same thing
 * (one person on several devices, an officer with several screens): the result depends only on
 * who asks (user, roles, provider, languages) and what, so one execution serves them all.
 * Different people never share a result: the subgraphs check each one's access. A failing query
 * is retried (see retry.ts) once for all who share it; a result that still failed is not kept.
 */
export class EventQueryCoalescer {
  private readonly inFlight = new Map<string, Promise<FollowUpResult>>();

  constructor(private readonly runQuery: RunQuery, private readonly retryPolicy: RetryPolicy = DEFAULT_RETRY_POLICY, private readonly keepMs = 5_000) {}

  run(eventId: string, query: string, variables: Record<string, unknown>, caller: Caller): Promise<FollowUpResult> {
    const key = JSON.stringify([eventId, identityOf(caller), query, variables]);
    let result = this.inFlight.get(key);
    if (!result) {
      result = runWithRetry(() => this.runQuery(query, variables, caller), this.retryPolicy);
      this.inFlight.set(key, result);
      // subscribers render an event within moments of each other; then the entry goes
      void result.then((outcome) => {
        if (outcome.failed) this.inFlight.delete(key);
        else setTimeout(() => this.inFlight.delete(key), this.keepMs).unref();
      });
    }
    return result;
  }

  size(): number {
    return this.inFlight.size;
  }
}

function identityOf(caller: Caller): unknown[] {
  return [caller.userId, [...caller.roles].sort(), caller.providerId, caller.acceptLanguage, caller.preferredLanguage];
}

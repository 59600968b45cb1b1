import type { Caller } from '@portal/kit';
import type { ExecutionResult } from 'graphql';
import type { RunQuery } from './server';

/**
 * Shares the per-event query between subscriptions of the same identity asking the same thing
 * (one person on several devices, an officer with several screens): the result depends only on
 * who asks (user, roles, provider, languages) and what, so one execution serves them all.
 * Different people never share a result: the subgraphs check each one's access.
 */
export class EventQueryCoalescer {
  private readonly inFlight = new Map<string, Promise<ExecutionResult>>();

  constructor(private readonly runQuery: RunQuery, private readonly keepMs = 5_000) {}

  run(eventId: string, query: string, variables: Record<string, unknown>, caller: Caller): Promise<ExecutionResult> {
    const key = JSON.stringify([eventId, identityOf(caller), query, variables]);
    let result = this.inFlight.get(key);
    if (!result) {
      result = this.runQuery(query, variables, caller);
      this.inFlight.set(key, result);
      // subscribers render an event within moments of each other; then the entry goes
      setTimeout(() => this.inFlight.delete(key), this.keepMs).unref();
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

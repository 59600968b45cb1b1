import type { Caller } from '@portal/kit';
import { randomUUID } from 'node:crypto';
import { accessClassKey } from '../visibility.rules';
import { type FollowUpResult, runWithRetry, DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry';
import type { RunQuery } from './server';

export interface CoalescerOptions {
  /** How long a finished result stays for the same people's other screens. */
  keepMs?: number;
  /** Queries of one event in flight at once (each access class needs one); the rest wait their turn. */
  maxQueriesPerEvent?: number;
}

export const DEFAULT_MAX_QUERIES_PER_EVENT = 8;

interface Batch {
  /** The subscribers the query is run for, by user (one entry per person, whatever their screens). */
  members: Map<string | null, Caller>;
  started: boolean;
  result: Promise<FollowUpResult>;
}

/**
 * Shares the per-event query among the subscribers of one access class asking the same thing
 * (visibility.rules.ts: officers of one provider with the same roles and language, or one person
 * on several screens): their answers cannot differ, so one execution, as one of them, serves all.
 * The calls of one turn of the event loop form the batch (the hub hands an event to every feed at
 * once); the query carries every member's user id (Caller.alsoFor), so the subgraphs record each
 * one's read of personal data. A subscriber of the class who comes after the batch started gets a
 * query of its own batch, so no read goes unrecorded. A failing query is retried (retry.ts) once for
 * all who share it; a result that still failed is not kept.
 */
export class EventQueryCoalescer {
  private readonly batches = new Map<string, Batch>();
  private readonly slots = new Map<string, { active: number; waiting: Array<() => void> }>();
  private readonly keepMs: number;
  private readonly maxQueriesPerEvent: number;

  constructor(private readonly runQuery: RunQuery, private readonly retryPolicy: RetryPolicy = DEFAULT_RETRY_POLICY, options: CoalescerOptions | number = {}) {
    const settings = typeof options === 'number' ? { keepMs: options } : options;
    this.keepMs = settings.keepMs ?? 5_000;
    this.maxQueriesPerEvent = Math.max(1, settings.maxQueriesPerEvent ?? DEFAULT_MAX_QUERIES_PER_EVENT);
  }

  /** The answer to `query` for `caller`, shared with the other members of `classKey` (default: the caller alone). */
  run(eventId: string, query: string, variables: Record<string, unknown>, caller: Caller, classKey = accessClassKey('USER', caller, [])): Promise<FollowUpResult> {
    const key = JSON.stringify([eventId, classKey, query, variables]);
    const found = this.batches.get(key);
    if (found && !found.started) {
      if (!found.members.has(caller.userId)) found.members.set(caller.userId, caller);
      return found.result;
    }
    // the same person's other screen takes what was read for them
    if (found && found.members.has(caller.userId)) return found.result;
    const members = new Map<string | null, Caller>([[caller.userId, caller]]);
    let begin!: () => void;
    const started = new Promise<void>((resolve) => (begin = resolve));
    const batch: Batch = { members, started: false, result: started.then(() => this.execute(eventId, query, variables, batch)) };
    this.batches.set(key, batch);
    setImmediate(() => {
      batch.started = true;
      begin();
    });
    void batch.result.then((outcome) => {
      const forget = () => {
        if (this.batches.get(key) === batch) this.batches.delete(key);
      };
      if (outcome.failed) forget();
      else setTimeout(forget, this.keepMs).unref();
    });
    return batch.result;
  }

  /** Batches held (in flight or kept). */
  size(): number {
    return this.batches.size;
  }

  private execute(eventId: string, query: string, variables: Record<string, unknown>, batch: Batch): Promise<FollowUpResult> {
    const [representative, ...others] = [...batch.members.values()];
    const alsoFor = others.flatMap((member) => (member.userId ? [member.userId] : []));
    // a shared read gets an id of its own: it is nobody's single request
    const caller: Caller = alsoFor.length > 0 ? { ...representative, requestId: randomUUID(), alsoFor } : representative;
    return runWithRetry(() => this.withSlot(eventId, () => this.runQuery(query, variables, caller)), this.retryPolicy);
  }

  /** Runs `task` when fewer than maxQueriesPerEvent queries of the event are in flight (a wait for a retry holds no slot). */
  private async withSlot<T>(eventId: string, task: () => Promise<T>): Promise<T> {
    let slot = this.slots.get(eventId);
    if (!slot) {
      slot = { active: 0, waiting: [] };
      this.slots.set(eventId, slot);
    }
    // a finished query hands its slot straight to the next in line, so the bound holds
    if (slot.active >= this.maxQueriesPerEvent) await new Promise<void>((resolve) => slot!.waiting.push(resolve));
    else slot.active += 1;
    try {
      return await task();
    } finally {
      const next = slot.waiting.shift();
      if (next) next();
      else if (--slot.active === 0) this.slots.delete(eventId);
    }
  }
}

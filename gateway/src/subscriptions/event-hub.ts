import { type BackgroundTask, type BusEvent, type EventBus, log, rememberBounded } from '@portal/kit';
import { EventLogReader } from './event-log';
import { ACCRUAL_CREATED, type FeedEvent, STATUS_CHANGED, type StatusChange, statusChangeOf } from './feeds';

export type EventListener = (event: FeedEvent) => void;

/** How many applications' last status change the hub remembers to attach to their accrual events. */
const REMEMBERED_APPLICATIONS = 50_000;

/**
 * One tail of the event bus per gateway process, fanned out to the subscriptions it serves, in
 * log order. Each event carries the application status change it pushes (see FeedEvent).
 */
export class EventHub {
  private readonly listeners = new Map<string, Set<EventListener>>();
  private tail: (BackgroundTask & { position(): number }) | null = null;
  private dispatched = 0;
  private readonly lastStatus = new Map<string, StatusChange>();
  readonly log: EventLogReader;

  /** The hub owns `bus` and closes it on stop. */
  constructor(readonly bus: EventBus, private readonly pollMs = 1000) {
    this.log = new EventLogReader(bus);
  }

  /** Names the bus in the feed cursors this hub's positions become. */
  get positionTag(): string {
    return this.bus.positionTag;
  }

  start(): Promise<void> {
    this.tail = this.bus.tail({ pollMs: this.pollMs, onEvents: (events) => this.receive(events) });
    return this.tail.drain();
  }

  on(eventType: string, listener: EventListener): () => void {
    let set = this.listeners.get(eventType);
    if (!set) {
      set = new Set();
      this.listeners.set(eventType, set);
    }
    set.add(listener);
    return () => set!.delete(listener);
  }

  /**
   * The log position up to which events have been handed to listeners: a listener added now gets
   * every event after it, and none before it.
   */
  position(): number {
    return Math.max(this.dispatched, this.tail?.position() ?? 0);
  }

  listenerCount(): number {
    let count = 0;
    for (const set of this.listeners.values()) count += set.size;
    return count;
  }

  /** Waits until every event committed so far has been dispatched (tests, benchmarks). */
  async catchUp(): Promise<void> {
    await this.tail?.drain();
  }

  async stop(): Promise<void> {
    await this.tail?.stop();
    await this.bus.close();
    this.listeners.clear();
  }

  private async receive(events: BusEvent[]): Promise<void> {
    // look up, before handing anything out, the status changes of accruals this hub has not seen
    // (a failed look-up throws, and the tail reads the same batch again)
    const seenInBatch = new Set<string>();
    const wanted: Array<{ applicationId: string; beforeSeq: number }> = [];
    for (const event of events) {
      if (event.type === STATUS_CHANGED) seenInBatch.add(statusChangeOf(event).applicationId);
      const applicationId = event.type === ACCRUAL_CREATED ? String(event.payload.applicationId) : null;
      if (applicationId && !seenInBatch.has(applicationId) && !this.lastStatus.has(applicationId)) {
        wanted.push({ applicationId, beforeSeq: event.seq });
        seenInBatch.add(applicationId);
      }
    }
    for (const [applicationId, change] of await this.log.statusChangesBefore(wanted)) this.remember(applicationId, change);
    this.dispatch(events);
  }

  private dispatch(events: BusEvent[]): void {
    for (const event of events) {
      let status: StatusChange | null = null;
      if (event.type === STATUS_CHANGED) {
        status = statusChangeOf(event);
        this.remember(status.applicationId, status);
      } else if (event.type === ACCRUAL_CREATED) {
        status = this.lastStatus.get(String(event.payload.applicationId)) ?? null;
      }
      const feedEvent: FeedEvent = { ...event, status };
      for (const listener of this.listeners.get(event.type) ?? []) {
        try {
          listener(feedEvent);
        } catch (error) {
          log.error({ component: 'event-hub' }, String(error));
        }
      }
      this.dispatched = event.seq;
    }
  }

  private remember(applicationId: string, change: StatusChange): void {
    rememberBounded(this.lastStatus, applicationId, change, REMEMBERED_APPLICATIONS);
  }
}

import { type BackgroundTask, type BusEvent, tailEventLog } from '@portal/kit';

export type EventListener = (event: BusEvent) => void;

/** One tail of the event log per gateway process, fanned out to the subscriptions it serves. */
export class EventHub {
  private readonly listeners = new Map<string, Set<EventListener>>();
  private tail: BackgroundTask | null = null;

  constructor(private readonly databaseUrl: string, private readonly pollMs = 1000) {}

  start(): Promise<void> {
    this.tail = tailEventLog({ databaseUrl: this.databaseUrl, pollMs: this.pollMs, onEvents: (events) => this.dispatch(events) });
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
    this.listeners.clear();
  }

  private dispatch(events: BusEvent[]): void {
    for (const event of events) {
      for (const listener of this.listeners.get(event.type) ?? []) {
        try {
          listener(event);
        } catch (error) {
          console.error(JSON.stringify({ level: 'error', component: 'event-hub', message: String(error) }));
        }
      }
    }
  }
}

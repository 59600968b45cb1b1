import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { BackgroundTask } from './loops';
import type { BusEvent } from './outbox';

/**
 * Where committed events travel between processes. The outbox always stays in each subgraph's
 * PostgreSQL schema (it commits with the change); the bus is what relays publish to and what
 * consumers and gateways read: the PostgreSQL log `event_bus.event_log` (default, one database)
 * or NATS JetStream (`EVENT_BUS_URL=nats://…`, many machines). Positions (`BusEvent.seq`) are
 * the bus's own order: log seq or stream sequence.
 */
export interface EventBus {
  /** Names the bus in feed cursors, so a cursor issued on another bus is refused, not misread. */
  readonly positionTag: string;
  /** Publishes this subgraph's committed outbox rows in outbox order, each once (retries are deduplicated by event id). */
  startRelay(orm: MikroORM, options: RelayOptions): BackgroundTask;
  /** Hands each event of `types` to `handle` once, in bus order, replicas of one consumer taking turns. */
  startConsumer(orm: MikroORM, options: ConsumerOptions): BackgroundTask;
  /** Follows every event from now on (one per gateway process); `position()` is the last one handed over. */
  tail(options: TailOptions): BackgroundTask & { position(): number };
  /** Events of `types` after position `after` up to `upTo`, in bus order, at most `limit`. */
  read(options: { after: number; upTo: number; types: string[]; limit: number }): Promise<BusEvent[]>;
  /** Events of `types` published since `since` (a process that just started catches up on recent state). */
  readSince(options: { types: string[]; since: Date }): Promise<BusEvent[]>;
  /** When the event at `position` was published, or null when the bus has no such event. */
  publishedAt(position: number): Promise<Date | null>;
  /** Per aggregate, its last event of `type` before the given position. */
  lastBefore(type: string, wanted: Array<{ aggregateId: string; before: number }>): Promise<Map<string, BusEvent>>;
  close(): Promise<void>;
}

export interface RelayOptions {
  /** For the outbox wake-ups (LISTEN) on the subgraph's database. */
  databaseUrl: string;
  source: string;
  pollMs?: number;
  batchSize?: number;
}

export interface ConsumerOptions {
  databaseUrl: string;
  /** Unique per consumer; replicas of one subgraph share it (they take turns, never both). */
  name: string;
  types: string[];
  /** Runs inside the transaction that records the event as processed. */
  handle(event: BusEvent, em: EntityManager): Promise<void>;
  pollMs?: number;
  batchSize?: number;
}

export interface TailOptions {
  /** Awaited when it returns a promise: the position moves on once it has settled. */
  onEvents(events: BusEvent[]): unknown;
  pollMs?: number;
  batchSize?: number;
}

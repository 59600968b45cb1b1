import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { Migration } from '@mikro-orm/migrations';
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { Client, Pool } from 'pg';
import type { EventPayloads, EventType } from './event-types';
import { log } from './log';

/**
 * Events between subgraphs. A state change records its events in the subgraph's own `outbox`
 * table in the same transaction; a relay moves committed rows, in order, to the shared durable
 * log `event_bus.event_log` (a Postgres-backed broker: the only shared table, written only by
 * relays, read by consumers and gateways). Consumers keep their cursor and the ids of processed
 * events (inbox) in their own schema, in the same transaction as their effects, so every event is
 * handled once even across crashes. LISTEN/NOTIFY only wakes readers up; the tables are the truth.
 */

export interface NewEvent<P extends object = Record<string, unknown>> {
  type: string;
  aggregateType: string;
  aggregateId: string;
  /** Increases with every change of the aggregate: lets readers drop stale events. */
  aggregateVersion: number;
  payload: P;
}

export interface BusEvent<P extends object = Record<string, unknown>> extends NewEvent<P> {
  seq: number;
  eventId: string;
  source: string;
  occurredAt: Date;
}

const BUS_CHANNEL = 'event_bus';
const OUTBOX_CHANNEL = 'outbox';

/** The shared log; every subgraph that publishes or consumes lists this migration first. */
export class Migration00000000000000EventBus extends Migration {
  override up(): void {
    // replicas may migrate at once: serialize the idempotent DDL
    this.addSql(`select pg_advisory_xact_lock(hashtext('event_bus.ddl'))`);
    this.addSql('create schema if not exists event_bus');
    this.addSql(`create table if not exists event_bus.event_log (
      seq bigserial primary key,
      event_id uuid not null unique,
      source text not null,
      type text not null,
      aggregate_type text not null,
      aggregate_id uuid not null,
      aggregate_version integer not null,
      payload jsonb not null,
      occurred_at timestamptz not null,
      published_at timestamptz not null default now()
    )`);
    this.addSql('create index if not exists event_log_aggregate on event_bus.event_log (aggregate_id, seq)');
  }
}

/** SQL for a subgraph's outbox, inbox and consumer cursors (in its first eventing migration). */
export function eventTablesSql(schema: string): string[] {
  return [
    `create table "${schema}".outbox (
      id bigserial primary key,
      event_id uuid not null unique,
      type text not null,
      aggregate_type text not null,
      aggregate_id uuid not null,
      aggregate_version integer not null,
      payload jsonb not null,
      occurred_at timestamptz not null default now(),
      published_at timestamptz
    )`,
    `create index outbox_unpublished on "${schema}".outbox (id) where published_at is null`,
    `create table "${schema}".inbox (consumer text not null, event_id uuid not null, processed_at timestamptz not null default now(), primary key (consumer, event_id))`,
    `create table "${schema}".consumer_cursor (consumer text primary key, last_seq bigint not null default 0)`,
  ];
}

/** A typed event of the catalogue in event-types.ts. */
export function domainEvent<T extends EventType>(type: T, aggregate: { type: string; id: string; version: number }, payload: EventPayloads[T]): NewEvent {
  return { type, aggregateType: aggregate.type, aggregateId: aggregate.id, aggregateVersion: aggregate.version, payload: payload as unknown as Record<string, unknown> };
}

/** The payload of a consumed event, typed by its type. */
export function payloadOf<T extends EventType>(event: BusEvent, type: T): EventPayloads[T] {
  if (event.type !== type) throw new Error(`expected a ${type} event, got ${event.type}`);
  return event.payload as unknown as EventPayloads[T];
}

function schemaOf(em: EntityManager): string {
  return em.config.get('schema') as string;
}

/**
 * Records events in this subgraph's outbox. Call inside the transaction that makes the change:
 * the events commit or roll back with it, and the relay is woken at commit.
 */
export async function recordEvents(em: EntityManager, events: NewEvent[]): Promise<string[]> {
  if (events.length === 0) return [];
  const schema = schemaOf(em);
  const ids = events.map(() => randomUUID());
  const values = events.map(() => '(?, ?, ?, ?, ?, ?::jsonb)').join(', ');
  const params = events.flatMap((e, i) => [ids[i], e.type, e.aggregateType, e.aggregateId, e.aggregateVersion, JSON.stringify(e.payload)]);
  await em.execute(`insert into "${schema}".outbox (event_id, type, aggregate_type, aggregate_id, aggregate_version, payload) values ${values}`, params);
  await em.execute(`select pg_notify(?, ?)`, [OUTBOX_CHANNEL, schema]);
  return ids;
}

export interface BackgroundTask {
  stop(): Promise<void>;
  /** Resolves when everything visible now has been processed (tests). */
  drain(): Promise<void>;
}

/** Marks SQL sent by background tasks (relays, consumers), so request-level query counts ignore it. */
export const backgroundWork = new AsyncLocalStorage<string>();

/**
 * Runs `work` every `everyMs` and whenever asked, never twice at once in this process; while it
 * reports a full batch it goes on, and a request that arrives mid-run makes it run once more.
 */
function repeatingRunner(work: () => Promise<boolean>, options: { name: string; everyMs: number }): BackgroundTask & { run(): Promise<void> } {
  let stopped = false;
  let running: Promise<void> | null = null;
  let again = false;

  const run = (): Promise<void> => {
    if (stopped) return Promise.resolve();
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          while (!stopped && (await backgroundWork.run(options.name, work))) {
            // keep going while a full batch was processed
          }
        } while (again && !stopped);
      } catch (error) {
        log.error({ task: options.name, err: error }, 'background task failed');
      } finally {
        running = null;
      }
    })();
    return running;
  };

  const timer = setInterval(() => void run(), options.everyMs);
  timer.unref();
  return {
    run,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
    async drain() {
      await run();
      while (running) await running;
    },
  };
}

/**
 * Runs `work` now, on every notification on `channel` and every `pollMs`, never twice at once. The
 * listening connection is reopened (with backoff) when it drops, e.g. while PostgreSQL restarts;
 * polling carries on meanwhile.
 */
function wakeableLoop(work: () => Promise<boolean>, options: { databaseUrl: string; channel: string; filter?: (payload: string | undefined) => boolean; pollMs: number; name: string }): BackgroundTask {
  const runner = repeatingRunner(work, { name: options.name, everyMs: options.pollMs });
  let stopped = false;
  let listener: Client | null = null;
  let reconnectTimer: NodeJS.Timeout | null = null;
  let failures = 0;

  const listen = async (): Promise<void> => {
    const client = new Client({ connectionString: options.databaseUrl });
    listener = client;
    let dropped = false;
    const drop = () => {
      if (dropped) return;
      dropped = true;
      void client.end().catch(() => undefined);
      if (stopped) return;
      failures += 1;
      reconnectTimer = setTimeout(() => void listen(), Math.min(10_000, 250 * 2 ** Math.min(failures, 6)));
      reconnectTimer.unref();
    };
    client.on('notification', (message) => {
      if (!options.filter || options.filter(message.payload)) void runner.run();
    });
    client.on('error', drop);
    client.on('end', drop);
    try {
      await client.connect();
      await client.query(`listen ${options.channel}`);
      failures = 0;
      // whatever was notified while not listening is picked up now
      void runner.run();
    } catch {
      drop();
    }
  };
  const listening = listen();

  return {
    async stop() {
      stopped = true;
      if (reconnectTimer) clearTimeout(reconnectTimer);
      await runner.stop();
      await listening;
      await listener?.end().catch(() => undefined);
    },
    async drain() {
      await listening;
      await runner.drain();
    },
  };
}

/** Moves committed outbox rows to the event log, in order, once each. */
export function startOutboxRelay(orm: MikroORM, options: { databaseUrl: string; source: string; pollMs?: number; batchSize?: number }): BackgroundTask {
  const schema = orm.config.get('schema') as string;
  const batchSize = options.batchSize ?? 200;
  return wakeableLoop(
    async () => {
      const moved = await orm.em.fork().transactional(async (tx) => {
        // one publisher at a time, so log sequence numbers become visible in order (no gaps for readers)
        await tx.execute(`select pg_advisory_xact_lock(hashtext('event_bus.publish'))`);
        const rows = await tx.execute<Array<{ seq: string }>>(
          `with batch as (
             select id from "${schema}".outbox where published_at is null order by id limit ? for update skip locked
           ), moved as (
             update "${schema}".outbox o set published_at = now() from batch where o.id = batch.id returning o.*
           )
           insert into event_bus.event_log (event_id, source, type, aggregate_type, aggregate_id, aggregate_version, payload, occurred_at)
           select event_id, ?, type, aggregate_type, aggregate_id, aggregate_version, payload, occurred_at from moved order by id
           on conflict (event_id) do nothing
           returning seq`,
          [batchSize, options.source],
        );
        if (rows.length > 0) await tx.execute(`select pg_notify(?, ?)`, [BUS_CHANNEL, String(Math.max(...rows.map((r) => Number(r.seq))))]);
        return rows.length;
      });
      return moved === batchSize;
    },
    { databaseUrl: options.databaseUrl, channel: OUTBOX_CHANNEL, filter: (payload) => payload === schema, pollMs: options.pollMs ?? 1000, name: `relay:${schema}` },
  );
}

/** A row of `event_bus.event_log` as `pg` returns it. */
export interface EventRow {
  seq: string;
  event_id: string;
  source: string;
  type: string;
  aggregate_type: string;
  aggregate_id: string;
  aggregate_version: number;
  payload: Record<string, unknown>;
  occurred_at: Date | string;
}

export function toBusEvent(row: EventRow): BusEvent {
  return {
    seq: Number(row.seq),
    eventId: row.event_id,
    source: row.source,
    type: row.type,
    aggregateType: row.aggregate_type,
    aggregateId: row.aggregate_id,
    aggregateVersion: row.aggregate_version,
    payload: row.payload,
    occurredAt: new Date(row.occurred_at),
  };
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

/**
 * Consumes the event log from this consumer's cursor. Each event is handled in its own
 * transaction together with its inbox row and the cursor move, so a crash before commit leaves
 * the event to be handled again, and a handled event is never handled twice. An event whose
 * handler fails stops the consumer at that event (order is kept) and is retried on the next wake.
 */
export function startEventConsumer(orm: MikroORM, options: ConsumerOptions): BackgroundTask {
  const schema = orm.config.get('schema') as string;
  const batchSize = options.batchSize ?? 100;
  return wakeableLoop(
    async () => {
      const em = orm.em.fork();
      await em.execute(`insert into "${schema}".consumer_cursor (consumer, last_seq) values (?, 0) on conflict do nothing`, [options.name]);
      const [{ last_seq: lastSeq }] = await em.execute<Array<{ last_seq: string }>>(`select last_seq from "${schema}".consumer_cursor where consumer = ?`, [options.name]);
      const [{ hi }] = await em.execute<Array<{ hi: string }>>(`select coalesce(max(seq), 0) as hi from event_bus.event_log`);
      const rows = await em.execute<EventRow[]>(
        `select * from event_bus.event_log where seq > ? and seq <= ? and type in (${options.types.map(() => '?').join(', ')}) order by seq limit ?`,
        [lastSeq, hi, ...options.types, batchSize],
      );
      let position = String(lastSeq);
      for (const row of rows) {
        const event = toBusEvent(row);
        position = String(event.seq);
        await orm.em.fork().transactional(async (tx) => {
          const [cursor] = await tx.execute<Array<{ last_seq: string }>>(`select last_seq from "${schema}".consumer_cursor where consumer = ? for update`, [options.name]);
          if (Number(cursor.last_seq) >= event.seq) return; // another replica got here first
          const fresh = await tx.execute(`insert into "${schema}".inbox (consumer, event_id) values (?, ?) on conflict do nothing returning event_id`, [options.name, event.eventId]);
          if (fresh.length > 0) await options.handle(event, tx);
          await tx.execute(`update "${schema}".consumer_cursor set last_seq = ? where consumer = ?`, [event.seq, options.name]);
        });
      }
      if (rows.length < batchSize) {
        // skip past events of other types, unless the cursor moved meanwhile (another replica, or an operator's replay)
        await em.execute(`update "${schema}".consumer_cursor set last_seq = ? where consumer = ? and last_seq = ? and last_seq < ?`, [hi, options.name, position, hi]);
        return false;
      }
      return true;
    },
    { databaseUrl: options.databaseUrl, channel: BUS_CHANNEL, pollMs: options.pollMs ?? 1000, name: `consumer:${options.name}` },
  );
}

/**
 * Follows the event log from "now" for one process (each gateway replica tails it itself, so every
 * replica sees every event). Delivers events in log order to `onEvents`, awaiting it per batch;
 * when PostgreSQL is unreachable the reads fail and are retried, from the same position.
 */
export function tailEventLog(options: {
  databaseUrl: string;
  /** Awaited when it returns a promise: the position moves on once it has settled. */
  onEvents(events: BusEvent[]): unknown;
  pollMs?: number;
  batchSize?: number;
}): BackgroundTask & { position(): number } {
  // a pool reconnects after a dropped connection; the failed read is logged by the loop and retried
  const client = new Pool({ connectionString: options.databaseUrl, max: 1 });
  client.on('error', () => undefined);
  let cursor: number | null = null;
  const batchSize = options.batchSize ?? 500;
  const task = wakeableLoop(
    async () => {
      if (cursor === null) {
        const start = await client.query<{ hi: string }>('select coalesce(max(seq), 0) as hi from event_bus.event_log');
        cursor = Number(start.rows[0].hi);
        return false;
      }
      const result = await client.query<EventRow>('select * from event_bus.event_log where seq > $1 order by seq limit $2', [cursor, batchSize]);
      if (result.rows.length === 0) return false;
      const events = result.rows.map(toBusEvent);
      // the position moves only once the batch is handed over, so a failed hand-over is read again
      await options.onEvents(events);
      cursor = events[events.length - 1].seq;
      return result.rows.length === batchSize;
    },
    { databaseUrl: options.databaseUrl, channel: BUS_CHANNEL, pollMs: options.pollMs ?? 1000, name: 'tail:event_log' },
  );
  return {
    ...task,
    position: () => cursor ?? 0,
    async stop() {
      await task.stop();
      await client.end().catch(() => undefined);
    },
  };
}

/**
 * Runs `work` every `everyMs` (and again at once while it reports a full batch), never twice at once
 * in this process; across replicas the work itself must be safe to run concurrently (row locks).
 */
export function startPeriodicTask(options: { name: string; everyMs: number; work: () => Promise<boolean> }): BackgroundTask {
  const runner = repeatingRunner(options.work, options);
  void runner.run();
  return { stop: runner.stop, drain: runner.drain };
}

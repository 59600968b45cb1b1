import type { MikroORM } from '@mikro-orm/postgresql';
import { Pool } from 'pg';
import { type BackgroundTask, wakeableLoop } from './loops';
import type { ConsumerOptions, EventBus, RelayOptions, TailOptions } from './bus';
import { BUS_CHANNEL, type BusEvent, type EventRow, OUTBOX_CHANNEL, toBusEvent } from './outbox';

/** Moves committed outbox rows to the event log, in order, once each. */
export function startPostgresRelay(orm: MikroORM, options: RelayOptions): BackgroundTask {
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

/**
 * Consumes the event log from this consumer's cursor. Each event is handled in its own
 * transaction together with its inbox row and the cursor move, so a crash before commit leaves
 * the event to be handled again, and a handled event is never handled twice. An event whose
 * handler fails stops the consumer at that event (order is kept) and is retried on the next wake.
 */
export function startPostgresConsumer(orm: MikroORM, options: ConsumerOptions): BackgroundTask {
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
export function tailPostgresLog(options: TailOptions & { databaseUrl: string }): BackgroundTask & { position(): number } {
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

/** The event log in PostgreSQL as the bus: `npm start`, one database, most tests. */
export class PostgresEventBus implements EventBus {
  readonly positionTag = 'log';
  private pool: Pool | null = null;

  constructor(private readonly databaseUrl: string) {}

  startRelay(orm: MikroORM, options: RelayOptions): BackgroundTask {
    return startPostgresRelay(orm, options);
  }

  startConsumer(orm: MikroORM, options: ConsumerOptions): BackgroundTask {
    return startPostgresConsumer(orm, options);
  }

  tail(options: TailOptions): BackgroundTask & { position(): number } {
    return tailPostgresLog({ ...options, databaseUrl: this.databaseUrl });
  }

  /** SQL on the log itself, for readers that narrow in the database (the gateway's feed backlog). */
  async query<R extends object>(sql: string, params: unknown[]): Promise<R[]> {
    if (!this.pool) {
      this.pool = new Pool({ connectionString: this.databaseUrl, max: 3 });
      this.pool.on('error', () => undefined); // a dropped idle connection is replaced on the next read
    }
    return (await this.pool.query(sql, params)).rows as R[];
  }

  async read(options: { after: number; upTo: number; types: string[]; limit: number }): Promise<BusEvent[]> {
    const rows = await this.query<EventRow>('select * from event_bus.event_log where seq > $1 and seq <= $2 and type = any($3::text[]) order by seq limit $4', [options.after, options.upTo, options.types, options.limit]);
    return rows.map(toBusEvent);
  }

  async readSince(options: { types: string[]; since: Date }): Promise<BusEvent[]> {
    const rows = await this.query<EventRow>('select * from event_bus.event_log where type = any($1::text[]) and occurred_at > $2 order by seq', [options.types, options.since]);
    return rows.map(toBusEvent);
  }

  async publishedAt(position: number): Promise<Date | null> {
    const rows = await this.query<{ published_at: Date }>('select published_at from event_bus.event_log where seq = $1', [position]);
    return rows[0]?.published_at ?? null;
  }

  async lastBefore(type: string, wanted: Array<{ aggregateId: string; before: number }>): Promise<Map<string, BusEvent>> {
    const found = new Map<string, BusEvent>();
    if (wanted.length === 0) return found;
    // one statement for the whole batch (event_log_aggregate index)
    const rows = await this.query<EventRow>(
      `select distinct on (s.aggregate_id) s.*
         from unnest($1::uuid[], $2::bigint[]) as w(aggregate_id, before_seq)
         join event_bus.event_log s on s.aggregate_id = w.aggregate_id and s.seq < w.before_seq and s.type = $3
        order by s.aggregate_id, s.seq desc`,
      [wanted.map((w) => w.aggregateId), wanted.map((w) => w.before), type],
    );
    for (const row of rows) found.set(row.aggregate_id, toBusEvent(row));
    return found;
  }

  async close(): Promise<void> {
    await this.pool?.end().catch(() => undefined);
    this.pool = null;
  }
}

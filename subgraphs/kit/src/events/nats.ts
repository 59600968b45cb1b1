import type { MikroORM } from '@mikro-orm/postgresql';
import {
  AckPolicy,
  type ConsumerConfig,
  type ConsumerMessages,
  DeliverPolicy,
  type JetStreamClient,
  type JetStreamManager,
  jetstream,
  jetstreamManager,
  type JsMsg,
  StorageType,
  type StoredMsg,
} from '@nats-io/jetstream';
import { connect, nanos, type NatsConnection } from '@nats-io/transport-node';
import type { ConsumerOptions, EventBus, RelayOptions, TailOptions } from './bus';
import { type BackgroundTask, backgroundWork, wakeableLoop } from './loops';
import { type BusEvent, OUTBOX_CHANNEL } from './outbox';
import { log } from '../log';

export interface NatsBusOptions {
  /** nats://host:port (comma-separated for a cluster). */
  url: string;
  /** The JetStream stream of the portal's events; its subjects are `<stream>.<type>.<aggregateType>.<aggregateId>`. */
  stream: string;
  /** How long a durable consumer waits for a replica's ack before handing the event to another (a replica died mid-event). */
  ackWaitMs?: number;
  /** How long a handler's failure holds its consumer before the event is tried again. */
  retryDelayMs?: number;
}

/** The event as it travels in a message body; the position is the stream sequence. */
interface WireEvent {
  eventId: string;
  source: string;
  type: string;
  aggregateType: string;
  aggregateId: string;
  aggregateVersion: number;
  payload: Record<string, unknown>;
  occurredAt: string;
}

interface OutboxRow {
  id: string;
  event_id: string;
  type: string;
  aggregate_type: string;
  aggregate_id: string;
  aggregate_version: number;
  payload: Record<string, unknown>;
  occurred_at: Date | string;
}

interface Connected {
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  /** Servers from 2.10 filter one consumer on several subjects; older ones get the whole stream, filtered here. */
  multiFilter: boolean;
}

/** A relay's republication of an event (same id) within this long is dropped by the stream. */
const DUPLICATE_WINDOW_MS = 120_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const logError = (task: string, error: unknown) => log.error({ task, err: error }, 'event bus task failed');

function decode(message: JsMsg | StoredMsg): BusEvent {
  const wire = message.json<WireEvent>();
  return { ...wire, seq: message.seq, occurredAt: new Date(wire.occurredAt) };
}

/** A consumer name NATS accepts (no dots, wildcards or spaces). */
const natsName = (name: string) => name.replace(/[^A-Za-z0-9_-]/g, '_');

/**
 * NATS JetStream as the bus, for many machines: one stream, publishes deduplicated by event id
 * (`Nats-Msg-Id`), a durable consumer per subgraph consumer (explicit ack, one event in flight,
 * so replicas take turns in stream order and a dead replica's event is redelivered), and ordered
 * consumers for the gateways' tails and reads from a position.
 */
export class NatsEventBus implements EventBus {
  readonly positionTag: string;
  private connection: Promise<Connected> | null = null;

  constructor(private readonly options: NatsBusOptions) {
    if (!/^[A-Za-z0-9_-]{1,48}$/.test(options.stream)) throw new Error(`Invalid configuration: EVENT_BUS_STREAM must be 1-48 letters, digits, _ or -, got "${options.stream}".`);
    this.positionTag = `js.${options.stream}`;
  }

  /** Connects once (and creates the stream when it is missing); a failed attempt is retried on the next call. */
  connected(): Promise<Connected> {
    this.connection ??= (async () => {
      let nc: NatsConnection;
      try {
        nc = await connect({ servers: this.options.url.split(','), maxReconnectAttempts: -1, name: `portal-${process.pid}` });
      } catch (error) {
        throw new Error(`NATS at ${this.options.url} is unreachable (EVENT_BUS_URL): ${(error as Error).message}`);
      }
      const stream = this.options.stream;
      let jsm: JetStreamManager;
      try {
        jsm = await jetstreamManager(nc);
        // every process ensures the stream; adding one with the same configuration again is a no-op
        await jsm.streams.info(stream).catch(() =>
          jsm.streams.add({ name: stream, subjects: [`${stream}.>`], duplicate_window: nanos(DUPLICATE_WINDOW_MS), storage: StorageType.File }),
        );
      } catch (error) {
        await nc.close().catch(() => undefined);
        throw new Error(`NATS at ${this.options.url} has no usable JetStream for stream ${stream}: ${(error as Error).message}`);
      }
      const [major, minor] = (nc.info?.version ?? '0.0').split('.').map(Number);
      return { nc, js: jetstream(nc), jsm, multiFilter: major > 2 || (major === 2 && minor >= 10) };
    })().catch((error: unknown) => {
      this.connection = null;
      throw error;
    });
    return this.connection;
  }

  private subjectOf(event: { type: string; aggregateType: string; aggregateId: string }): string {
    return `${this.options.stream}.${event.type}.${event.aggregateType}.${event.aggregateId}`;
  }

  private filterOf(types: string[], multiFilter: boolean): Pick<ConsumerConfig, 'filter_subject' | 'filter_subjects'> {
    if (types.length === 1) return { filter_subject: `${this.options.stream}.${types[0]}.>` };
    if (multiFilter) return { filter_subjects: types.map((type) => `${this.options.stream}.${type}.>`) };
    return { filter_subject: `${this.options.stream}.>` };
  }

  startRelay(orm: MikroORM, options: RelayOptions): BackgroundTask {
    const schema = orm.config.get('schema') as string;
    const batchSize = options.batchSize ?? 200;
    return wakeableLoop(
      async () => {
        const { js } = await this.connected();
        return orm.em.fork().transactional(async (tx) => {
          // one relay of this subgraph at a time (replicas wait here), so its events reach the stream in outbox order
          await tx.execute(`select pg_advisory_xact_lock(hashtext(?))`, [`event_bus.relay:${schema}`]);
          const rows = await tx.execute<OutboxRow[]>(`select * from "${schema}".outbox where published_at is null order by id limit ?`, [batchSize]);
          if (rows.length === 0) return false;
          // pipelined on one connection, so stored in this order; a crash before the commit below publishes them again, and the stream drops the repeats by id
          await Promise.all(
            rows.map((row) => {
              const wire: WireEvent = {
                eventId: row.event_id,
                source: options.source,
                type: row.type,
                aggregateType: row.aggregate_type,
                aggregateId: row.aggregate_id,
                aggregateVersion: row.aggregate_version,
                payload: row.payload,
                occurredAt: new Date(row.occurred_at).toISOString(),
              };
              return js.publish(this.subjectOf(wire), JSON.stringify(wire), { msgID: row.event_id });
            }),
          );
          await tx.execute(`update "${schema}".outbox set published_at = now() where id in (${rows.map(() => '?').join(', ')})`, rows.map((row) => row.id));
          return rows.length === batchSize;
        });
      },
      { databaseUrl: options.databaseUrl, channel: OUTBOX_CHANNEL, filter: (payload) => payload === schema, pollMs: options.pollMs ?? 1000, name: `relay:${schema}` },
    );
  }

  startConsumer(orm: MikroORM, options: ConsumerOptions): BackgroundTask {
    const schema = orm.config.get('schema') as string;
    const durable = natsName(options.name);
    const task = `consumer:${options.name}`;
    let stopped = false;
    let messages: ConsumerMessages | null = null;
    let handling: Promise<void> = Promise.resolve();
    let failures = 0;
    // drain() returns early once a handler has failed since the previous drain (like a PostgreSQL pass that stops at a failure)
    let failuresAtLastDrain = 0;
    let markReady: () => void = () => undefined;
    const ready = new Promise<void>((resolve) => (markReady = resolve));

    const handleOne = async (message: JsMsg): Promise<void> => {
      const event = decode(message);
      if (!options.types.includes(event.type)) {
        await message.ackAck(); // a server without multi-subject filters sends the other types too
        return;
      }
      try {
        await backgroundWork.run(task, () =>
          orm.em.fork().transactional(async (tx) => {
            // the inbox drops a redelivery whose first handling committed but whose ack was lost
            const fresh = await tx.execute(`insert into "${schema}".inbox (consumer, event_id) values (?, ?) on conflict do nothing returning event_id`, [options.name, event.eventId]);
            if (fresh.length > 0) await options.handle(event, tx);
          }),
        );
        await message.ackAck();
      } catch (error) {
        failures += 1;
        logError(task, error);
        // one event in flight per consumer: nothing after it is handed out until it succeeds (order kept)
        message.nak(this.options.retryDelayMs ?? options.pollMs ?? 1000);
      }
    };

    const run = async () => {
      let attempt = 0;
      while (!stopped) {
        try {
          const { js, jsm, multiFilter } = await this.connected();
          const config: Partial<ConsumerConfig> = {
            durable_name: durable,
            ack_policy: AckPolicy.Explicit,
            max_ack_pending: 1,
            ack_wait: nanos(this.options.ackWaitMs ?? 30_000),
            deliver_policy: DeliverPolicy.All,
            ...this.filterOf(options.types, multiFilter),
          };
          // created by the first replica; a later start with other types or timings updates it
          await jsm.consumers.add(this.options.stream, config).catch(() => jsm.consumers.update(this.options.stream, durable, config));
          const consumer = await js.consumers.get(this.options.stream, durable);
          messages = await consumer.consume({ max_messages: 16 });
          markReady();
          attempt = 0;
          for await (const message of messages) {
            handling = handleOne(message);
            await handling;
            if (stopped) break;
          }
          // the server ended the consumer (deleted, or the stream went away): set it up again
          if (!stopped) await sleep(1000);
        } catch (error) {
          if (stopped) break;
          logError(task, error);
          markReady();
          attempt += 1;
          await sleep(Math.min(10_000, 250 * 2 ** Math.min(attempt, 6)));
        }
      }
    };
    const running = run();

    return {
      async stop() {
        stopped = true;
        await messages?.close().catch(() => undefined);
        await handling;
        await running;
      },
      drain: async () => {
        await ready;
        const { jsm } = await this.connected();
        // done when the durable consumer has nothing pending or unacknowledged (any replica's work counts)
        for (;;) {
          const info = await jsm.consumers.info(this.options.stream, durable).catch(() => null);
          if (!info || (info.num_pending === 0 && info.num_ack_pending === 0) || failures > failuresAtLastDrain || stopped) break;
          await sleep(20);
        }
        await handling;
        failuresAtLastDrain = failures;
      },
    };
  }

  tail(options: TailOptions): BackgroundTask & { position(): number } {
    let cursor: number | null = null;
    let stopped = false;
    let messages: ConsumerMessages | null = null;
    /** A hand-over is failing and being retried: drain() does not wait for it (like a failed PostgreSQL pass). */
    let failing = false;

    const follow = async (): Promise<void> => {
      const { js, jsm } = await this.connected();
      // from the end of the stream at start; after an interruption, from the last event handed over
      cursor ??= (await jsm.streams.info(this.options.stream)).state.last_seq;
      // an ordered consumer: the client recreates it after a reconnect from the last sequence it delivered
      const consumer = await js.consumers.get(this.options.stream, { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: cursor + 1 });
      messages = await consumer.consume();
      void (async () => {
        for await (const message of messages!) {
          const event = decode(message);
          // the position moves only once the event is handed over; a failed hand-over is tried again
          while (!stopped) {
            try {
              await options.onEvents([event]);
              failing = false;
              break;
            } catch (error) {
              failing = true;
              logError('tail:event_bus', error);
              await sleep(options.pollMs ?? 1000);
            }
          }
          if (stopped) return;
          cursor = event.seq;
        }
        if (stopped) return;
        logError('tail:event_bus', 'the stream ended the ordered consumer; following again');
        await sleep(1000);
        starting = follow().catch((error: unknown) => logError('tail:event_bus', error));
      })();
    };
    let starting = follow().catch((error: unknown) => logError('tail:event_bus', error));
    const started = async () => {
      await starting;
      if (cursor === null && !stopped) {
        starting = follow().catch((error: unknown) => logError('tail:event_bus', error));
        await starting;
      }
    };

    return {
      position: () => cursor ?? 0,
      async stop() {
        stopped = true;
        await starting;
        await messages?.close().catch(() => undefined);
      },
      drain: async () => {
        await started();
        if (cursor === null) return;
        const { jsm } = await this.connected();
        const last = (await jsm.streams.info(this.options.stream)).state.last_seq;
        while (!stopped && !failing && (cursor ?? 0) < last) await sleep(10);
      },
    };
  }

  /**
   * Visits stream messages from a start, in order, through a short-lived consumer, until `visit`
   * returns false or the messages that matched when it began are all seen.
   */
  private async scan(start: Partial<ConsumerConfig>, visit: (event: BusEvent) => boolean): Promise<void> {
    const { js, jsm } = await this.connected();
    const info = await jsm.consumers.add(this.options.stream, { ack_policy: AckPolicy.None, inactive_threshold: nanos(30_000), mem_storage: true, ...start });
    try {
      let remaining = info.num_pending;
      const consumer = await js.consumers.get(this.options.stream, info.name);
      while (remaining > 0) {
        const batch = await consumer.fetch({ max_messages: Math.min(remaining, 500), expires: 5000 });
        let received = 0;
        let more = true;
        for await (const message of batch) {
          received += 1;
          if (!visit(decode(message))) {
            more = false;
            break;
          }
          if (received >= Math.min(remaining, 500)) break;
        }
        if (!more || received === 0) break;
        remaining -= received;
      }
    } finally {
      await jsm.consumers.delete(this.options.stream, info.name).catch(() => undefined);
    }
  }

  async read(options: { after: number; upTo: number; types: string[]; limit: number }): Promise<BusEvent[]> {
    const events: BusEvent[] = [];
    if (options.upTo <= options.after || options.limit <= 0) return events;
    const { multiFilter } = await this.connected();
    await this.scan({ deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: options.after + 1, ...this.filterOf(options.types, multiFilter) }, (event) => {
      if (event.seq > options.upTo) return false;
      if (options.types.includes(event.type)) events.push(event);
      return events.length < options.limit;
    });
    return events;
  }

  async readSince(options: { types: string[]; since: Date }): Promise<BusEvent[]> {
    const events: BusEvent[] = [];
    const { multiFilter } = await this.connected();
    await this.scan({ deliver_policy: DeliverPolicy.StartTime, opt_start_time: options.since.toISOString(), ...this.filterOf(options.types, multiFilter) }, (event) => {
      if (options.types.includes(event.type)) events.push(event);
      return true;
    });
    return events;
  }

  async publishedAt(position: number): Promise<Date | null> {
    const { jsm } = await this.connected();
    const message = await jsm.streams.getMessage(this.options.stream, { seq: position }).catch(() => null);
    return message ? message.time : null;
  }

  async lastBefore(type: string, wanted: Array<{ aggregateId: string; before: number }>): Promise<Map<string, BusEvent>> {
    const found = new Map<string, BusEvent>();
    // an aggregate's own subject holds few events: each is read from its start
    await Promise.all(
      wanted.map(({ aggregateId, before }) =>
        this.scan({ deliver_policy: DeliverPolicy.All, filter_subject: `${this.options.stream}.${type}.*.${aggregateId}` }, (event) => {
          if (event.seq >= before) return false;
          found.set(aggregateId, event);
          return true;
        }),
      ),
    );
    return found;
  }

  /** Removes the stream and everything in it (tests that made their own). */
  async deleteStream(): Promise<void> {
    const { jsm } = await this.connected();
    await jsm.streams.delete(this.options.stream).catch(() => undefined);
  }

  async close(): Promise<void> {
    const connection = this.connection;
    this.connection = null;
    if (connection) await (await connection.catch(() => null))?.nc.close();
  }
}

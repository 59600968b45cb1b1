import type { MikroORM } from '@mikro-orm/postgresql';
import { str } from 'envalid';
import type { ConsumerOptions, EventBus, RelayOptions } from './bus';
import type { BackgroundTask } from './loops';
import { NatsEventBus } from './nats';
import { PostgresEventBus } from './postgres';

export * from './bus';
export * from './loops';
export * from './nats';
export * from './outbox';
export { PostgresEventBus, tailPostgresLog as tailEventLog } from './postgres';

/** Settings of the event bus, read by every subgraph and the gateway (README: Configuration). */
export const eventBusEnvSpec = {
  EVENT_BUS_URL: str({ default: '', desc: 'nats://host:port for NATS JetStream; empty: the PostgreSQL event log in DATABASE_URL' }),
  EVENT_BUS_STREAM: str({ default: 'PORTAL_EVENTS', desc: 'the JetStream stream (and subject prefix) of the portal events' }),
  EVENT_BUS_ACK_WAIT_SECONDS: str({ default: '30', desc: 'NATS: how long a consumer event stays with a replica that does not acknowledge it (died) before another gets it' }),
};

export interface EventBusOptions {
  databaseUrl: string;
  /** nats://… selects NATS JetStream; empty or absent selects the PostgreSQL log. */
  url?: string;
  stream?: string;
  /** NATS: redelivery of an event whose replica died without acknowledging it. */
  ackWaitSeconds?: number;
}

/** The bus the configuration names. */
export function createEventBus(options: EventBusOptions): EventBus {
  if (!options.url) return new PostgresEventBus(options.databaseUrl);
  if (!/^nats:\/\//.test(options.url)) throw new Error(`Invalid configuration: EVENT_BUS_URL must be a nats:// URL or empty, got "${options.url}".`);
  const ackWaitSeconds = options.ackWaitSeconds ?? 30;
  if (!(ackWaitSeconds >= 1)) throw new Error('Invalid configuration: EVENT_BUS_ACK_WAIT_SECONDS must be a number of seconds, at least 1.');
  return new NatsEventBus({ url: options.url, stream: options.stream || 'PORTAL_EVENTS', ackWaitMs: ackWaitSeconds * 1000 });
}

/** The bus options an environment names (the raw variables; validated by createEventBus). */
export function eventBusOptionsFromEnv(env: Record<string, string | undefined>, databaseUrl: string): EventBusOptions {
  const ackWait = env.EVENT_BUS_ACK_WAIT_SECONDS ? Number(env.EVENT_BUS_ACK_WAIT_SECONDS) : undefined;
  return { databaseUrl, url: env.EVENT_BUS_URL || undefined, stream: env.EVENT_BUS_STREAM || undefined, ackWaitSeconds: ackWait };
}

// the subgraph runner attaches its bus to the ORM, so each subgraph's background() keeps calling the functions below unchanged
const attachedBuses = new WeakMap<MikroORM, EventBus>();

export function attachEventBus(orm: MikroORM, bus: EventBus): void {
  attachedBuses.set(orm, bus);
}

function busFor(orm: MikroORM, options: { databaseUrl: string; bus?: EventBus }): EventBus {
  return options.bus ?? attachedBuses.get(orm) ?? new PostgresEventBus(options.databaseUrl);
}

/** Publishes this subgraph's committed outbox rows on its bus (the one attached to `orm`, else the PostgreSQL log). */
export function startOutboxRelay(orm: MikroORM, options: RelayOptions & { bus?: EventBus }): BackgroundTask {
  return busFor(orm, options).startRelay(orm, options);
}

/** Consumes events from this subgraph's bus (see EventBus.startConsumer). */
export function startEventConsumer(orm: MikroORM, options: ConsumerOptions & { bus?: EventBus }): BackgroundTask {
  return busFor(orm, options).startConsumer(orm, options);
}

import type { EntityManager } from '@mikro-orm/postgresql';
import { Migration } from '@mikro-orm/migrations';
import { randomUUID } from 'node:crypto';
import type { EventPayloads, EventType } from '../event-types';

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
  /** The event's position on the bus (event log seq, or JetStream stream sequence): increases in publish order. */
  seq: number;
  eventId: string;
  source: string;
  occurredAt: Date;
}

/** Wakes readers of the PostgreSQL log (payload: the highest new seq). */
export const BUS_CHANNEL = 'event_bus';
/** Wakes a subgraph's relay (payload: the subgraph's schema). */
export const OUTBOX_CHANNEL = 'outbox';

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


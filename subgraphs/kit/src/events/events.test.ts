import { Migration } from '@mikro-orm/migrations';
import type { MikroORM } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { migrate, openDatabase } from '../db';
import { createTestDatabase, TEST_NATS_AVAILABLE, TEST_NATS_URL, testNatsBus } from '../testing';
import type { EventBus } from './bus';
import { type BusEvent, eventTablesSql, Migration00000000000000EventBus, recordEvents, startEventConsumer } from './index';
import { NatsEventBus } from './nats';
import { PostgresEventBus } from './postgres';
import { captureLogs } from '../log';

class ProducerTables extends Migration {
  override up(): void {
    this.addSql('create schema if not exists producer');
    for (const sql of eventTablesSql('producer')) this.addSql(sql);
  }
}
class ConsumerTables extends Migration {
  override up(): void {
    this.addSql('create schema if not exists consumer');
    for (const sql of eventTablesSql('consumer')) this.addSql(sql);
    this.addSql('create table consumer.effect (event_id uuid not null, note text)');
  }
}

const waitFor = async (check: () => Promise<boolean> | boolean, ms = 5000) => {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
};

// the same behaviour from both buses: the PostgreSQL log, and NATS JetStream on a stream of this file's own
describe.each(TEST_NATS_AVAILABLE ? (['postgres', 'nats'] as const) : (['postgres'] as const))('outbox, relay, consumers and tailers on the %s bus', (kind) => {
  let databaseUrl: string;
  let producer: MikroORM;
  let consumer: MikroORM;
  let bus: EventBus;

  beforeAll(async () => {
    databaseUrl = await createTestDatabase(`events_${kind}`);
    // a failed handling is retried after 300 ms, so a test can stop the consumer before the retry
    bus = kind === 'postgres' ? new PostgresEventBus(databaseUrl) : await testNatsBus('events', { retryDelayMs: 300, ackWaitMs: 2000 });
    producer = await openDatabase({ schema: 'producer', databaseUrl, entities: [], migrations: [Migration00000000000000EventBus, ProducerTables] });
    consumer = await openDatabase({ schema: 'consumer', databaseUrl, entities: [], migrations: [Migration00000000000000EventBus, ConsumerTables] });
    await migrate(producer);
    await migrate(consumer);
  });
  afterAll(async () => {
    if (bus instanceof NatsEventBus) await bus.deleteStream();
    await bus?.close();
    await producer?.close(true);
    await consumer?.close(true);
  });

  const publish = (aggregateId: string, version: number, type = 'Thing') =>
    producer.em.fork().transactional((tx) => recordEvents(tx, [{ type, aggregateType: 'Thing', aggregateId, aggregateVersion: version, payload: { version } }]));

  it('keeps nothing of a rolled-back change, relays committed events in order, and every tailer sees them all', async () => {
    const aggregate = randomUUID();
    await expect(
      producer.em.fork().transactional(async (tx) => {
        await recordEvents(tx, [{ type: 'Thing', aggregateType: 'Thing', aggregateId: aggregate, aggregateVersion: 0, payload: {} }]);
        throw new Error('change failed');
      }),
    ).rejects.toThrow('change failed');

    const seenA: BusEvent[] = [];
    const seenB: BusEvent[] = [];
    const tailA = bus.tail({ onEvents: (e) => seenA.push(...e), pollMs: 50 });
    const tailB = bus.tail({ onEvents: (e) => seenB.push(...e), pollMs: 50 });
    await tailA.drain();
    await tailB.drain();
    const relay = bus.startRelay(producer, { databaseUrl, source: 'producer', pollMs: 50 });
    try {
      for (let v = 1; v <= 5; v += 1) await publish(aggregate, v);
      await waitFor(() => seenA.length >= 5 && seenB.length >= 5);
      for (const seen of [seenA, seenB]) {
        const mine = seen.filter((e) => e.aggregateId === aggregate);
        expect(mine.map((e) => e.aggregateVersion)).toEqual([1, 2, 3, 4, 5]);
        expect(mine.every((e, i) => i === 0 || e.seq > mine[i - 1].seq)).toBe(true);
      }
    } finally {
      await relay.stop();
      await tailA.stop();
      await tailB.stop();
    }
  });

  it('hands a batch to a tailer again when its hand-over failed, so nothing is skipped, and waits for an async hand-over', async () => {
    const aggregate = randomUUID();
    const seen: number[] = [];
    let failures = 1;
    const logs = captureLogs();
    const tail = bus.tail({
      pollMs: 50,
      onEvents: async (events) => {
        await new Promise((resolve) => setTimeout(resolve, 10));
        const mine = events.filter((e) => e.aggregateId === aggregate);
        if (mine.length > 0 && failures > 0) {
          failures -= 1;
          throw new Error('hand-over failed');
        }
        seen.push(...mine.map((e) => e.aggregateVersion));
      },
    });
    await tail.drain();
    const relay = bus.startRelay(producer, { databaseUrl, source: 'producer', pollMs: 50 });
    try {
      for (let v = 1; v <= 3; v += 1) await publish(aggregate, v);
      await waitFor(() => seen.length >= 3);
      await tail.drain();
      expect(seen).toEqual([1, 2, 3]);
      expect(failures).toBe(0);
    } finally {
      logs.stop();
      await relay.stop();
      await tail.stop();
    }
  });

  it('handles each event once, even when the consumer dies mid-event and restarts', async () => {
    const aggregate = randomUUID();
    const relay = bus.startRelay(producer, { databaseUrl, source: 'producer', pollMs: 50 });
    let crashes = 1;
    const handle = async (event: BusEvent, em: Parameters<Parameters<typeof startEventConsumer>[1]['handle']>[1]) => {
      if (event.aggregateId !== aggregate) return;
      await em.execute('insert into consumer.effect (event_id, note) values (?, ?)', [event.eventId, 'done']);
      if (crashes > 0) {
        crashes -= 1;
        throw new Error('consumer killed before commit');
      }
    };
    const logs = captureLogs();
    try {
      await publish(aggregate, 1, 'Counted');
      await relay.drain();
      const first = bus.startConsumer(consumer, { databaseUrl, name: 'counter', types: ['Counted'], handle, pollMs: 50 });
      await first.drain();
      await first.stop();
      const effectsAfterCrash = await consumer.em.fork().execute('select * from consumer.effect where note = ?', ['done']);
      expect(effectsAfterCrash).toHaveLength(0);
      expect(logs.lines.some((line) => line.level === 'error')).toBe(true);

      const second = bus.startConsumer(consumer, { databaseUrl, name: 'counter', types: ['Counted'], handle, pollMs: 50 });
      const third = bus.startConsumer(consumer, { databaseUrl, name: 'counter', types: ['Counted'], handle, pollMs: 50 });
      await publish(aggregate, 2, 'Counted');
      await relay.drain();
      await waitFor(async () => (await consumer.em.fork().execute('select * from consumer.effect')).length >= 2);
      await second.drain();
      await third.drain();
      await second.stop();
      await third.stop();
      const effects = await consumer.em.fork().execute<Array<{ event_id: string }>>('select event_id from consumer.effect');
      expect(effects).toHaveLength(2);
      expect(new Set(effects.map((e) => e.event_id)).size).toBe(2);
    } finally {
      logs.stop();
      await relay.stop();
    }
  });

  it('drops the repeats of a relay retry by event id: every tailer sees each event once', async () => {
    const aggregate = randomUUID();
    const seen: BusEvent[] = [];
    const tail = bus.tail({ onEvents: (events) => seen.push(...events.filter((e) => e.aggregateId === aggregate)), pollMs: 50 });
    await tail.drain();
    const relay = bus.startRelay(producer, { databaseUrl, source: 'producer', pollMs: 50 });
    try {
      const ids = [...(await publish(aggregate, 1)), ...(await publish(aggregate, 2))];
      await relay.drain();
      await tail.drain();
      // the relay published but "crashed" before marking the rows: it publishes them again
      await producer.em.fork().execute(`update producer.outbox set published_at = null where event_id in (?, ?)`, ids);
      await relay.drain();
      await publish(aggregate, 3);
      await relay.drain();
      await tail.drain();
      expect(seen.map((e) => e.aggregateVersion)).toEqual([1, 2, 3]);
      expect(new Set(seen.map((e) => e.eventId)).size).toBe(3);
    } finally {
      await relay.stop();
      await tail.stop();
    }
  });

  it('gives every consumer every event of its types exactly once, in order, while two replicas of each take turns', async () => {
    const aggregate = randomUUID();
    const handled: string[] = [];
    const handler = (name: string) => async (event: BusEvent, em: Parameters<Parameters<typeof startEventConsumer>[1]['handle']>[1]) => {
      if (event.aggregateId !== aggregate) return;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 5)); // replicas overlap in time
      await em.execute('insert into consumer.effect (event_id, note) values (?, ?)', [event.eventId, `${name}:${event.aggregateVersion}`]);
      handled.push(`${name}:${event.aggregateVersion}`);
    };
    const relay = bus.startRelay(producer, { databaseUrl, source: 'producer', pollMs: 50 });
    const consumers = ['steps', 'steps', 'all', 'all'].map((name) =>
      bus.startConsumer(consumer, { databaseUrl, name, types: name === 'steps' ? ['Step'] : ['Step', 'Other'], handle: handler(name), pollMs: 50 }),
    );
    try {
      for (let v = 1; v <= 12; v += 1) await publish(aggregate, v, v % 3 === 0 ? 'Other' : 'Step');
      await relay.drain();
      await waitFor(() => handled.length >= 20, 15_000);
      for (const task of consumers) await task.drain();
      const notes = (await consumer.em.fork().execute<Array<{ note: string }>>(`select note from consumer.effect where note like 'steps:%' or note like 'all:%'`)).map((r) => r.note);
      const versions = (name: string) => handled.filter((h) => h.startsWith(`${name}:`)).map((h) => Number(h.split(':')[1]));
      expect(versions('steps')).toEqual([1, 2, 4, 5, 7, 8, 10, 11]);
      expect(versions('all')).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
      expect(notes.sort()).toEqual([...handled].sort());
    } finally {
      for (const task of consumers) await task.stop();
      await relay.stop();
    }
  });

  it('reads from a position exactly what came after it, and tells when each event was published', async () => {
    const aggregate = randomUUID();
    const seen: BusEvent[] = [];
    const tail = bus.tail({ onEvents: (events) => seen.push(...events.filter((e) => e.aggregateId === aggregate)), pollMs: 50 });
    await tail.drain();
    const relay = bus.startRelay(producer, { databaseUrl, source: 'producer', pollMs: 50 });
    try {
      for (let v = 1; v <= 6; v += 1) await publish(aggregate, v, v % 2 === 0 ? 'Even' : 'Odd');
      await relay.drain();
      await tail.drain();
      expect(seen).toHaveLength(6);
      const missed = await bus.read({ after: seen[1].seq, upTo: seen[4].seq, types: ['Even', 'Odd'], limit: 100 });
      expect(missed.map((e) => e.aggregateVersion)).toEqual([3, 4, 5]);
      const evens = await bus.read({ after: seen[0].seq, upTo: seen[5].seq, types: ['Even'], limit: 2 });
      expect(evens.map((e) => e.aggregateVersion)).toEqual([2, 4]);
      expect((await bus.publishedAt(seen[2].seq))?.getTime()).toBeGreaterThan(Date.now() - 60_000);
      expect(await bus.publishedAt(seen[5].seq + 1_000_000)).toBeNull();
      const last = await bus.lastBefore('Odd', [{ aggregateId: aggregate, before: seen[4].seq }, { aggregateId: randomUUID(), before: seen[4].seq }]);
      expect([...last.values()].map((e) => e.aggregateVersion)).toEqual([3]);
      const recent = await bus.readSince({ types: ['Even'], since: new Date(Date.now() - 60_000) });
      expect(recent.filter((e) => e.aggregateId === aggregate).map((e) => e.aggregateVersion)).toEqual([2, 4, 6]);
    } finally {
      await relay.stop();
      await tail.stop();
    }
  });

  // the PostgreSQL log has no ack wait: a dead replica's cursor row lock ends with its connection
  if (kind === 'nats') it('hands the event a dead replica held to another one once the ack wait is over, handled once', async () => {
    if (!(bus instanceof NatsEventBus)) throw new Error('expected the NATS bus');
    const aggregate = randomUUID();
    const dying = new NatsEventBus({ url: TEST_NATS_URL, stream: bus.positionTag.slice('js.'.length), ackWaitMs: 2000 });
    let release: (error: Error) => void = () => undefined;
    const held = new Promise<never>((_, reject) => (release = reject));
    let heldByFirst = false;
    const handledBy: string[] = [];
    const handler = (replica: string) => async (event: BusEvent, em: Parameters<Parameters<typeof startEventConsumer>[1]['handle']>[1]) => {
      if (event.aggregateId !== aggregate) return;
      if (replica === 'first') {
        heldByFirst = true;
        await held; // the replica "dies" here: its connection goes, its transaction rolls back, no ack
      }
      await em.execute('insert into consumer.effect (event_id, note) values (?, ?)', [event.eventId, `dead-replica:${replica}`]);
      handledBy.push(replica);
    };
    const logs = captureLogs();
    const relay = bus.startRelay(producer, { databaseUrl, source: 'producer', pollMs: 50 });
    const first = dying.startConsumer(consumer, { databaseUrl, name: 'dead-replica', types: ['Held'], handle: handler('first'), pollMs: 50 });
    let second: ReturnType<EventBus['startConsumer']> | null = null;
    try {
      await publish(aggregate, 1, 'Held');
      await relay.drain();
      await waitFor(() => heldByFirst);
      second = bus.startConsumer(consumer, { databaseUrl, name: 'dead-replica', types: ['Held'], handle: handler('second'), pollMs: 50 });
      await dying.close();
      release(new Error('replica died'));
      await waitFor(() => handledBy.length > 0, 10_000);
      await second.drain();
      expect(handledBy).toEqual(['second']);
      const effects = await consumer.em.fork().execute<Array<{ note: string }>>(`select note from consumer.effect where note like 'dead-replica:%'`);
      expect(effects.map((e) => e.note)).toEqual(['dead-replica:second']);
    } finally {
      logs.stop();
      await second?.stop();
      await first.stop().catch(() => undefined);
      await relay.stop();
    }
  });
});

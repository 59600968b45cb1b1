import { Migration } from '@mikro-orm/migrations';
import type { MikroORM } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { migrate, openDatabase } from './db';
import { type BusEvent, eventTablesSql, Migration00000000000000EventBus, recordEvents, startEventConsumer, startOutboxRelay, tailEventLog } from './events';
import { createTestDatabase } from './testing';

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

describe('outbox, relay, consumers and tailers', () => {
  let databaseUrl: string;
  let producer: MikroORM;
  let consumer: MikroORM;

  beforeAll(async () => {
    databaseUrl = await createTestDatabase('events');
    producer = await openDatabase({ schema: 'producer', databaseUrl, entities: [], migrations: [Migration00000000000000EventBus, ProducerTables] });
    consumer = await openDatabase({ schema: 'consumer', databaseUrl, entities: [], migrations: [Migration00000000000000EventBus, ConsumerTables] });
    await migrate(producer);
    await migrate(consumer);
  });
  afterAll(async () => {
    await producer.close(true);
    await consumer.close(true);
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
    const tailA = tailEventLog({ databaseUrl, onEvents: (e) => seenA.push(...e), pollMs: 50 });
    const tailB = tailEventLog({ databaseUrl, onEvents: (e) => seenB.push(...e), pollMs: 50 });
    await tailA.drain();
    await tailB.drain();
    const relay = startOutboxRelay(producer, { databaseUrl, source: 'producer', pollMs: 50 });
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
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const tail = tailEventLog({
      databaseUrl,
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
    const relay = startOutboxRelay(producer, { databaseUrl, source: 'producer', pollMs: 50 });
    try {
      for (let v = 1; v <= 3; v += 1) await publish(aggregate, v);
      await waitFor(() => seen.length >= 3);
      await tail.drain();
      expect(seen).toEqual([1, 2, 3]);
      expect(failures).toBe(0);
    } finally {
      errors.mockRestore();
      await relay.stop();
      await tail.stop();
    }
  });

  it('handles each event once, even when the consumer dies mid-event and restarts', async () => {
    const aggregate = randomUUID();
    const relay = startOutboxRelay(producer, { databaseUrl, source: 'producer', pollMs: 50 });
    let crashes = 1;
    const handle = async (event: BusEvent, em: Parameters<Parameters<typeof startEventConsumer>[1]['handle']>[1]) => {
      if (event.aggregateId !== aggregate) return;
      await em.execute('insert into consumer.effect (event_id, note) values (?, ?)', [event.eventId, 'done']);
      if (crashes > 0) {
        crashes -= 1;
        throw new Error('consumer killed before commit');
      }
    };
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      await publish(aggregate, 1, 'Counted');
      await relay.drain();
      const first = startEventConsumer(consumer, { databaseUrl, name: 'counter', types: ['Counted'], handle, pollMs: 50 });
      await first.drain();
      await first.stop();
      const effectsAfterCrash = await consumer.em.fork().execute('select * from consumer.effect where note = ?', ['done']);
      expect(effectsAfterCrash).toHaveLength(0);
      expect(errors).toHaveBeenCalled();

      const second = startEventConsumer(consumer, { databaseUrl, name: 'counter', types: ['Counted'], handle, pollMs: 50 });
      const third = startEventConsumer(consumer, { databaseUrl, name: 'counter', types: ['Counted'], handle, pollMs: 50 });
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
      errors.mockRestore();
      await relay.stop();
    }
  });
});

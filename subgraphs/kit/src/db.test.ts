import { Migration } from '@mikro-orm/migrations';
import type { EntityManager } from '@mikro-orm/postgresql';
import { createTestDatabase } from './testing';
import { migrate, openDatabase, seedOnce, seedRunTableSql } from './db';

class CreateKitTest extends Migration {
  override up(): void {
    this.addSql('create schema if not exists kit_test');
    this.addSql(seedRunTableSql('kit_test'));
    this.addSql('create table kit_test.item (id int primary key)');
  }
}

describe('database bootstrap', () => {
  it('migrates once and seeds once, even when two replicas start together', async () => {
    const databaseUrl = await createTestDatabase('kit');
    const statements: string[] = [];
    const open = () => openDatabase({ schema: 'kit_test', databaseUrl, entities: [], migrations: [CreateKitTest], onQuery: (sql) => statements.push(sql) });
    const [a, b] = [await open(), await open()];
    try {
      await Promise.all([migrate(a), migrate(b)]);
      let seeded = 0;
      const seed = async (em: EntityManager) => {
        seeded += 1;
        await em.execute('insert into kit_test.item (id) values (1)');
      };
      const results = await Promise.all([seedOnce(a, 'demo', seed), seedOnce(b, 'demo', seed)]);
      expect(results.sort()).toEqual([false, true]);
      expect(seeded).toBe(1);
      expect(statements.some((sql) => /create table kit_test\.item/.test(sql))).toBe(true);
    } finally {
      await a.close(true);
      await b.close(true);
    }
  });
});

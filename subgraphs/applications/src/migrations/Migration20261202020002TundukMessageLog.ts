import { Migration } from '@mikro-orm/migrations';
import { tundukMessageLogMigrationSql } from '@portal/tunduk';

/** The signed, hash-chained log of this subgraph's exchanges with the state registries through Tunduk. */
export class Migration20261202020002TundukMessageLog extends Migration {
  override up(): void {
    for (const sql of tundukMessageLogMigrationSql('applications')) this.addSql(sql);
  }
}

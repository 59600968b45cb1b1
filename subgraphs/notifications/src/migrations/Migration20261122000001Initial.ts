import { seedRunTableSql } from '@portal/kit';
import { Migration } from '@mikro-orm/migrations';

export class Migration20261122000001Initial extends Migration {
  override up(): void {
    this.addSql('create schema if not exists notifications');
    this.addSql(seedRunTableSql('notifications'));
  }
}

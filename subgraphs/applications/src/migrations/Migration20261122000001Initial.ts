import { Migration } from '@mikro-orm/migrations';
import { seedRunTableSql } from '@portal/kit';

export class Migration20261122000001Initial extends Migration {
  override up(): void {
    this.addSql('create schema if not exists applications');
    this.addSql(seedRunTableSql('applications'));
    this.addSql(`
      create table applications.service_rating (
        application_id uuid primary key,
        service_id uuid not null,
        applicant_id uuid not null,
        score smallint not null check (score between 1 and 5),
        comment text check (char_length(comment) <= 2000),
        created_at timestamptz not null default now()
      )`);
    // Service.rating aggregates by service; the index also covers the score so no heap visit is needed.
    this.addSql('create index service_rating_service_idx on applications.service_rating (service_id) include (score)');
  }
}

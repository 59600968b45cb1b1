import { Migration } from '@mikro-orm/migrations';

/**
 * The access log says what was read (fields), for which application, in which operation, and takes
 * reads recorded by the other subgraphs (PersonalDataRead events: event_id keeps each once). Identity
 * keeps application numbers from ApplicationStatusChanged, so a read recorded by a subgraph that does
 * not know the number (payments) still shows it.
 */
export class Migration20261201060001AccessLogDetails extends Migration {
  override up(): void {
    this.addSql(`alter table identity.data_access_log
      add column fields text[] not null default '{}',
      add column application_id uuid,
      add column application_number text,
      add column operation text,
      add column source text not null default 'identity',
      add column event_id uuid unique`);
    this.addSql(`create table identity.application_number (
      application_id uuid primary key,
      number text not null
    )`);
  }

  override down(): void {
    this.addSql('drop table identity.application_number');
    this.addSql('alter table identity.data_access_log drop column fields, drop column application_id, drop column application_number, drop column operation, drop column source, drop column event_id');
  }
}

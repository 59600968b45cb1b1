import { Migration } from '@mikro-orm/migrations';

/**
 * Results the provider defines: the form of the result, where and when applicants are
 * received in person (S items 4-5), and whether the result may be an information-system record
 * . Versions published before have none: a free-form result, no reception, no record.
 */
export class Migration20261203150101ResultForms extends Migration {
  override up(): void {
    this.addSql(`alter table "catalog".service_version
      add column result_form jsonb check (result_form is null or jsonb_typeof(result_form) = 'object'),
      add column reception jsonb check (reception is null or jsonb_typeof(reception) = 'object'),
      add column result_as_record_allowed boolean not null default false`);
  }
}

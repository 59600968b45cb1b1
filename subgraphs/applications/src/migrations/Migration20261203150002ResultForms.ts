import { Migration } from '@mikro-orm/migrations';

/**
 * Results the provider defines: the service version's result form, reception
 * (where and when applicants come in person), delivery and record option, as the catalogue
 * publishes them; and the form of the result each applicant chose (R-33: a signed document, or
 * information from an information system where the service allows it).
 */
export class Migration20261203150002ResultForms extends Migration {
  override up(): void {
    this.addSql(`alter table applications.service_version
      add column personal_visit_required boolean not null default false,
      add column result_delivery text not null default 'PORTAL' check (result_delivery in ('PORTAL', 'IN_PERSON')),
      add column result_form jsonb,
      add column reception jsonb,
      add column result_as_record_allowed boolean not null default false`);
    this.addSql(`alter table applications.application
      add column result_format text not null default 'DOCUMENT' check (result_format in ('DOCUMENT', 'INFORMATION_SYSTEM_RECORD'))`);
  }
}

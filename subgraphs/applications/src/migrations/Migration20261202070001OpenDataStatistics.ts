import { Migration } from '@mikro-orm/migrations';

/**
 * Open data (L-12): one row per submitted application, kept from the application events by the
 * open-data consumer, holding only what the monthly statistics need: service, provider, when each
 * step happened, the outcome, the working days taken, whether a deadline was missed and the score.
 * No applicant, no form data, no comment: nothing in it names a person.
 */
export class Migration20261202070001OpenDataStatistics extends Migration {
  override up(): void {
    this.addSql(`create table applications.open_data_application (
      application_id uuid primary key,
      service_id uuid not null,
      provider_id uuid not null,
      last_version integer not null,
      submitted_at timestamptz,
      received_month text,
      accepted_month text,
      payment_asked_at timestamptz,
      payment_confirmed_at timestamptz,
      outcome text check (outcome in ('REJECTED', 'APPROVED', 'REFUSED', 'WITHDRAWN')),
      concluded_month text,
      working_days integer,
      missed_deadline boolean not null default false,
      score smallint check (score between 1 and 5),
      rated_month text
    )`);
    this.addSql('create index open_data_application_received on applications.open_data_application (received_month)');
    this.addSql('create index open_data_application_concluded on applications.open_data_application (concluded_month)');
  }
}

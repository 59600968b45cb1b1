import { Migration } from '@mikro-orm/migrations';

/**
 * Identity's projection of who applied to which provider (from ApplicationStatusChanged), so that
 * identity itself decides whether a provider officer may see a person's personal data.
 */
export class Migration20261201040001ProviderApplicants extends Migration {
  override up(): void {
    this.addSql(`create table identity.provider_applicant (
      provider_id uuid not null,
      applicant_id uuid not null,
      first_application_id uuid not null,
      since timestamptz not null,
      primary key (provider_id, applicant_id)
    )`);
  }
}

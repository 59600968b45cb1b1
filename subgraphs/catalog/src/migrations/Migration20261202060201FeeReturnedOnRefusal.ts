import { Migration } from '@mikro-orm/migrations';

/**
 * Whether the standard returns the fee when the provider refuses the service. Versions published
 * before the standard stated it keep the fee (false): nothing is returned by guess.
 */
export class Migration20261202060201FeeReturnedOnRefusal extends Migration {
  override up(): void {
    this.addSql('alter table "catalog".service_version add column fee_returned_on_refusal boolean not null default false');
  }
}

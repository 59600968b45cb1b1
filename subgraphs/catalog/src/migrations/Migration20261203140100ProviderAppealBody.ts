import { Migration } from '@mikro-orm/migrations';

/**
 * The body that answers complaints about a provider: the higher body its service
 * standards name, itself a provider in the catalogue; `appeal_body_version` counts its changes
 * (the version of the ProviderAppealBodyConfigured events). Null: none named yet.
 */
export class Migration20261203140100ProviderAppealBody extends Migration {
  override up(): void {
    this.addSql(`alter table "catalog".provider
      add column appeal_body_id uuid references "catalog".provider (id),
      add column appeal_body_version integer not null default 0,
      add constraint provider_appeal_body_not_itself check (appeal_body_id is null or appeal_body_id <> id)`);
  }
}

import { Migration } from '@mikro-orm/migrations';

/**
 * How each provider is served (R-29 paragraphs 5-6, R-51): in the portal's cabinet (PORTAL), or
 * through its own document management system (EDMS) at an endpoint, verified with its public key;
 * every change kept in the provider's channel history.
 */
export class Migration20261202030101ProviderChannel extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "catalog".provider
      add column channel text not null default 'PORTAL' check (channel in ('PORTAL', 'EDMS')),
      add column edms_endpoint_url text,
      add column edms_public_key_jwk jsonb,
      add column channel_version integer not null default 0,
      add column channel_changed_at timestamptz,
      add constraint provider_edms_configured check (channel = 'PORTAL' or (edms_endpoint_url is not null and edms_public_key_jwk is not null))`);
    this.addSql(`create table "catalog".provider_channel_change (
      id uuid primary key,
      provider_id uuid not null references "catalog".provider (id),
      version integer not null check (version >= 1),
      channel text not null check (channel in ('PORTAL', 'EDMS')),
      edms_endpoint_url text,
      edms_public_key_jwk jsonb,
      changed_by uuid not null,
      changed_at timestamptz not null,
      unique (provider_id, version)
    )`);
  }
}

import { Migration } from '@mikro-orm/migrations';

/**
 * Providers served through their EDMS (R-29 paragraphs 5-6, R-51): the catalog's channel of each
 * provider (projected), one delivery per submitted application to such a provider (a leased job,
 * retried with backoff until the EDMS acknowledges its id), the EDMS's applied status updates
 * (idempotent by update id, ordered by sequence) and every refused update, for audit.
 */
export class Migration20261202030001ProviderDeliveries extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table applications.provider_channel (
      provider_id uuid primary key,
      provider_code text not null,
      channel text not null check (channel in ('PORTAL', 'EDMS')),
      endpoint_url text,
      public_key_jwk jsonb,
      channel_version integer not null,
      updated_at timestamptz not null default now()
    )`);
    this.addSql(`create table applications.provider_delivery (
      id uuid primary key,
      application_id uuid not null unique references applications.application (id) deferrable initially deferred,
      provider_id uuid not null,
      status text not null check (status in ('PENDING', 'DELIVERED', 'ACKNOWLEDGED', 'FAILED')),
      attempts integer not null default 0,
      last_error text,
      next_attempt_at timestamptz,
      lease_owner text,
      lease_expires_at timestamptz,
      last_attempt_at timestamptz,
      delivered_at timestamptz,
      acknowledged_at timestamptz,
      last_sequence integer not null default 0,
      created_at timestamptz not null,
      updated_at timestamptz not null
    )`);
    this.addSql(`create index provider_delivery_due_idx on applications.provider_delivery (next_attempt_at) where status in ('PENDING', 'DELIVERED')`);
    this.addSql(`create index provider_delivery_provider_idx on applications.provider_delivery (provider_id, created_at)`);
    this.addSql(`create table applications.provider_update (
      update_id text primary key,
      delivery_id uuid not null references applications.provider_delivery (id),
      sequence integer not null,
      kind text not null check (kind in ('ACCEPTED', 'REJECTED', 'DECIDED')),
      payload_sha256 text not null check (payload_sha256 ~ '^[0-9a-f]{64}$'),
      response jsonb not null,
      received_at timestamptz not null,
      unique (delivery_id, sequence)
    )`);
    this.addSql(`create table applications.provider_update_refusal (
      id uuid primary key,
      received_at timestamptz not null,
      delivery_id uuid,
      provider_id uuid,
      update_id text,
      problem text not null,
      message text not null,
      body_sha256 text not null,
      remote_address text
    )`);
    this.addSql(`create index provider_update_refusal_received_idx on applications.provider_update_refusal (received_at desc)`);
  }
}

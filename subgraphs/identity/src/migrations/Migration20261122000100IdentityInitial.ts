import { Migration } from '@mikro-orm/migrations';
import { eventTablesSql, seedRunTableSql } from '@portal/kit';

/**
 * The outbox, accounts, consents, blocks, sessions, signing keys, national-id links, the data-access
 * log and login throttling. Foreign keys are checked at commit (deferrable) because the ORM orders
 * the inserts of one flush by itself, and the rows of one change commit together anyway.
 */
export class Migration20261122000100IdentityInitial extends Migration {
  override up(): void {
    this.addSql('create schema if not exists identity');
    this.addSql(seedRunTableSql('identity'));
    for (const sql of eventTablesSql('identity')) this.addSql(sql);

    this.addSql(`create table identity.user_account (
      id uuid primary key,
      kind text not null check (kind in ('INDIVIDUAL', 'LEGAL_ENTITY')),
      pin text not null check (pin ~ '^[0-9]{14}$'),
      full_name text not null,
      birth_date date,
      address text,
      email text check (email = lower(email)),
      phone text check (phone ~ '^\\+996[0-9]{9}$'),
      preferred_language text not null check (preferred_language in ('KY', 'RU')),
      roles text[] not null check (roles <@ array['CITIZEN', 'PROVIDER_OFFICER', 'OPERATOR']::text[] and cardinality(roles) > 0),
      provider_id uuid,
      password_hash text,
      blocked_at timestamptz,
      blocked_by uuid,
      blocked_reason text,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint user_account_pin_key unique (pin),
      constraint user_account_email_key unique (email),
      constraint user_account_phone_key unique (phone),
      constraint user_account_officer_provider check (not ('PROVIDER_OFFICER' = any(roles)) or provider_id is not null)
    )`);
    this.addSql('create index user_account_provider_idx on identity.user_account (provider_id) where provider_id is not null');

    this.addSql(`create table identity.consent (
      id uuid primary key,
      user_id uuid not null references identity.user_account (id) on delete cascade deferrable initially deferred,
      terms_version text not null,
      personal_data_processing boolean not null,
      accepted_at timestamptz not null,
      ip text,
      channel text not null check (channel in ('PORTAL_REGISTRATION', 'NATIONAL_ID', 'DEMO_SEED'))
    )`);
    this.addSql('create index consent_user_idx on identity.consent (user_id, accepted_at desc)');

    this.addSql(`create table identity.user_block_event (
      id uuid primary key,
      user_id uuid not null references identity.user_account (id) on delete cascade deferrable initially deferred,
      action text not null check (action in ('BLOCK', 'UNBLOCK')),
      actor_user_id uuid not null references identity.user_account (id) deferrable initially deferred,
      reason text not null,
      at timestamptz not null
    )`);
    this.addSql('create index user_block_event_user_idx on identity.user_block_event (user_id, at desc)');

    this.addSql(`create table identity.session (
      id uuid primary key,
      user_id uuid not null references identity.user_account (id) on delete cascade deferrable initially deferred,
      method text not null check (method in ('REGISTRATION', 'PASSWORD', 'NATIONAL_ID')),
      ip text,
      created_at timestamptz not null,
      last_refreshed_at timestamptz not null,
      revoked_at timestamptz,
      revoked_reason text
    )`);
    this.addSql('create index session_active_user_idx on identity.session (user_id) where revoked_at is null');

    this.addSql(`create table identity.refresh_token (
      id uuid primary key,
      session_id uuid not null references identity.session (id) on delete cascade deferrable initially deferred,
      token_hash text not null,
      issued_at timestamptz not null,
      expires_at timestamptz not null,
      used_at timestamptz,
      constraint refresh_token_hash_key unique (token_hash)
    )`);
    this.addSql('create index refresh_token_session_idx on identity.refresh_token (session_id)');

    this.addSql(`create table identity.signing_key (
      id uuid primary key,
      user_id uuid not null references identity.user_account (id) on delete cascade deferrable initially deferred,
      level text not null check (level in ('SIMPLE', 'QUALIFIED')),
      public_key_jwk jsonb not null,
      thumbprint text not null,
      certificate_subject text,
      certificate_issuer text,
      certificate_serial_number text,
      certificate_not_after timestamptz,
      certificate_chain_pem jsonb,
      created_at timestamptz not null,
      revoked_at timestamptz,
      constraint signing_key_thumbprint_key unique (thumbprint),
      constraint signing_key_qualified_has_certificate check (level = 'SIMPLE' or (certificate_subject is not null and certificate_chain_pem is not null))
    )`);
    this.addSql('create index signing_key_user_idx on identity.signing_key (user_id, created_at)');

    this.addSql(`create table identity.national_id_link (
      id uuid primary key,
      user_id uuid not null references identity.user_account (id) on delete cascade deferrable initially deferred,
      issuer text not null,
      subject text not null,
      created_account boolean not null,
      linked_at timestamptz not null,
      last_sign_in_at timestamptz not null,
      constraint national_id_link_subject_key unique (issuer, subject),
      constraint national_id_link_user_key unique (user_id, issuer)
    )`);

    this.addSql(`create table identity.data_access_log (
      id bigint generated by default as identity primary key,
      subject_user_id uuid not null references identity.user_account (id) on delete cascade deferrable initially deferred,
      actor_user_id uuid,
      actor_role text check (actor_role in ('CITIZEN', 'PROVIDER_OFFICER', 'OPERATOR')),
      actor_provider_id uuid,
      purpose text not null,
      request_id text,
      at timestamptz not null
    )`);
    this.addSql('create index data_access_log_subject_idx on identity.data_access_log (subject_user_id, id desc)');

    this.addSql(`create table identity.login_failure (
      id uuid primary key,
      account_key text not null,
      ip text,
      failed_at timestamptz not null
    )`);
    this.addSql('create index login_failure_account_idx on identity.login_failure (account_key, failed_at desc)');
    this.addSql('create index login_failure_ip_idx on identity.login_failure (ip, failed_at desc) where ip is not null');
    this.addSql('create index login_failure_age_idx on identity.login_failure (failed_at)');
  }

  override down(): void {
    this.addSql('drop schema identity cascade');
  }
}

import { Migration } from '@mikro-orm/migrations';

/**
 * Verified contacts, one-time codes, password reset and withdrawal of consent. Contacts of existing
 * accounts stay unverified (nobody proved them), except those of the demo seed, which are seeded verified.
 */
export class Migration20261202040001ContactVerification extends Migration {
  override up(): void {
    this.addSql('alter table identity.user_account add column email_verified_at timestamptz, add column phone_verified_at timestamptz, add column closed_at timestamptz');
    this.addSql(`update identity.user_account a set email_verified_at = a.created_at, phone_verified_at = a.created_at
                  where exists (select 1 from identity.consent c where c.user_id = a.id and c.channel = 'DEMO_SEED')`);
    this.addSql(`create table identity.one_time_code (
      id uuid primary key,
      user_id uuid not null references identity.user_account (id) on delete cascade deferrable initially deferred,
      purpose text not null check (purpose in ('VERIFY_EMAIL', 'VERIFY_PHONE', 'PASSWORD_RESET')),
      channel text not null check (channel in ('EMAIL', 'SMS')),
      destination text not null,
      code_hash text not null,
      created_at timestamptz not null,
      expires_at timestamptz not null,
      wrong_attempts integer not null default 0,
      used_at timestamptz,
      voided_at timestamptz,
      ip text
    )`);
    this.addSql('create index one_time_code_user_idx on identity.one_time_code (user_id, purpose, created_at desc)');
    this.addSql(`create table identity.one_time_code_request (
      id uuid primary key,
      scope_key text not null,
      ip text,
      requested_at timestamptz not null
    )`);
    this.addSql('create index one_time_code_request_key_idx on identity.one_time_code_request (scope_key, requested_at desc)');
    this.addSql('create index one_time_code_request_ip_idx on identity.one_time_code_request (ip, requested_at desc)');
    this.addSql('alter table identity.account_change add column channel text, add column previous_value text, add column new_value text');
    this.addSql('alter table identity.account_change drop constraint account_change_action_check');
    this.addSql(`alter table identity.account_change add constraint account_change_action_check check (action in ('PASSWORD_CHANGED', 'SESSION_ENDED', 'CONTACT_VERIFIED', 'PASSWORD_RESET', 'CONSENT_WITHDRAWN'))`);
  }

  override down(): void {
    this.addSql(`delete from identity.account_change where action in ('CONTACT_VERIFIED', 'PASSWORD_RESET', 'CONSENT_WITHDRAWN')`);
    this.addSql('alter table identity.account_change drop constraint account_change_action_check');
    this.addSql(`alter table identity.account_change add constraint account_change_action_check check (action in ('PASSWORD_CHANGED', 'SESSION_ENDED'))`);
    this.addSql('alter table identity.account_change drop column channel, drop column previous_value, drop column new_value');
    this.addSql('drop table identity.one_time_code_request');
    this.addSql('drop table identity.one_time_code');
    this.addSql('alter table identity.user_account drop column email_verified_at, drop column phone_verified_at, drop column closed_at');
  }
}

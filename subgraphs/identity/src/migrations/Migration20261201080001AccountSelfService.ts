import { Migration } from '@mikro-orm/migrations';

/**
 * Account self-service: a session keeps the client's User-Agent (the holder's list of sessions),
 * terms accepted again from the cabinet are consents of channel CABINET, and password changes and
 * sessions ended by the holder are kept in an account audit.
 */
export class Migration20261201080001AccountSelfService extends Migration {
  override up(): void {
    this.addSql('alter table identity.session add column user_agent text');
    this.addSql('alter table identity.consent drop constraint consent_channel_check');
    this.addSql(`alter table identity.consent add constraint consent_channel_check check (channel in ('PORTAL_REGISTRATION', 'NATIONAL_ID', 'DEMO_SEED', 'CABINET'))`);
    this.addSql(`create table identity.account_change (
      id uuid primary key,
      user_id uuid not null references identity.user_account (id) on delete cascade deferrable initially deferred,
      action text not null check (action in ('PASSWORD_CHANGED', 'SESSION_ENDED')),
      at timestamptz not null,
      ip text,
      user_agent text,
      from_session_id uuid,
      target_session_id uuid,
      sessions_ended integer not null default 0
    )`);
    this.addSql('create index account_change_user_idx on identity.account_change (user_id, at desc)');
  }

  override down(): void {
    this.addSql('drop table identity.account_change');
    this.addSql(`delete from identity.consent where channel = 'CABINET'`);
    this.addSql('alter table identity.consent drop constraint consent_channel_check');
    this.addSql(`alter table identity.consent add constraint consent_channel_check check (channel in ('PORTAL_REGISTRATION', 'NATIONAL_ID', 'DEMO_SEED'))`);
    this.addSql('alter table identity.session drop column user_agent');
  }
}

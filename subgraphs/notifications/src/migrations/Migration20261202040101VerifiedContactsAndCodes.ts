import { Migration } from '@mikro-orm/migrations';

/**
 * Only verified contacts receive notices: the recipient projection forgets contacts identity has not
 * announced as verified (the next UserProfileChanged brings them back once they are), and knows
 * accounts closed by withdrawal of consent. One-time codes wait for their channel in their own
 * queue, sealed (the code is opened only to be sent, and the sealed copy is dropped once it is out).
 */
export class Migration20261202040101VerifiedContactsAndCodes extends Migration {
  override up(): void {
    this.addSql('alter table notifications.recipient add column closed boolean not null default false');
    this.addSql('update notifications.recipient set email = null, phone = null');
    this.addSql(`create table notifications.one_time_code_message (
      code_id uuid primary key,
      user_id uuid not null,
      purpose text not null check (purpose in ('VERIFY_CONTACT', 'PASSWORD_RESET')),
      channel text not null check (channel in ('EMAIL', 'SMS')),
      destination text not null,
      language text not null,
      sealed_code text,
      expires_at timestamptz not null,
      status text not null default 'QUEUED' check (status in ('QUEUED', 'SENT', 'DELIVERED', 'FAILED')),
      attempts integer not null default 0,
      last_error text,
      next_attempt_at timestamptz,
      last_attempt_at timestamptz,
      lease_owner text,
      lease_expires_at timestamptz,
      provider_message_id text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      sent_at timestamptz,
      delivered_at timestamptz
    )`);
    this.addSql(`create index one_time_code_message_due_idx on notifications.one_time_code_message (channel, next_attempt_at) where status = 'QUEUED'`);
    this.addSql('create index one_time_code_message_provider_idx on notifications.one_time_code_message (channel, provider_message_id) where provider_message_id is not null');
  }

  override down(): void {
    this.addSql('drop table notifications.one_time_code_message');
    this.addSql('alter table notifications.recipient drop column closed');
  }
}

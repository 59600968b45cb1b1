import { Migration } from '@mikro-orm/migrations';

/**
 * Deliveries become jobs: when the next attempt is due, who holds the lease on the current one (and
 * until when), and when the delivery was created, last tried, sent and delivered.
 */
export class Migration20261201070001DeliveryJobs extends Migration {
  override up(): void {
    this.addSql(`
      alter table notifications.delivery
        add column created_at timestamptz not null default now(),
        add column next_attempt_at timestamptz,
        add column lease_owner text,
        add column lease_expires_at timestamptz,
        add column last_attempt_at timestamptz,
        add column sent_at timestamptz,
        add column delivered_at timestamptz,
        add column provider_message_id text`);
    // rows queued before this migration are due now
    this.addSql(`update notifications.delivery set next_attempt_at = now() where status = 'QUEUED'`);
    this.addSql(`create index delivery_due_idx on notifications.delivery (channel, next_attempt_at) where status = 'QUEUED'`);
    // the per-channel rate limit counts the attempts of the last second
    // receipts (an SMS centre's deliver_sm, say) name the message by the channel's own id
    this.addSql(`create index delivery_provider_message_idx on notifications.delivery (channel, provider_message_id) where provider_message_id is not null`);
    this.addSql(`create index delivery_attempt_idx on notifications.delivery (channel, last_attempt_at) where last_attempt_at is not null`);
  }
}

import { Migration } from '@mikro-orm/migrations';

/**
 * One-time codes of Telegram deep links (startTelegramLink), stored only as their SHA-256; a chat
 * is linked to one account at a time.
 */
export class Migration20261201100001TelegramLinks extends Migration {
  override up(): void {
    this.addSql(`
      create table notifications.telegram_link_code (
        code_hash text primary key,
        user_id uuid not null,
        expires_at timestamptz not null,
        used_at timestamptz,
        chat_id text,
        created_at timestamptz not null default now()
      )`);
    this.addSql(`create index telegram_link_code_user_idx on notifications.telegram_link_code (user_id)`);
    // chat ids typed in before linking existed were never proven to be the user's: forget them
    this.addSql(`update notifications.notification_preference set telegram_chat_id = null where telegram_chat_id is not null`);
    this.addSql(`create unique index notification_preference_telegram_chat_idx on notifications.notification_preference (telegram_chat_id) where telegram_chat_id is not null`);
  }
}

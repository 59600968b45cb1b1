import { Migration } from '@mikro-orm/migrations';
import { eventTablesSql } from '@portal/kit';

/**
 * Eventing: outbox/inbox, the projections this subgraph keeps of identity's users and of
 * applications, notification preferences, and the uniqueness that keeps a replayed or re-emitted
 * event from notifying anyone twice.
 */
export class Migration20261125000001EventsAndPreferences extends Migration {
  override up(): void {
    for (const sql of eventTablesSql('notifications')) this.addSql(sql);

    // null for notices not born of an event; each event notifies a user at most once, and so does each fact
    this.addSql('alter table notifications.notification add column source_event_id uuid, add column source_key text');
    this.addSql('create unique index notification_source_event_user on notifications.notification (source_event_id, user_id)');
    this.addSql('create unique index notification_source_key_user on notifications.notification (user_id, type, source_key)');
    this.addSql('create index notification_application_idx on notifications.notification (application_id) where application_id is not null');

    // projection of identity's UserProfileChanged: who can be reached where
    this.addSql(`
      create table notifications.recipient (
        user_id uuid primary key,
        preferred_language text not null check (preferred_language in ('KY', 'RU')),
        email text,
        phone text,
        blocked boolean not null default false,
        updated_at timestamptz not null default now()
      )`);

    // the user's choice of channels; no row means the default, the cabinet only
    this.addSql(`
      create table notifications.notification_preference (
        user_id uuid primary key,
        channels text[] not null default '{CABINET}'
          check ('CABINET' = any (channels) and channels <@ array['CABINET', 'EMAIL', 'SMS', 'TELEGRAM']::text[]),
        telegram_chat_id text check (telegram_chat_id ~ '^[1-9][0-9]{0,15}$'),
        updated_at timestamptz not null default now()
      )`);

    // projection of applications' ApplicationStatusChanged: what payment notices need to name the application
    this.addSql(`
      create table notifications.application_summary (
        application_id uuid primary key,
        applicant_id uuid not null,
        number text,
        service_title_ky text not null,
        service_title_ru text not null,
        status text not null,
        version integer not null,
        updated_at timestamptz not null default now()
      )`);
  }
}

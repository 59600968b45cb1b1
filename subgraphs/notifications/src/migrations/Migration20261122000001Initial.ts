import { Migration } from '@mikro-orm/migrations';
import { seedRunTableSql } from '@portal/kit';

export class Migration20261122000001Initial extends Migration {
  override up(): void {
    this.addSql('create schema if not exists notifications');
    this.addSql(seedRunTableSql('notifications'));
    // timestamps to the millisecond: the keyset cursor carries created_at as a JS Date
    this.addSql(`
      create table notifications.notification (
        id uuid primary key,
        user_id uuid not null,
        type text not null,
        title_ky text not null,
        title_ru text not null,
        body_ky text not null,
        body_ru text not null,
        application_id uuid,
        created_at timestamptz(3) not null default now(),
        read_at timestamptz(3)
      )`);
    this.addSql('create index notification_user_idx on notifications.notification (user_id, created_at desc, id desc)');
    this.addSql('create index notification_user_unread_idx on notifications.notification (user_id, created_at desc, id desc) where read_at is null');
    this.addSql(`
      create table notifications.delivery (
        notification_id uuid not null references notifications.notification (id) on delete cascade,
        channel text not null check (channel in ('CABINET', 'EMAIL', 'SMS', 'TELEGRAM')),
        status text not null default 'QUEUED' check (status in ('QUEUED', 'SENT', 'DELIVERED', 'FAILED')),
        attempts integer not null default 0 check (attempts >= 0),
        last_error text,
        updated_at timestamptz not null default now(),
        primary key (notification_id, channel)
      )`);
  }
}

import { Migration } from '@mikro-orm/migrations';

/**
 * Attachments of FILE form fields: the metadata of each upload (declared, then stored with the sha256
 * the portal computed) and, with the default PostgreSQL store, its bytes in a table of their own.
 */
export class Migration20261203100000Attachments extends Migration {
  override up(): void {
    this.addSql(`create table applications.attachment (
      id uuid primary key,
      application_id uuid not null references applications.application (id) on delete cascade,
      field text not null,
      name text not null,
      mime_type text not null,
      size integer not null check (size > 0),
      sha256 text check (sha256 ~ '^[0-9a-f]{64}$'),
      status text not null check (status in ('PENDING', 'STORED')),
      uploaded_by uuid not null,
      created_at timestamptz not null,
      stored_at timestamptz,
      check ((status = 'STORED') = (sha256 is not null and stored_at is not null))
    )`);
    this.addSql('create index attachment_application on applications.attachment (application_id, field)');
    this.addSql(`create table applications.attachment_content (
      attachment_id uuid primary key references applications.attachment (id) on delete cascade,
      bytes bytea not null
    )`);
  }
}

import { Migration } from '@mikro-orm/migrations';

/**
 * Retention: when a draft's applicant was told it will be removed, and when a final
 * application was archived after its retention year. The partial indexes hold only what the
 * retention scan may still act on: drafts by their last change, final applications not archived.
 */
export class Migration20261203150001Retention extends Migration {
  override up(): void {
    this.addSql('alter table applications.application add column draft_expiry_noticed_at timestamptz, add column archived_at timestamptz');
    this.addSql(`create index application_draft_retention_idx on applications.application (updated_at) where status = 'DRAFT'`);
    this.addSql(`create index application_archive_scan_idx on applications.application (updated_at)
      where status in ('REJECTED', 'APPROVED', 'REFUSED', 'WITHDRAWN') and archived_at is null`);
  }
}

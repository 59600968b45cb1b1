import { Migration } from '@mikro-orm/migrations';

/**
 * Overdue detection: when the platform found that the provider missed the intake
 * notice or the decision, and announced it (ApplicationOverdue). The partial indexes hold only the
 * applications the scan may still have to announce, so a scan reads the few that are due now.
 */
export class Migration20261122000004Overdue extends Migration {
  override up(): void {
    this.addSql('alter table applications.application add column intake_overdue_at timestamptz, add column decision_overdue_at timestamptz');
    // the predicates are those of NEWLY_OVERDUE_SQL (overdue.rules.ts): keep them identical
    this.addSql(`create index application_intake_overdue_scan_idx on applications.application (intake_due_at)
      where status = 'SUBMITTED' and intake_overdue_at is null`);
    this.addSql(`create index application_decision_overdue_scan_idx on applications.application (due_at)
      where status = 'IN_REVIEW' and decision_overdue_at is null`);
  }
}

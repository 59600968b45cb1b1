import { Migration } from '@mikro-orm/migrations';

/** Wrong verification codes per client address and window (verification-throttle.rules.ts); shared by replicas. */
export class Migration20261201030002VerificationThrottle extends Migration {
  override up(): void {
    this.addSql(`create table applications.verification_failure (
      client text primary key,
      window_started_at timestamptz not null,
      failures integer not null
    )`);
    this.addSql('create index verification_failure_window on applications.verification_failure (window_started_at)');
  }
}

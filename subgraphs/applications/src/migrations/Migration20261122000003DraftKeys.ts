import { Migration } from '@mikro-orm/migrations';

/** Idempotent draft creation: a client's retry with the same key finds the draft it created. */
export class Migration20261122000003DraftKeys extends Migration {
  override up(): void {
    this.addSql('alter table applications.application add column draft_key text');
    this.addSql('create unique index application_applicant_draft_key on applications.application (applicant_id, draft_key) where draft_key is not null');
  }
}

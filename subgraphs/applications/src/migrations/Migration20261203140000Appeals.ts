import { Migration } from '@mikro-orm/migrations';

/**
 * Complaints as a workflow: what each is about (subject, and the application step,
 * so the same decision is complained about once), the body it is addressed to and its answer
 * deadline, the signed answer, every state change; the catalog's appeal bodies projected here; and
 * on the application the body whose officers may read it while they hear a complaint about it.
 * Complaints filed before keep FILED and are about the decision they were filed against.
 */
export class Migration20261203140000Appeals extends Migration {
  override up(): void {
    this.addSql(`alter table applications.appeal
      add column subject text not null default 'DECISION' check (subject in ('DECISION', 'ACTION', 'INACTION')),
      add column matter_version integer,
      add column provider_id uuid,
      add column appeal_body_id uuid,
      add column appeal_body_code text,
      add column appeal_body_name jsonb,
      add column registered_at timestamptz,
      add column due_at timestamptz,
      add column reviewer_id uuid,
      add column answer text,
      add column answer_signature text,
      add column answer_signing_key_id uuid,
      add column answered_by uuid,
      add column answered_at timestamptz,
      add column reopened_to text,
      add column overdue_at timestamptz,
      add column version integer not null default 1`);
    this.addSql(`update applications.appeal p set matter_version = a.version, provider_id = a.provider_id
      from applications.application a where a.id = p.application_id`);
    this.addSql(`alter table applications.appeal
      alter column matter_version set not null,
      alter column provider_id set not null,
      alter column subject drop default,
      add constraint appeal_status_known check (status in ('FILED', 'REGISTERED', 'UNDER_REVIEW', 'UPHELD', 'DISMISSED')),
      add constraint appeal_answered check ((status in ('UPHELD', 'DISMISSED')) = (answer is not null and answered_at is not null))`);
    // twice on the same decision (or step) is refused by this index, also between racing requests
    this.addSql('create unique index appeal_one_per_matter on applications.appeal (application_id, subject, matter_version)');
    this.addSql(`create index appeal_body_queue_idx on applications.appeal (appeal_body_id, due_at, id) where appeal_body_id is not null`);
    // the overdue scan reads only open complaints not yet announced
    this.addSql(`create index appeal_newly_overdue_idx on applications.appeal (due_at) where status in ('REGISTERED', 'UNDER_REVIEW') and overdue_at is null`);
    this.addSql(`create index appeal_unaddressed_idx on applications.appeal (provider_id) where status = 'FILED'`);
    this.addSql(`create table applications.appeal_change (
      appeal_id uuid not null references applications.appeal (id),
      appeal_version integer not null,
      from_status text,
      to_status text not null,
      at timestamptz not null,
      actor_id uuid,
      actor_role text not null check (actor_role in ('CITIZEN', 'PROVIDER_OFFICER', 'SYSTEM')),
      primary key (appeal_id, appeal_version)
    )`);
    this.addSql(`create table applications.provider_appeal_body (
      provider_id uuid primary key,
      appeal_body_id uuid,
      appeal_body_code text,
      appeal_body_name jsonb,
      version integer not null
    )`);
    this.addSql('alter table applications.application add column appeal_body_id uuid');
  }
}

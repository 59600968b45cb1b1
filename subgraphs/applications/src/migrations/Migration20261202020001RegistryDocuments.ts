import { Migration } from '@mikro-orm/migrations';

/**
 * Once-only documents: the required documents of each service version (from ServiceVersionPublished;
 * versions published before they were carried have none), and the registry documents of submitted
 * applications with their fetch jobs (leased by the registry fetch worker, retried with backoff).
 */
export class Migration20261202020001RegistryDocuments extends Migration {
  override up(): void {
    this.addSql(`alter table applications.service_version add column required_documents jsonb not null default '[]'::jsonb`);
    this.addSql(`create table applications.registry_document (
      application_id uuid not null references applications.application (id),
      code text not null,
      title jsonb not null,
      registry text not null,
      service text not null,
      key_field text,
      status text not null check (status in ('PENDING', 'FETCHED', 'NOT_FOUND', 'FAILED', 'WAIVED')),
      data jsonb,
      message_id text,
      fetched_at timestamptz,
      attempts integer not null default 0,
      last_error text,
      next_attempt_at timestamptz not null,
      lease_owner text,
      lease_expires_at timestamptz,
      waived_by uuid,
      waived_at timestamptz,
      waiver_reason text,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      primary key (application_id, code)
    )`);
    // the worker reads only the documents still to fetch
    this.addSql(`create index registry_document_due_idx on applications.registry_document (next_attempt_at) where status = 'PENDING'`);
    // how the draft was prefilled: from the population register, or from the profile when the register did not answer
    this.addSql(`alter table applications.application add column prefill_source text`);
  }
}

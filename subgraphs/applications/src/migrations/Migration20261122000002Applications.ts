import { Migration } from '@mikro-orm/migrations';
import { eventTablesSql } from '@portal/kit';

/**
 * Applications, their history, result documents and appeals; the projections fed by identity,
 * catalog and payments events; the outbox/inbox.
 *
 * Foreign keys to the application are checked at commit: a change writes the application and its
 * rows in one flush, in whatever order the unit of work picks.
 *
 * Retention (R-27.6: drafts kept at least 3 months, submitted applications at least 1 year): no
 * code deletes any of these rows. A purge, when one is wanted, must keep drafts untouched for
 * 3 months after their last change and submitted applications for 1 year after their last status
 * change, and never remove what an issued document or an appeal refers to.
 */
export class Migration20261122000002Applications extends Migration {
  override up(): void {
    for (const sql of eventTablesSql('applications')) this.addSql(sql);

    // ---------------------------------------------------------- projections
    this.addSql(`
      create table applications.applicant_profile (
        user_id uuid primary key,
        kind text not null check (kind in ('INDIVIDUAL', 'LEGAL_ENTITY')),
        pin text not null,
        full_name text not null,
        birth_date text,
        address text,
        email text,
        phone text,
        preferred_language text not null check (preferred_language in ('KY', 'RU')),
        roles text[] not null,
        provider_id uuid,
        blocked boolean not null,
        profile_version integer not null,
        updated_at timestamptz not null default now()
      )`);
    this.addSql(`
      create table applications.signing_key (
        id uuid primary key,
        user_id uuid not null,
        level text not null check (level in ('SIMPLE', 'QUALIFIED')),
        public_key_jwk jsonb not null,
        certificate_subject text,
        registered_at timestamptz not null,
        revoked_at timestamptz
      )`);
    this.addSql(`
      create table applications.service_version (
        service_id uuid not null,
        version integer not null check (version > 0),
        code text not null,
        provider_id uuid not null,
        provider_code text not null,
        provider_name jsonb not null,
        title jsonb not null,
        fee_minor integer check (fee_minor is null or fee_minor >= 0),
        budget_code text,
        deadline_working_days integer not null check (deadline_working_days >= 0),
        signature_level text not null check (signature_level in ('SIMPLE', 'QUALIFIED')),
        appeal_procedure jsonb not null,
        form jsonb not null,
        published_at timestamptz not null,
        primary key (service_id, version)
      )`);

    // ---------------------------------------------------------- applications
    this.addSql('create sequence applications.application_number_seq');
    this.addSql('create sequence applications.document_number_seq');
    this.addSql(`
      create table applications.application (
        id uuid primary key,
        number text unique,
        applicant_id uuid not null,
        service_id uuid not null,
        service_version integer not null,
        provider_id uuid not null,
        status text not null check (status in ('DRAFT', 'SUBMITTED', 'REJECTED', 'AWAITING_PAYMENT', 'IN_REVIEW', 'APPROVED', 'REFUSED', 'WITHDRAWN')),
        data jsonb not null check (jsonb_typeof(data) = 'object'),
        current_step text,
        signature text,
        signing_key_id uuid,
        submitted_at timestamptz,
        intake_due_at timestamptz,
        registered_at timestamptz,
        payment_confirmed_at timestamptz,
        due_at timestamptz,
        executor_id uuid,
        refusal_reason text,
        result_document_number text unique,
        version integer not null check (version > 0),
        created_at timestamptz not null,
        updated_at timestamptz not null,
        foreign key (service_id, service_version) references applications.service_version (service_id, version),
        check (status = 'DRAFT' or (number is not null and submitted_at is not null and signature is not null and signing_key_id is not null)),
        check (status <> 'APPROVED' or result_document_number is not null),
        check (status not in ('REJECTED', 'REFUSED') or refusal_reason is not null)
      )`);
    this.addSql('create index application_applicant_idx on applications.application (applicant_id, created_at desc, id desc)');
    // the queue: one provider's submitted applications by due date (same expression as QUEUE_DUE_AT_SQL)
    this.addSql(`create index application_queue_idx on applications.application
      (provider_id, (case when status = 'SUBMITTED' then intake_due_at else due_at end), id) where status <> 'DRAFT'`);
    this.addSql(`
      create table applications.status_change (
        application_id uuid not null references applications.application (id) deferrable initially deferred,
        application_version integer not null,
        from_status text,
        to_status text not null,
        at timestamptz not null,
        actor_id uuid,
        actor_role text not null check (actor_role in ('CITIZEN', 'PROVIDER_OFFICER', 'OPERATOR', 'SYSTEM')),
        reason text,
        primary key (application_id, application_version)
      )`);
    this.addSql(`
      create table applications.result_document (
        number text primary key,
        application_id uuid not null unique references applications.application (id) deferrable initially deferred,
        document jsonb not null,
        sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
        signature text not null,
        signed_by uuid not null,
        signing_key_id uuid not null,
        issued_at timestamptz not null
      )`);
    this.addSql(`
      create table applications.appeal (
        id uuid primary key,
        application_id uuid not null references applications.application (id) deferrable initially deferred,
        applicant_id uuid not null,
        text text not null,
        status text not null default 'FILED',
        created_at timestamptz not null
      )`);
    this.addSql('create index appeal_application_idx on applications.appeal (application_id, created_at, id)');

    // re-rating replaces the score: remember when
    this.addSql('alter table applications.service_rating add column updated_at timestamptz');
  }
}

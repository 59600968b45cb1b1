import { Migration } from '@mikro-orm/migrations';
import { eventTablesSql, seedRunTableSql } from '@portal/kit';
import { FOLD_FROM, FOLD_TO } from '../search/search.rules';

/** Search text is lower-cased and folded like search.rules foldForSearch (ө→о, ү→у, ң→н, ё→е). */
const fold = (expression: string) => `translate(lower(${expression}), '${FOLD_FROM}', '${FOLD_TO}')`;
const nonBlank = (column: string) => `check (btrim(${column}) <> '')`;

/**
 * The catalogue: providers, services with immutable published versions (the current one searched by
 * full text and trigram similarity), providers' change proposals, and the outbox of its events.
 */
export class Migration20261122000200CatalogInitial extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create schema if not exists "catalog"`);
    this.addSql(seedRunTableSql('catalog'));
    for (const sql of eventTablesSql('catalog')) this.addSql(sql);
    this.addSql(`create extension if not exists pg_trgm`);

    this.addSql(`create table "catalog".provider (
      id uuid primary key,
      code text not null unique check (code ~ '^[A-Z][A-Z0-9_]{1,31}$'),
      name_ky text not null ${nonBlank('name_ky')},
      name_ru text not null ${nonBlank('name_ru')},
      created_at timestamptz not null default now(),
      search_vector tsvector generated always as (to_tsvector('simple'::regconfig, ${fold(`name_ky || ' ' || name_ru`)})) stored,
      search_text text generated always as (${fold(`name_ky || ' ' || name_ru`)}) stored
    )`);
    this.addSql(`create index provider_search_vector_idx on "catalog".provider using gin (search_vector)`);
    this.addSql(`create index provider_search_text_trgm_idx on "catalog".provider using gin (search_text gin_trgm_ops)`);

    // Constraints between service and its versions are deferred: a service and its first version
    // are inserted in one transaction, in whatever order the unit of work flushes them.
    this.addSql(`create table "catalog".service (
      id uuid primary key,
      code text not null unique check (code ~ '^[a-z][a-z0-9]*(-[a-z0-9]+)*$' and length(code) between 3 and 64),
      provider_id uuid not null references "catalog".provider (id) deferrable initially deferred,
      current_version integer not null check (current_version >= 1),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`);
    this.addSql(`create index service_provider_id_idx on "catalog".service (provider_id)`);

    this.addSql(`create table "catalog".service_version (
      service_id uuid not null references "catalog".service (id) deferrable initially deferred,
      version integer not null check (version >= 1),
      kind text not null check (kind in ('STATE', 'MUNICIPAL', 'OTHER')),
      title_ky text not null ${nonBlank('title_ky')},
      title_ru text not null ${nonBlank('title_ru')},
      description_ky text not null ${nonBlank('description_ky')},
      description_ru text not null ${nonBlank('description_ru')},
      category text not null,
      category_name_ky text not null,
      category_name_ru text not null,
      fee_amount_minor integer check (fee_amount_minor is null or fee_amount_minor > 0),
      budget_code text check (budget_code ~ '^[0-9]{8}$'),
      deadline_working_days integer not null default 3 check (deadline_working_days between 1 and 60),
      required_documents jsonb not null default '[]' check (jsonb_typeof(required_documents) = 'array'),
      form jsonb not null check (jsonb_typeof(form) = 'object'),
      automation_level text not null check (automation_level in ('FULL', 'PARTIAL')),
      signature_level text not null check (signature_level in ('SIMPLE', 'QUALIFIED')),
      personal_visit_required boolean not null,
      result_delivery text not null check (result_delivery in ('PORTAL', 'IN_PERSON')),
      status_check_method_ky text not null ${nonBlank('status_check_method_ky')},
      status_check_method_ru text not null ${nonBlank('status_check_method_ru')},
      appeal_procedure_ky text not null ${nonBlank('appeal_procedure_ky')},
      appeal_procedure_ru text not null ${nonBlank('appeal_procedure_ru')},
      proposal_id uuid,
      published_by uuid,
      published_at timestamptz not null default now(),
      search_vector tsvector generated always as (
        setweight(to_tsvector('simple'::regconfig, ${fold(`title_ky || ' ' || title_ru`)}), 'A') ||
        setweight(to_tsvector('simple'::regconfig, ${fold(`category_name_ky || ' ' || category_name_ru`)}), 'B') ||
        setweight(to_tsvector('simple'::regconfig, ${fold(`description_ky || ' ' || description_ru`)}), 'C')
      ) stored,
      search_text text generated always as (
        ${fold(`title_ky || ' ' || title_ru || ' ' || category_name_ky || ' ' || category_name_ru || ' ' || description_ky || ' ' || description_ru`)}
      ) stored,
      primary key (service_id, version),
      check ((fee_amount_minor is null) = (budget_code is null))
    )`);
    this.addSql(`create index service_version_search_vector_idx on "catalog".service_version using gin (search_vector)`);
    this.addSql(`create index service_version_search_text_trgm_idx on "catalog".service_version using gin (search_text gin_trgm_ops)`);
    this.addSql(`create index service_version_category_idx on "catalog".service_version (category)`);
    this.addSql(`alter table "catalog".service add constraint service_current_version_fk
      foreign key (id, current_version) references "catalog".service_version (service_id, version) deferrable initially deferred`);

    // Published versions are immutable: applications keep the version they were made on.
    this.addSql(`create function "catalog".refuse_service_version_change() returns trigger language plpgsql as $$
      begin
        raise exception 'published service versions are immutable (service %, version %)', old.service_id, old.version;
      end
    $$`);
    this.addSql(`create trigger service_version_immutable before update or delete on "catalog".service_version
      for each row execute function "catalog".refuse_service_version_change()`);

    this.addSql(`create table "catalog".service_change_proposal (
      id uuid primary key,
      service_id uuid references "catalog".service (id) deferrable initially deferred,
      provider_id uuid not null references "catalog".provider (id),
      service_code text not null,
      base_version integer check (base_version >= 1),
      standard jsonb not null check (jsonb_typeof(standard) = 'object'),
      comment text,
      status text not null default 'PENDING' check (status in ('PENDING', 'PUBLISHED', 'REJECTED')),
      proposed_by uuid not null,
      proposed_at timestamptz not null default now(),
      decided_by uuid,
      decided_at timestamptz,
      rejection_reason text,
      published_version integer,
      check ((status = 'REJECTED') = (rejection_reason is not null)),
      check ((status = 'PUBLISHED') = (published_version is not null and service_id is not null)),
      check ((status = 'PENDING') = (decided_at is null))
    )`);
    this.addSql(`create index service_change_proposal_status_idx on "catalog".service_change_proposal (status, proposed_at desc, id desc)`);
    this.addSql(`create index service_change_proposal_provider_idx on "catalog".service_change_proposal (provider_id, status, proposed_at desc, id desc)`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop schema if exists "catalog" cascade`);
  }
}

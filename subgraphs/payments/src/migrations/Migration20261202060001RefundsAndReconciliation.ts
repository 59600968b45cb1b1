import { Migration } from '@mikro-orm/migrations';

/**
 * Money back and books that balance: requests to the payment system kept until they succeed (accrual
 * registration and cancellation, refunds), refunds with their receipt numbers, the fee policy of each service
 * version (from the catalogue), and the daily reconciliation reports with their mismatches.
 */
export class Migration20261202060001RefundsAndReconciliation extends Migration {
  override up(): void {
    this.addSql('alter table payments.accrual add column seps_registered_at timestamptz');

    // an outbox of calls to SEPS: written with the change that needs them, worked off with retries
    this.addSql(`
      create table payments.seps_request (
        id uuid primary key,
        kind text not null check (kind in ('REGISTER_ACCRUAL', 'CANCEL_ACCRUAL', 'REFUND')),
        subject_id uuid not null,
        attempts integer not null default 0 check (attempts >= 0),
        next_attempt_at timestamptz not null default now(),
        lease_owner text,
        lease_expires_at timestamptz,
        last_attempt_at timestamptz,
        done_at timestamptz,
        last_error text,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (kind, subject_id)
      )`);
    this.addSql('create index seps_request_due_idx on payments.seps_request (next_attempt_at) where done_at is null');

    this.addSql(`
      create table payments.refund (
        id uuid primary key,
        accrual_id uuid not null unique references payments.accrual (id),
        amount_minor bigint not null check (amount_minor > 0 and amount_minor <= 2147483647),
        reason_ky text not null,
        reason_ru text not null,
        status text not null default 'REQUESTED' check (status in ('REQUESTED', 'COMPLETED', 'FAILED')),
        requested_at timestamptz not null,
        completed_at timestamptz,
        failure text,
        transaction_id text unique,
        receipt_number text unique,
        check (status <> 'COMPLETED' or (completed_at is not null and transaction_id is not null and receipt_number is not null))
      )`);
    this.addSql('create index refund_completed_idx on payments.refund (completed_at) where completed_at is not null');
    this.addSql('create index receipt_paid_at_idx on payments.receipt (paid_at)');
    this.addSql(`create table payments.refund_receipt_counter (
      year integer primary key check (year between 2000 and 9999),
      last_number integer not null check (last_number > 0)
    )`);

    this.addSql(`
      create table payments.service_fee_policy (
        service_id uuid not null,
        version integer not null,
        fee_returned_on_refusal boolean not null,
        primary key (service_id, version)
      )`);

    this.addSql(`
      create table payments.reconciliation_report (
        id uuid primary key,
        day text not null unique check (day ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
        status text not null check (status in ('BALANCED', 'MISMATCHES', 'STATEMENT_REFUSED')),
        trigger text not null check (trigger in ('SCHEDULE', 'OPERATOR')),
        requested_by uuid,
        started_at timestamptz not null,
        finished_at timestamptz not null,
        statement_entry_count integer not null default 0,
        portal_entry_count integer not null default 0,
        mismatch_count integer not null default 0,
        problem text
      )`);
    this.addSql(`
      create table payments.reconciliation_mismatch (
        id uuid primary key,
        report_id uuid not null references payments.reconciliation_report (id) on delete cascade,
        position integer not null,
        kind text not null check (kind in ('MISSING_IN_PORTAL', 'MISSING_IN_PAYMENT_SYSTEM', 'AMOUNT_DIFFERS', 'STATUS_DIFFERS', 'UIN_DIFFERS')),
        entry_kind text not null check (entry_kind in ('PAYMENT', 'REFUND')),
        transaction_id text not null,
        uin text not null,
        portal_uin text,
        portal_amount_minor bigint,
        payment_system_amount_minor bigint,
        portal_status text,
        payment_system_status text,
        unique (report_id, position)
      )`);
  }
}

import { Migration } from '@mikro-orm/migrations';
import { eventTablesSql } from '@portal/kit';

/**
 * The payment flow: events (outbox, inbox), the provider of each accrual (its officers read it), UIN
 * and receipt numbering, payment sessions. Before this migration nothing wrote accruals (no seed, no
 * consumer), so the new not-null columns need no backfill.
 */
export class Migration20261122000002PaymentFlow extends Migration {
  override up(): void {
    for (const sql of eventTablesSql('payments')) this.addSql(sql);

    this.addSql('alter table payments.accrual add column provider_id uuid not null');
    this.addSql('alter table payments.accrual add column version integer not null default 1 check (version >= 1)');
    // a paid service may lack a budget code in the catalogue; the UIN then uses the configured issuer code
    this.addSql('alter table payments.accrual alter column budget_code drop not null');
    this.addSql(`alter table payments.accrual add constraint accrual_uin_format check (uin ~ '^[0-9]{20}$')`);

    // the running part of UINs (9 digits); the UIN's issuer code and date keep a wrap-around unique
    this.addSql('create sequence payments.uin_sequence as integer minvalue 1 maxvalue 999999999 cycle');
    // receipt numbers run per year without gaps: the counter row is updated in the confirming transaction
    this.addSql(`create table payments.receipt_counter (
      year integer primary key check (year between 2000 and 9999),
      last_number integer not null check (last_number > 0)
    )`);

    this.addSql(`
      create table payments.payment_session (
        id uuid primary key,
        accrual_id uuid not null references payments.accrual (id),
        status text not null default 'OPEN' check (status in ('OPEN', 'PAID', 'FAILED')),
        created_at timestamptz not null default now(),
        expires_at timestamptz not null,
        transaction_id text,
        closed_at timestamptz,
        check (expires_at > created_at),
        check (status = 'OPEN' or closed_at is not null)
      )`);
    this.addSql('create index payment_session_accrual_idx on payments.payment_session (accrual_id, expires_at desc)');
  }
}

import { Migration } from '@mikro-orm/migrations';
import { seedRunTableSql } from '@portal/kit';

export class Migration20261122000001Initial extends Migration {
  override up(): void {
    this.addSql('create schema if not exists payments');
    this.addSql(seedRunTableSql('payments'));
    // amount_minor is at most 2^31-1 because the API's Money.amountMinor is a GraphQL Int.
    this.addSql(`
      create table payments.accrual (
        id uuid primary key,
        uin text not null unique,
        application_id uuid not null unique,
        payer_id uuid not null,
        payer_pin text not null check (payer_pin ~ '^[0-9]{14}$'),
        amount_minor bigint not null check (amount_minor > 0 and amount_minor <= 2147483647),
        currency text not null default 'KGS' check (currency ~ '^[A-Z]{3}$'),
        purpose_ky text not null,
        purpose_ru text not null,
        budget_code text not null,
        status text not null default 'PENDING' check (status in ('PENDING', 'PAID', 'CANCELLED', 'REFUNDED')),
        created_at timestamptz not null default now(),
        paid_at timestamptz,
        cancelled_at timestamptz,
        check (status not in ('PAID', 'REFUNDED') or paid_at is not null),
        check (status <> 'CANCELLED' or cancelled_at is not null)
      )`);
    this.addSql('create index accrual_payer_idx on payments.accrual (payer_id, created_at desc, id desc)');
    this.addSql(`
      create table payments.receipt (
        number text primary key,
        accrual_id uuid not null unique references payments.accrual (id),
        transaction_id text not null unique,
        paid_at timestamptz not null,
        amount_minor bigint not null check (amount_minor > 0 and amount_minor <= 2147483647)
      )`);
  }
}

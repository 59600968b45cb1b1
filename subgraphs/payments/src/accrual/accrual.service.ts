import type { EntityManager } from '@mikro-orm/postgresql';
import { dateOfColumn, forbidden, isUuid, requireUser, type SubgraphContext, type TimestampColumn } from '@portal/kit';
import type { AccrualStatusCode } from './accrual.rules';
import { canReadAccrual, canReadAccrualsOf, NOT_YOUR_ACCRUAL, NOT_YOUR_ACCRUALS } from './accrual.rules';

/**
 * An accrual with its receipt as the read paths need it (the API's Accrual, the access checks):
 * plain values read in one statement, not managed entities. Readers only read them, and building
 * and tracking an entity per row was most of the cost of an officer's queue page (issue 10).
 * AccrualEntity fits this shape, so changes keep working on entities.
 */
export interface AccrualRecord {
  id: string;
  uin: string;
  applicationId: string;
  providerId: string;
  payerId: string;
  payerPin: string;
  amountMinor: number;
  currency: string;
  purposeKy: string;
  purposeRu: string;
  status: AccrualStatusCode;
  paidAt: Date | null;
  receipt: { number: string; transactionId: string; paidAt: Date; amountMinor: number } | null;
}

interface AccrualRow {
  id: string;
  uin: string;
  application_id: string;
  provider_id: string;
  payer_id: string;
  payer_pin: string;
  amount_minor: string | number;
  currency: string;
  purpose_ky: string;
  purpose_ru: string;
  status: AccrualStatusCode;
  paid_at: TimestampColumn | null;
  receipt_number: string | null;
  receipt_transaction_id: string | null;
  receipt_paid_at: TimestampColumn | null;
  receipt_amount_minor: string | number | null;
}

const ACCRUAL_SELECT = `select a.id, a.uin, a.application_id, a.provider_id, a.payer_id, a.payer_pin, a.amount_minor, a.currency, a.purpose_ky, a.purpose_ru, a.status, a.paid_at,
  r.number as receipt_number, r.transaction_id as receipt_transaction_id, r.paid_at as receipt_paid_at, r.amount_minor as receipt_amount_minor
  from payments.accrual a left join payments.receipt r on r.accrual_id = a.id`;

function accrualOfRow(row: AccrualRow): AccrualRecord {
  return {
    id: row.id,
    uin: row.uin,
    applicationId: row.application_id,
    providerId: row.provider_id,
    payerId: row.payer_id,
    payerPin: row.payer_pin,
    // bigint columns come back as text
    amountMinor: Number(row.amount_minor),
    currency: row.currency,
    purposeKy: row.purpose_ky,
    purposeRu: row.purpose_ru,
    status: row.status,
    paidAt: dateOfColumn(row.paid_at),
    receipt:
      row.receipt_number === null
        ? null
        : { number: row.receipt_number, transactionId: row.receipt_transaction_id!, paidAt: dateOfColumn(row.receipt_paid_at!), amountMinor: Number(row.receipt_amount_minor) },
  };
}

const wantedIds = (keys: readonly string[]) => `{${[...new Set(keys.filter(isUuid).map((key) => key.toLowerCase()))].join(',')}}`;

/** Loads accruals by one uuid column in one statement, in the order of the keys (null where none). */
async function accrualsBy(em: EntityManager, column: 'id' | 'application_id', keys: readonly string[]): Promise<Array<AccrualRecord | null>> {
  const wanted = wantedIds(keys);
  const rows = wanted === '{}' ? [] : await em.execute<AccrualRow[]>(`${ACCRUAL_SELECT} where a.${column} = any(?::uuid[])`, [wanted]);
  const byKey = new Map(rows.map((row) => [row[column], accrualOfRow(row)]));
  return keys.map((key) => byKey.get(key.toLowerCase()) ?? null);
}

async function accrualsByPayer(em: EntityManager, payerIds: readonly string[]): Promise<AccrualRecord[][]> {
  const wanted = wantedIds(payerIds);
  const rows = wanted === '{}' ? [] : await em.execute<AccrualRow[]>(`${ACCRUAL_SELECT} where a.payer_id = any(?::uuid[]) order by a.created_at desc, a.id desc`, [wanted]);
  const byPayer = new Map<string, AccrualRecord[]>();
  for (const row of rows) {
    const list = byPayer.get(row.payer_id);
    if (list) list.push(accrualOfRow(row));
    else byPayer.set(row.payer_id, [accrualOfRow(row)]);
  }
  return payerIds.map((id) => byPayer.get(id.toLowerCase()) ?? []);
}

/** One accrual by id for its payer or an officer of its provider: null when unknown, FORBIDDEN for anyone else. */
export async function readableAccrual(ctx: SubgraphContext, id: string): Promise<AccrualRecord | null> {
  const caller = requireUser(ctx);
  const accrual = await ctx.loaders.get('accrualById', (ids: readonly string[]) => accrualsBy(ctx.em, 'id', ids)).load(id);
  if (!accrual) return null;
  if (!canReadAccrual(caller, accrual)) throw forbidden(NOT_YOUR_ACCRUAL);
  return accrual;
}

/** The accrual of an application (Application.accrual): null when it has none; same readers as above. */
export async function accrualOfApplication(ctx: SubgraphContext, applicationId: string): Promise<AccrualRecord | null> {
  const caller = requireUser(ctx);
  const accrual = await ctx.loaders
    .get('accrualByApplication', (ids: readonly string[]) => accrualsBy(ctx.em, 'application_id', ids))
    .load(applicationId);
  if (!accrual) return null;
  if (!canReadAccrual(caller, accrual)) throw forbidden(NOT_YOUR_ACCRUAL);
  return accrual;
}

/** Every accrual of a user, newest first; only the user may read them. */
export async function accrualsOfUser(ctx: SubgraphContext, userId: string): Promise<AccrualRecord[]> {
  const caller = requireUser(ctx);
  if (!canReadAccrualsOf(caller, userId)) throw forbidden(NOT_YOUR_ACCRUALS);
  return ctx.loaders.get('accrualsByPayer', (ids: readonly string[]) => accrualsByPayer(ctx.em, ids)).load(userId);
}

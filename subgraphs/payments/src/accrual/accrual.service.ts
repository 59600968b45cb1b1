import type { EntityManager } from '@mikro-orm/postgresql';
import { forbidden, isUuid, requireUser, type SubgraphContext } from '@portal/kit';
import { AccrualEntity } from './accrual.entity';
import { canReadAccrual, canReadAccrualsOf, NOT_YOUR_ACCRUAL, NOT_YOUR_ACCRUALS } from './accrual.rules';

const RECEIPT = ['receipt'] as const;

/** Loads accruals by one uuid column in one query, in the order of the keys (null where none). */
async function accrualsBy(em: EntityManager, column: 'id' | 'applicationId', keys: readonly string[]): Promise<Array<AccrualEntity | null>> {
  const wanted = [...new Set(keys.filter(isUuid).map((key) => key.toLowerCase()))];
  const rows = wanted.length === 0 ? [] : await em.find(AccrualEntity, { [column]: { $in: wanted } }, { populate: RECEIPT });
  const byKey = new Map(rows.map((row) => [row[column], row]));
  return keys.map((key) => byKey.get(key.toLowerCase()) ?? null);
}

async function accrualsByPayer(em: EntityManager, payerIds: readonly string[]): Promise<AccrualEntity[][]> {
  const wanted = payerIds.filter(isUuid).map((id) => id.toLowerCase());
  const rows =
    wanted.length === 0
      ? []
      : await em.find(AccrualEntity, { payerId: { $in: [...new Set(wanted)] } }, { populate: RECEIPT, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] });
  const byPayer = new Map<string, AccrualEntity[]>();
  for (const row of rows) byPayer.set(row.payerId, [...(byPayer.get(row.payerId) ?? []), row]);
  return payerIds.map((id) => byPayer.get(id.toLowerCase()) ?? []);
}

/** One accrual by id for its payer or an officer of its provider: null when unknown, FORBIDDEN for anyone else. */
export async function readableAccrual(ctx: SubgraphContext, id: string): Promise<AccrualEntity | null> {
  const caller = requireUser(ctx);
  const accrual = await ctx.loaders.get('accrualById', (ids: readonly string[]) => accrualsBy(ctx.em, 'id', ids)).load(id);
  if (!accrual) return null;
  if (!canReadAccrual(caller, accrual)) throw forbidden(NOT_YOUR_ACCRUAL);
  return accrual;
}

/** The accrual of an application (Application.accrual): null when it has none; same readers as above. */
export async function accrualOfApplication(ctx: SubgraphContext, applicationId: string): Promise<AccrualEntity | null> {
  const caller = requireUser(ctx);
  const accrual = await ctx.loaders
    .get('accrualByApplication', (ids: readonly string[]) => accrualsBy(ctx.em, 'applicationId', ids))
    .load(applicationId);
  if (!accrual) return null;
  if (!canReadAccrual(caller, accrual)) throw forbidden(NOT_YOUR_ACCRUAL);
  return accrual;
}

/** Every accrual of a user, newest first; only the user may read them. */
export async function accrualsOfUser(ctx: SubgraphContext, userId: string): Promise<AccrualEntity[]> {
  const caller = requireUser(ctx);
  if (!canReadAccrualsOf(caller, userId)) throw forbidden(NOT_YOUR_ACCRUALS);
  return ctx.loaders.get('accrualsByPayer', (ids: readonly string[]) => accrualsByPayer(ctx.em, ids)).load(userId);
}

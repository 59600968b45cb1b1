import type { EntityManager } from '@mikro-orm/postgresql';
import { forbidden, type SubgraphContext, requireUser } from '@portal/kit';
import { isUuid } from '@portal/kit';
import { AccrualEntity } from './accrual.entity';
import { NOT_YOUR_ACCRUALS, canReadAccrualsOf } from './accrual.rules';

const RECEIPT = ['receipt'] as const;

async function accrualsById(em: EntityManager, ids: readonly string[]): Promise<Array<AccrualEntity | null>> {
  const wanted = ids.filter(isUuid).map((id) => id.toLowerCase());
  const rows = wanted.length === 0 ? [] : await em.find(AccrualEntity, { id: { $in: [...new Set(wanted)] } }, { populate: RECEIPT });
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => byId.get(id.toLowerCase()) ?? null);
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

/** One accrual by id for the signed-in payer: null when unknown, FORBIDDEN when someone else's. */
export async function readableAccrual(ctx: SubgraphContext, id: string): Promise<AccrualEntity | null> {
  const caller = requireUser(ctx);
  const accrual = await ctx.loaders.get('accrualById', (ids: readonly string[]) => accrualsById(ctx.em, ids)).load(id);
  if (!accrual) return null;
  if (!canReadAccrualsOf(caller, accrual.payerId)) throw forbidden(NOT_YOUR_ACCRUALS);
  return accrual;
}

/** Every accrual of a user, newest first; only the user may read them. */
export async function accrualsOfUser(ctx: SubgraphContext, userId: string): Promise<AccrualEntity[]> {
  const caller = requireUser(ctx);
  if (!canReadAccrualsOf(caller, userId)) throw forbidden(NOT_YOUR_ACCRUALS);
  return ctx.loaders.get('accrualsByPayer', (ids: readonly string[]) => accrualsByPayer(ctx.em, ids)).load(userId);
}

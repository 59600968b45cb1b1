import type { SubgraphContext } from '@portal/kit';
import { RefundEntity } from './refund.entity';

/** The refund of an accrual, batched per request; the caller has already passed the accrual's read check. */
export function refundOfAccrual(ctx: SubgraphContext, accrualId: string): Promise<RefundEntity | null> {
  return ctx.loaders
    .get('refundByAccrual', async (ids: readonly string[]) => {
      const rows = await ctx.em.find(RefundEntity, { accrualId: { $in: [...new Set(ids)] } });
      const byAccrual = new Map(rows.map((row) => [row.accrualId, row]));
      return ids.map((id) => byAccrual.get(id) ?? null);
    })
    .load(accrualId);
}

import type { ReferenceResolvers } from '@portal/kit';
import type { PaymentsContext } from '../context';
import { readableAccrual } from './accrual.service';
import { Accrual } from './accrual.type';

/** Accrual references (e.g. from Application.accrual) load through the per-request DataLoader. */
export const accrualReference: ReferenceResolvers = {
  Accrual: {
    __resolveReference: async (reference: { id: string }, ctx: PaymentsContext) => {
      const accrual = await readableAccrual(ctx, reference.id);
      return accrual ? Accrual.from(accrual) : null;
    },
  },
};

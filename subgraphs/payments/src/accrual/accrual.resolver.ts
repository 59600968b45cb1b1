import { Language, localize, resolveLanguage } from '@portal/kit';
import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import type { PaymentsContext } from '../context';
import { readableAccrual } from './accrual.service';
import { Accrual } from './accrual.type';

@Resolver(() => Accrual)
export class AccrualResolver {
  @Query(() => Accrual, { nullable: true, description: "One of the signed-in user's accruals; null when there is no such accrual." })
  async accrual(@Arg('id', () => ID) id: string, @Ctx() ctx: PaymentsContext): Promise<Accrual | null> {
    const accrual = await readableAccrual(ctx, id);
    return accrual ? Accrual.from(accrual) : null;
  }

  @FieldResolver(() => String, { description: 'What the fee is for.' })
  purpose(
    @Root() accrual: Accrual,
    @Ctx() ctx: PaymentsContext,
    @Arg('lang', () => Language, { nullable: true }) lang?: Language | null,
  ): string {
    return localize(accrual.purposeText, resolveLanguage(ctx.caller, lang));
  }
}

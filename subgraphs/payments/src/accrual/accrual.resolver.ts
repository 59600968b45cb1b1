import { Language, localize, recordPersonalDataRead, resolveLanguage } from '@portal/kit';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, FieldResolver, ID, Info, Query, Resolver, Root } from 'type-graphql';
import { Application } from '../application/application.type';
import type { PaymentsContext } from '../context';
import { readableAccrual } from './accrual.service';
import { Accrual } from './accrual.type';

@Resolver(() => Accrual)
export class AccrualResolver {
  @Query(() => Accrual, {
    nullable: true,
    description: "An accrual of the signed-in payer, or of an application of the officer's provider; null when there is no such accrual.",
  })
  async accrual(@Arg('id', () => ID) id: string, @Ctx() ctx: PaymentsContext): Promise<Accrual | null> {
    const accrual = await readableAccrual(ctx, id);
    return accrual ? Accrual.from(accrual) : null;
  }

  @FieldResolver(() => String)
  async payerId(@Root() accrual: Accrual, @Ctx() ctx: PaymentsContext, @Info() info: GraphQLResolveInfo): Promise<string> {
    await recordPersonalDataRead(ctx, { subjectUserId: accrual.payerUserId, fields: ['accrual.payerId'], applicationId: accrual.applicationId }, info);
    return accrual.payerId;
  }

  @FieldResolver(() => String, { description: 'What the fee is for.' })
  purpose(
    @Root() accrual: Accrual,
    @Ctx() ctx: PaymentsContext,
    @Arg('lang', () => Language, { nullable: true }) lang?: Language | null,
  ): string {
    return localize(accrual.purposeText, resolveLanguage(ctx.caller, lang));
  }

  @FieldResolver(() => Application, { description: 'The application the fee is for.' })
  application(@Root() accrual: Accrual): Application {
    return Application.ref(accrual.applicationId);
  }
}

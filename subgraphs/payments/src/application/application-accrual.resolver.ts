import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { accrualOfApplication } from '../accrual/accrual.service';
import { Accrual } from '../accrual/accrual.type';
import type { PaymentsContext } from '../context';
import { Application } from './application.type';

@Resolver(() => Application)
export class ApplicationAccrualResolver {
  @FieldResolver(() => Accrual, {
    nullable: true,
    description: "The fee of the application, once it is due; null for free services. For the applicant and the provider's officers.",
  })
  async accrual(@Root() application: Application, @Ctx() ctx: PaymentsContext): Promise<Accrual | null> {
    const accrual = await accrualOfApplication(ctx, application.id);
    return accrual ? Accrual.from(accrual) : null;
  }
}

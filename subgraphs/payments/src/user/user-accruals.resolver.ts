import { listSize } from '@portal/kit';
import { Ctx, Directive, FieldResolver, Resolver, Root } from 'type-graphql';
import { accrualsOfUser } from '../accrual/accrual.service';
import { Accrual } from '../accrual/accrual.type';
import type { PaymentsContext } from '../context';
import { User } from './user.type';

@Resolver(() => User)
export class UserAccrualsResolver {
  @Directive(listSize(20))
  @FieldResolver(() => [Accrual], { description: "The user's accruals, newest first; only the user may read them." })
  async accruals(@Root() user: User, @Ctx() ctx: PaymentsContext): Promise<Accrual[]> {
    const accruals = await accrualsOfUser(ctx, user.id);
    return accruals.map((accrual) => Accrual.from(accrual));
  }
}

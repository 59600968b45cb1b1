import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import { Accrual } from '../accrual/accrual.type';
import type { PaymentsContext } from '../context';
import { PaymentSession } from './payment-session.type';
import { startPayment } from './payment.service';

@Resolver(() => PaymentSession)
export class PaymentResolver {
  @Mutation(() => PaymentSession, {
    description: "Hands the payer to the State Electronic Payment System for a pending accrual; only the payer may. Pressing it again within the session's time gives the same session.",
  })
  async startPayment(@Arg('accrualId', () => ID) accrualId: string, @Ctx() ctx: PaymentsContext): Promise<PaymentSession> {
    const { accrual, session } = await startPayment(ctx, accrualId);
    return Object.assign(new PaymentSession(), {
      accrual: Accrual.from(accrual),
      paymentUrl: ctx.paymentSystem.pageUrl(session.id),
      expiresAt: session.expiresAt,
    });
  }
}

import { Language, localize, PERSONAL_DATA_DIRECTIVE, recordPersonalDataRead, resolveLanguage } from '@portal/kit';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, Directive, FieldResolver, ID, Info, Mutation, Resolver, Root } from 'type-graphql';
import { Accrual } from '../accrual/accrual.type';
import type { PaymentsContext } from '../context';
import type { ReceiptFileFormat } from '../receipt/receipt-link.rules';
import { ReceiptFormat } from '../receipt/receipt.type';
import { refundOfAccrual } from './refund.loader';
import { requestRefundByOfficer } from './refund.service';
import { Refund, RefundReceipt } from './refund.type';

/** Accrual.refund: read through the accrual, so exactly its readers (the payer, the provider's officers) see it. */
@Resolver(() => Accrual)
export class AccrualRefundResolver {
  @FieldResolver(() => Refund, { nullable: true, description: 'The refund of the fee, once one was requested (withdrawn, or refused where the standard returns the fee).' })
  async refund(@Root() accrual: Accrual, @Ctx() ctx: PaymentsContext): Promise<Refund | null> {
    const refund = await refundOfAccrual(ctx, accrual.id);
    return refund ? Refund.from(refund, { uin: accrual.uin, currency: accrual.amount.currency, payerUserId: accrual.payerUserId, applicationId: accrual.applicationId }) : null;
  }

  @Mutation(() => Accrual, {
    description:
      "Provider officer: returns a paid fee of the provider's application by hand (e.g. paid twice). The same request again returns the refund that exists; an unpaid accrual or a second refund is refused (CONFLICT).",
  })
  async requestRefund(@Arg('accrualId', () => ID) accrualId: string, @Arg('reason') reason: string, @Ctx() ctx: PaymentsContext): Promise<Accrual> {
    return Accrual.from(await requestRefundByOfficer(ctx, accrualId, reason));
  }
}

@Resolver(() => Refund)
export class RefundResolver {
  @FieldResolver(() => String, { description: 'Why the fee was returned.' })
  reason(@Root() refund: Refund, @Ctx() ctx: PaymentsContext, @Arg('lang', () => Language, { nullable: true }) lang?: Language | null): string {
    return localize(refund.reasonText, resolveLanguage(ctx.caller, lang));
  }
}

@Resolver(() => RefundReceipt)
export class RefundReceiptResolver {
  @Directive(PERSONAL_DATA_DIRECTIVE)
  @FieldResolver(() => String, { description: "A copy of the refund receipt (it names the payer) at the gateway's origin: the printable page, the accessible PDF or JSON; the link works for 15 minutes." })
  async downloadUrl(
    @Root() receipt: RefundReceipt,
    @Arg('format', () => ReceiptFormat, { defaultValue: ReceiptFormat.HTML }) format: ReceiptFormat,
    @Arg('lang', () => Language, { nullable: true, description: "The receipt's language (default: the caller's)." }) lang: Language | null,
    @Ctx() ctx: PaymentsContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<string> {
    await recordPersonalDataRead(ctx, { subjectUserId: receipt.payerUserId, fields: ['refundReceipt.downloadUrl'], applicationId: receipt.applicationId }, info);
    return ctx.receiptLinks.urlFor(receipt.number, resolveLanguage(ctx.caller, lang), new Date(), format.toLowerCase() as ReceiptFileFormat);
  }
}

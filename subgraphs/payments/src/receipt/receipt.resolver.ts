import { Language, PERSONAL_DATA_DIRECTIVE, recordPersonalDataRead, resolveLanguage } from '@portal/kit';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, Directive, FieldResolver, Info, Resolver, Root } from 'type-graphql';
import type { PaymentsContext } from '../context';
import type { ReceiptFileFormat } from './receipt-link.rules';
import { Receipt, ReceiptFormat } from './receipt.type';

@Resolver(() => Receipt)
export class ReceiptResolver {
  @FieldResolver(() => String)
  async payerId(@Root() receipt: Receipt, @Ctx() ctx: PaymentsContext, @Info() info: GraphQLResolveInfo): Promise<string> {
    await recordPersonalDataRead(ctx, { subjectUserId: receipt.payerUserId, fields: ['receipt.payerId'], applicationId: receipt.applicationId }, info);
    return receipt.payerId;
  }

  @Directive(PERSONAL_DATA_DIRECTIVE)
  @FieldResolver(() => String, { description: "A copy of the receipt at the gateway's origin: the printable page, the accessible PDF or JSON; the link works for 15 minutes." })
  async downloadUrl(
    @Root() receipt: Receipt,
    @Arg('format', () => ReceiptFormat, { defaultValue: ReceiptFormat.HTML }) format: ReceiptFormat,
    @Arg('lang', () => Language, { nullable: true, description: "The receipt's language (default: the caller's)." }) lang: Language | null,
    @Ctx() ctx: PaymentsContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<string> {
    await recordPersonalDataRead(ctx, { subjectUserId: receipt.payerUserId, fields: ['receipt.downloadUrl'], applicationId: receipt.applicationId }, info);
    return ctx.receiptLinks.urlFor(receipt.number, resolveLanguage(ctx.caller, lang), new Date(), format.toLowerCase() as ReceiptFileFormat);
  }
}

import { PERSONAL_DATA_DIRECTIVE, recordPersonalDataRead, resolveLanguage } from '@portal/kit';
import type { GraphQLResolveInfo } from 'graphql';
import { Ctx, Directive, FieldResolver, Info, Resolver, Root } from 'type-graphql';
import type { PaymentsContext } from '../context';
import { Receipt } from './receipt.type';

@Resolver(() => Receipt)
export class ReceiptResolver {
  @FieldResolver(() => String)
  async payerId(@Root() receipt: Receipt, @Ctx() ctx: PaymentsContext, @Info() info: GraphQLResolveInfo): Promise<string> {
    await recordPersonalDataRead(ctx, { subjectUserId: receipt.payerUserId, fields: ['receipt.payerId'], applicationId: receipt.applicationId }, info);
    return receipt.payerId;
  }

  @Directive(PERSONAL_DATA_DIRECTIVE)
  @FieldResolver(() => String, { description: 'A printable copy of the receipt; the link works for 15 minutes.' })
  async downloadUrl(@Root() receipt: Receipt, @Ctx() ctx: PaymentsContext, @Info() info: GraphQLResolveInfo): Promise<string> {
    await recordPersonalDataRead(ctx, { subjectUserId: receipt.payerUserId, fields: ['receipt.downloadUrl'], applicationId: receipt.applicationId }, info);
    return ctx.receiptLinks.urlFor(receipt.number, resolveLanguage(ctx.caller));
  }
}

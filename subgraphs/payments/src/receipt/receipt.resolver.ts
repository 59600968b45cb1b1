import { resolveLanguage } from '@portal/kit';
import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { PaymentsContext } from '../context';
import { Receipt } from './receipt.type';

@Resolver(() => Receipt)
export class ReceiptResolver {
  @FieldResolver(() => String, { description: 'A printable copy of the receipt; the link works for 15 minutes.' })
  downloadUrl(@Root() receipt: Receipt, @Ctx() ctx: PaymentsContext): string {
    return ctx.receiptLinks.urlFor(receipt.number, resolveLanguage(ctx.caller));
  }
}

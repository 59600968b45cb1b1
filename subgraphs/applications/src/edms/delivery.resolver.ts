import { listSize, requireUser } from '@portal/kit';
import { Arg, Ctx, Directive, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { Application } from '../application/application.type';
import type { ApplicationsContext } from '../context';
import { applicationNumberLoader, deliveryLoader, deliveryVisibility, listOverdueDeliveries } from './delivery.service';
import { ProviderDelivery } from './delivery.type';

/** Application.providerDelivery and the list of overdue deliveries: thin, the service decides. */
@Resolver(() => Application)
export class ApplicationDeliveryResolver {
  @FieldResolver(() => ProviderDelivery, {
    nullable: true,
    description: "Set when the provider is served through its EDMS: the delivery's state (the operator and the provider's officers also see the last error).",
  })
  async providerDelivery(@Root() application: Application, @Ctx() ctx: ApplicationsContext): Promise<ProviderDelivery | null> {
    const visibility = deliveryVisibility(requireUser(ctx), application.record);
    if (visibility === 'NONE') return null;
    const row = await deliveryLoader(ctx).load(application.id);
    return row ? ProviderDelivery.from(row, { now: ctx.runtime.now(), overdueMs: ctx.runtime.edms.overdueMs, showError: visibility === 'FULL' }) : null;
  }
}

@Resolver(() => ProviderDelivery)
export class ProviderDeliveryResolver {
  @Directive(listSize(100))
  @Query(() => [ProviderDelivery], {
    description: "OPERATOR (all) or PROVIDER_OFFICER (their provider's): deliveries to EDMS not acknowledged within the overdue time, oldest first.",
  })
  async overdueProviderDeliveries(@Ctx() ctx: ApplicationsContext, @Arg('first', () => Int, { nullable: true }) first?: number | null): Promise<ProviderDelivery[]> {
    const rows = await listOverdueDeliveries(ctx, first);
    return rows.map((row) => ProviderDelivery.from(row, { now: ctx.runtime.now(), overdueMs: ctx.runtime.edms.overdueMs, showError: true }));
  }

  @FieldResolver(() => String, { nullable: true, description: "The delivered application's registration number." })
  applicationNumber(@Root() delivery: ProviderDelivery, @Ctx() ctx: ApplicationsContext): Promise<string | null> {
    return applicationNumberLoader(ctx).load(delivery.applicationId);
  }
}

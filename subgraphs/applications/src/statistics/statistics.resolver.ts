import { listSize, resolveLanguage } from '@portal/kit';
import { Arg, Ctx, Directive, ID, Query, Resolver } from 'type-graphql';
import type { ApplicationsContext } from '../context';
import { Service } from '../service/service.type';
import { MAX_STATISTICS_MONTHS, type ServiceMonthFigures } from './statistics.rules';
import { serviceStatistics, statisticsFilterOf } from './statistics.service';
import { ServiceStatistics } from './statistics.type';

/** The cost estimator's guess for the list: a year of months for a handful of services. */
const ASSUMED_STATISTICS_ROWS = 60;

export function statisticsType(figures: ServiceMonthFigures): ServiceStatistics {
  const { serviceId, ...rest } = figures;
  return Object.assign(new ServiceStatistics(), { ...rest, service: Service.of(serviceId) });
}

/** Query.serviceStatistics: public like all information about services (S-21, L-12): no sign-in. */
@Resolver(() => ServiceStatistics)
export class ServiceStatisticsResolver {
  @Query(() => [ServiceStatistics], {
    description: `Open data (L-12), public: per service, provider and month, what was received, accepted, rejected at intake, approved and refused, processing time in working days, the share overdue and the average rating. Months as YYYY-MM (Bishkek); default the last 12 months; at most ${MAX_STATISTICS_MONTHS} months at once.`,
  })
  @Directive(listSize(ASSUMED_STATISTICS_ROWS))
  async serviceStatistics(
    @Arg('serviceId', () => ID, { nullable: true }) serviceId: string | null,
    @Arg('providerId', () => ID, { nullable: true }) providerId: string | null,
    @Arg('fromMonth', () => String, { nullable: true }) fromMonth: string | null,
    @Arg('toMonth', () => String, { nullable: true }) toMonth: string | null,
    @Ctx() ctx: ApplicationsContext,
  ): Promise<ServiceStatistics[]> {
    const filter = statisticsFilterOf({ serviceId, providerId, fromMonth, toMonth }, ctx.runtime.now(), resolveLanguage(ctx.caller));
    const rows = await serviceStatistics(ctx.em, filter);
    return rows.map(statisticsType);
  }
}

import { notFound } from '@portal/kit';
import { Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import type { ApplicationsContext } from '../context';
import { latestServiceVersionLoader } from '../projection/projection.service';
import { Service } from './service.type';

@Resolver(() => Service)
export class ServiceVersionResolver {
  // no description: the catalog owns the field's meaning (the version of the standard the object shows)
  @FieldResolver(() => Int)
  async version(@Root() service: Service, @Ctx() ctx: ApplicationsContext): Promise<number> {
    if (service.version !== null && service.version !== undefined) return service.version;
    const latest = await latestServiceVersionLoader(ctx).load(service.id);
    if (!latest) throw notFound(`Service ${service.id} has no published version known to the applications service.`);
    return latest.version;
  }
}

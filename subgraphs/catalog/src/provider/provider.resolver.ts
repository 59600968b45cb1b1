import { Language, type SubgraphContext, listSize } from '@portal/kit';
import { Arg, Ctx, Directive, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { localized } from '../common/language';
import { providerServicesLoader } from '../service/service.service';
import { ServiceType } from '../service/service.type';
import { listProviders } from './provider.service';
import { ProviderType, toProviderType } from './provider.type';

@Resolver(() => ProviderType)
export class ProviderResolver {
  @Directive(listSize(50))
  @Query(() => [ProviderType], { description: 'Every provider, by code. Public.' })
  async providers(@Ctx() ctx: SubgraphContext): Promise<ProviderType[]> {
    return (await listProviders(ctx.em)).map(toProviderType);
  }

  @FieldResolver(() => String)
  name(
    @Root() provider: ProviderType,
    @Ctx() ctx: SubgraphContext,
    @Arg('lang', () => Language, { nullable: true }) lang?: Language | null,
  ): string {
    return localized(ctx, provider.name, lang);
  }

  @Directive(listSize(50))
  @FieldResolver(() => [ServiceType], { description: "The provider's services in their current versions, by code." })
  services(@Root() provider: ProviderType, @Ctx() ctx: SubgraphContext): Promise<ServiceType[]> {
    return providerServicesLoader(ctx).load(provider.id);
  }
}

import { JSONScalar, Language, type SubgraphContext, listSize } from '@portal/kit';
import { Arg, Ctx, Directive, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { localized } from '../common/language';
import type { CatalogContext } from '../context';
import { providerServicesLoader } from '../service/service.service';
import { ServiceType } from '../service/service.type';
import { configureProviderAppealBody, configureProviderEdms, configureProviderPortal, listProviders, providerLoader } from './provider.service';
import { ProviderType, toProviderType } from './provider.type';

@Resolver(() => ProviderType)
export class ProviderResolver {
  @Directive(listSize(50))
  @Query(() => [ProviderType], { description: 'Every provider, by code. Public.' })
  async providers(@Ctx() ctx: SubgraphContext): Promise<ProviderType[]> {
    return (await listProviders(ctx.em)).map(toProviderType);
  }

  @Mutation(() => ProviderType, {
    description:
      "OPERATOR: serves the provider through its document management system: submitted applications are delivered, signed by the portal, to endpointUrl (https), and the EDMS's signed status updates are verified with publicKeyJwk (public EC P-256, RSA or Ed25519 JWK).",
  })
  async configureProviderEdms(
    @Ctx() ctx: CatalogContext,
    @Arg('providerId', () => ID) providerId: string,
    @Arg('endpointUrl') endpointUrl: string,
    @Arg('publicKeyJwk', () => JSONScalar) publicKeyJwk: unknown,
  ): Promise<ProviderType> {
    return toProviderType(await configureProviderEdms(ctx, providerId, endpointUrl, publicKeyJwk));
  }

  @Mutation(() => ProviderType, { description: "OPERATOR: the provider's officers work in the portal's cabinet again (channel PORTAL); applications delivered before stay delivered." })
  async configureProviderPortal(@Ctx() ctx: CatalogContext, @Arg('providerId', () => ID) providerId: string): Promise<ProviderType> {
    return toProviderType(await configureProviderPortal(ctx, providerId));
  }

  @Mutation(() => ProviderType, {
    description:
      'OPERATOR: names the higher body (another provider) that answers complaints about this provider\'s decisions, actions and inaction (R-37, R-38), as its service standards state; null clears it. Complaints filed meanwhile are registered with it.',
  })
  async configureProviderAppealBody(
    @Ctx() ctx: CatalogContext,
    @Arg('providerId', () => ID) providerId: string,
    @Arg('appealBodyId', () => ID, { nullable: true }) appealBodyId: string | null,
  ): Promise<ProviderType> {
    return toProviderType(await configureProviderAppealBody(ctx, providerId, appealBodyId ?? null));
  }

  @FieldResolver(() => ProviderType, { nullable: true, description: 'The higher body that answers complaints about this provider (R-37, R-38); public. Null while none is named.' })
  async appealBody(@Root() provider: ProviderType, @Ctx() ctx: SubgraphContext): Promise<ProviderType | null> {
    if (!provider.appealBodyId) return null;
    const body = await providerLoader(ctx).load(provider.appealBodyId);
    return body ? toProviderType(body) : null;
  }

  @FieldResolver(() => String)
  name(
    @Root() provider: ProviderType,
    @Ctx() ctx: SubgraphContext,
    @Arg('lang', () => Language, { nullable: true }) lang?: Language | null,
  ): string {
    return localized(ctx, provider.name, lang);
  }

  @FieldResolver(() => String, { nullable: true, description: 'OPERATOR only (null for others): where applications are delivered when the channel is EDMS.' })
  edmsEndpointUrl(@Root() provider: ProviderType, @Ctx() ctx: SubgraphContext): string | null {
    return ctx.caller.roles.includes('OPERATOR') ? provider.edmsEndpointUrl : null;
  }

  @Directive(listSize(50))
  @FieldResolver(() => [ServiceType], { description: "The provider's services in their current versions, by code." })
  services(@Root() provider: ProviderType, @Ctx() ctx: SubgraphContext): Promise<ServiceType[]> {
    return providerServicesLoader(ctx).load(provider.id);
  }
}

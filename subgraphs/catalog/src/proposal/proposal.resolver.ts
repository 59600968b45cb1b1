import { Language, type SubgraphContext, CONNECTION_LIST_SIZE } from '@portal/kit';
import { Arg, Ctx, Directive, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { localized } from '../common/language';
import { providerLoader } from '../provider/provider.service';
import { ProviderType, toProviderType } from '../provider/provider.type';
import { currentServiceLoader } from '../service/service.service';
import { ServiceType } from '../service/service.type';
import { ServiceChangeInput } from './proposal.inputs';
import { listProposals, proposeServiceChange, publishServiceChange, rejectServiceChange } from './proposal.service';
import {
  ServiceChangeProposalConnectionType,
  ServiceChangeProposalType,
  ServiceChangeStatus,
  toProposalType,
} from './proposal.type';

@Resolver(() => ServiceChangeProposalType)
export class ProposalResolver {
  @Mutation(() => ServiceChangeProposalType, {
    description: "Proposes a change to a service, or a new service. PROVIDER_OFFICER of the service's provider, or OPERATOR.",
  })
  async proposeServiceChange(
    @Ctx() ctx: SubgraphContext,
    @Arg('input', () => ServiceChangeInput) input: ServiceChangeInput,
  ): Promise<ServiceChangeProposalType> {
    return toProposalType(await proposeServiceChange(ctx, input));
  }

  @Mutation(() => ServiceType, { description: "Publishes a pending proposal as the service's next version. OPERATOR." })
  publishServiceChange(@Ctx() ctx: SubgraphContext, @Arg('proposalId', () => ID) proposalId: string): Promise<ServiceType> {
    return publishServiceChange(ctx, proposalId);
  }

  @Mutation(() => ServiceChangeProposalType, { description: 'Rejects a pending proposal, telling the provider why. OPERATOR.' })
  async rejectServiceChange(
    @Ctx() ctx: SubgraphContext,
    @Arg('proposalId', () => ID) proposalId: string,
    @Arg('reason') reason: string,
  ): Promise<ServiceChangeProposalType> {
    return toProposalType(await rejectServiceChange(ctx, proposalId, reason));
  }

  @Directive(CONNECTION_LIST_SIZE)
  @Query(() => ServiceChangeProposalConnectionType, {
    description: "Proposals, newest first: all for an OPERATOR, their provider's for a PROVIDER_OFFICER.",
  })
  async serviceChangeProposals(
    @Ctx() ctx: SubgraphContext,
    @Arg('status', () => ServiceChangeStatus, { nullable: true }) status?: ServiceChangeStatus | null,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<ServiceChangeProposalConnectionType> {
    const page = await listProposals(ctx, status, first, after);
    const edges = page.proposals.map(({ cursor, proposal }) => ({ cursor, node: toProposalType(proposal) }));
    return {
      edges,
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.length > 0 ? edges[edges.length - 1].cursor : null },
      totalCount: page.totalCount,
    };
  }

  @FieldResolver(() => String, { description: 'The proposed title.' })
  title(
    @Root() proposal: ServiceChangeProposalType,
    @Ctx() ctx: SubgraphContext,
    @Arg('lang', () => Language, { nullable: true }) lang?: Language | null,
  ): string {
    return localized(ctx, proposal.title, lang);
  }

  @FieldResolver(() => ServiceType, { nullable: true, description: 'The service in its current version; null for a new service not yet published.' })
  service(@Root() proposal: ServiceChangeProposalType, @Ctx() ctx: SubgraphContext): Promise<ServiceType | null> | null {
    return proposal.serviceId === null ? null : currentServiceLoader(ctx).load(proposal.serviceId);
  }

  @FieldResolver(() => ProviderType)
  async provider(@Root() proposal: ServiceChangeProposalType, @Ctx() ctx: SubgraphContext): Promise<ProviderType> {
    const provider = await providerLoader(ctx).load(proposal.providerId);
    if (!provider) throw new Error(`proposal ${proposal.id} refers to missing provider ${proposal.providerId}`);
    return toProviderType(provider);
  }
}

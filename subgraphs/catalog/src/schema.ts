import { buildFederatedSchema } from '@portal/kit';
import type { GraphQLSchema } from 'graphql';
import { ProposalResolver } from './proposal/proposal.resolver';
import { providerReferenceResolvers } from './provider/provider.reference';
import { ProviderResolver } from './provider/provider.resolver';
import { SearchResolver } from './search/search.resolver';
import { serviceReferenceResolvers } from './service/service.reference';
import {
  FormFieldResolver,
  FormOptionResolver,
  FormStepResolver,
  RequiredDocumentResolver,
  ServiceCategoryResolver,
  ServiceReceptionResolver,
  ServiceResolver,
} from './service/service.resolver';

/** The catalog subgraph's Federation 2 schema; needs no database. */
export function buildCatalogSchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema(
    {
      resolvers: [
        SearchResolver,
        ServiceResolver,
        RequiredDocumentResolver,
        FormStepResolver,
        FormFieldResolver,
        FormOptionResolver,
        ServiceCategoryResolver,
        ServiceReceptionResolver,
        ProviderResolver,
        ProposalResolver,
      ],
    },
    { ...serviceReferenceResolvers, ...providerReferenceResolvers },
  );
}

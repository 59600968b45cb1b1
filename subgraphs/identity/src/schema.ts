import { DateTimeScalar, buildFederatedSchema } from '@portal/kit';
import type { GraphQLSchema } from 'graphql';
import { AccountResolver } from './account/account.resolver';
import type { IdentityContext } from './context';
import { DataAccessResolver } from './data-access/data-access.resolver';
import { NationalIdResolver } from './national-id/national-id.resolver';
import { RegistryResolver } from './registry/registry.resolver';
import { SessionResolver } from './session/session.resolver';
import { SigningKeyResolver, UserSigningKeysResolver } from './signing-key/signing-key.resolver';
import { userReferenceResolver } from './user/user.reference';
import { UserResolver } from './user/user.resolver';
import { ProviderReference } from './user/user.type';

/** The identity subgraph schema; needs no database or configuration (composition builds it too). */
export function buildIdentitySchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema(
    {
      resolvers: [UserResolver, AccountResolver, SessionResolver, SigningKeyResolver, UserSigningKeysResolver, NationalIdResolver, DataAccessResolver, RegistryResolver],
      orphanedTypes: [ProviderReference],
      scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    },
    {
      User: userReferenceResolver,
      SigningKey: {
        __resolveReference: (reference: { id: string }, ctx: IdentityContext) => ctx.identity.signingKeys.readReference(ctx, reference.id),
      },
    } as never,
  );
}

import { printSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLField, GraphQLObjectType, GraphQLSchema } from 'graphql';
import { buildIdentitySchema } from './schema';

/** `name(arg: Type, …): Type` of a field, arguments by name (their order carries no meaning). */
const signature = (field: GraphQLField<unknown, unknown>) => {
  const args = [...field.args].sort((a, b) => a.name.localeCompare(b.name)).map((a) => `${a.name}: ${String(a.type)}`);
  return `${field.name}${args.length ? `(${args.join(', ')})` : ''}: ${String(field.type)}`;
};
const fieldsOf = (type: GraphQLObjectType | null | undefined) => Object.values(type?.getFields() ?? {}).map(signature);

describe('identity subgraph schema', () => {
  let schema: GraphQLSchema;
  let sdl: string;
  beforeAll(async () => {
    schema = await buildIdentitySchema();
    sdl = printSubgraphSchema(schema);
  });

  it('owns User and SigningKey as entities and only points at Provider', () => {
    expect(sdl).toMatch(/type User\s+@key\(fields: "id"\)/);
    expect(sdl).toMatch(/type SigningKey\s+@key\(fields: "id"\)/);
    expect(sdl).toMatch(/type Provider\s+@key\(fields: "id", resolvable: false\)\s+\{\s+id: ID!\s+\}/);
    expect(sdl).toMatch(/type PageInfo\s+@shareable/);
  });

  it('gives User the contract fields with the contract scalars', () => {
    expect(fieldsOf(schema.getType('User') as GraphQLObjectType)).toEqual(
      expect.arrayContaining([
        'id: ID!', 'kind: UserKind!', 'pin: String!', 'fullName: String!', 'birthDate: Date', 'address: String', 'email: String', 'phone: String',
        'preferredLanguage: Language!', 'roles: [Role!]!', 'blocked: Boolean!', 'signingKeys: [SigningKey!]!', 'provider: Provider',
      ]),
    );
    expect(fieldsOf(schema.getType('AuthPayload') as GraphQLObjectType)).toEqual(expect.arrayContaining(['accessTokenExpiresAt: DateTime!', 'user: User!']));
    expect(fieldsOf(schema.getType('SigningKey') as GraphQLObjectType)).toEqual(expect.arrayContaining(['publicKeyJwk: JSON!', 'level: SignatureLevel!', 'createdAt: DateTime!']));
    expect(sdl).not.toMatch(/DateTimeISO/);
  });

  it('offers the contract roots, plus revokeSigningKey and unblockUser', () => {
    expect(fieldsOf(schema.getQueryType())).toEqual(
      expect.arrayContaining(['currentTermsVersion: String!', 'me: User', 'myDataAccessLog(after: String, first: Int): DataAccessConnection!']),
    );
    expect(fieldsOf(schema.getMutationType())).toEqual(
      expect.arrayContaining([
        'register(input: RegisterInput!): AuthPayload!',
        'login(input: LoginInput!): AuthPayload!',
        'loginWithNationalId(idToken: String!): AuthPayload!',
        'refreshSession(refreshToken: String!): AuthPayload!',
        'logout(refreshToken: String): Boolean!',
        'registerSigningKey(certificateChainPem: [String!], publicKeyJwk: JSON!): SigningKey!',
        'revokeSigningKey(id: ID!): SigningKey!',
        'blockUser(reason: String!, userId: ID!): User!',
        'unblockUser(reason: String!, userId: ID!): User!',
      ]),
    );
  });
});

export { buildIdentitySchema } from './schema';
export { createIdentitySubgraph, createIdentityServices, identityEntities, IDENTITY_SUBGRAPH_NAME, IDENTITY_DB_SCHEMA } from './subgraph';
export { loadIdentityConfig, identityEnvSpec, generateSigningKey, jwkThumbprint, DEFAULT_IDENTITY_PORT, DEV_NATIONAL_ID_URL, type IdentityConfig } from './config';
export type { IdentityContext, IdentityServices } from './context';
export {
  ACCESS_TOKEN_ALGORITHM,
  ACCESS_TOKEN_AUDIENCE,
  ACCESS_TOKEN_ISSUER,
  JWKS_PATH,
  AccessTokenIssuer,
  verifyAccessToken,
  type AccessTokenClaims,
  type PublicJwks,
} from './session/access-token';
export { DEMO_ACCOUNTS as IDENTITY_DEMO_ACCOUNTS, DEMO_REGISTER_PEOPLE as IDENTITY_DEMO_REGISTER_PEOPLE, DEMO_PASSWORDS, type DemoAccount as IdentityDemoAccount } from './seed/demo-accounts';
export { identityMigrations } from './migrations';

import { TEST_INTERNAL_SECRET } from '@portal/kit';
import type { NationalIdStandin } from '@portal/standins';
import { type IdentityConfig, loadIdentityConfig } from './config';

/** A test configuration: cheap scrypt, a fresh signing key; override any variable. */
export function testIdentityConfig(env: Record<string, string | undefined> = {}): IdentityConfig {
  return loadIdentityConfig({
    NODE_ENV: 'test',
    DATABASE_URL: 'postgres://unused-by-definitions/identity',
    INTERNAL_SECRET: TEST_INTERNAL_SECRET,
    PASSWORD_SCRYPT_N: '1024',
    ...env,
  });
}

/** The data of a GraphQL answer's first error, for assertions. */
export function firstError(result: { errors?: Array<{ message: string; extensions?: Record<string, unknown> }> }): { code: unknown; message: string; extensions: Record<string, unknown> } {
  const error = result.errors?.[0];
  if (!error) throw new Error(`expected an error, got ${JSON.stringify(result)}`);
  return { code: error.extensions?.code, message: error.message, extensions: error.extensions ?? {} };
}

/** The NATIONAL_ID_* variables that point identity at a running stand-in (redirect URIs: a test web client's). */
export function standinSettings(standin: NationalIdStandin): Record<string, string> {
  return {
    NATIONAL_ID_ISSUER: standin.issuer,
    NATIONAL_ID_JWKS_URL: standin.jwksUrl,
    NATIONAL_ID_CLIENT_ID: standin.clientId,
    NATIONAL_ID_CLIENT_SECRET: standin.clientSecret,
    NATIONAL_ID_AUTHORIZATION_URL: standin.authorizationUrl,
    NATIONAL_ID_TOKEN_URL: standin.tokenUrl,
    NATIONAL_ID_REDIRECT_URIS: 'https://portal.example.kg/auth/callback,http://localhost:5173/',
  };
}

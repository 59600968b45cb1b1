import { TEST_INTERNAL_SECRET } from '@portal/kit';
import { type NationalIdStandin, registerPersonFromNationalId, startNationalIdStandin, startTundukStandin, type TundukStandin } from '@portal/standins';
import { type IdentityConfig, loadIdentityConfig } from './config';
import { DEMO_REGISTER_PEOPLE } from './seed/demo-accounts';

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

/** The TUNDUK_* variables that point identity at a running Tunduk stand-in (quick retries and breaker for tests). */
export function tundukSettings(standin: TundukStandin): Record<string, string> {
  return {
    TUNDUK_SECURITY_SERVER_URL: standin.url,
    TUNDUK_SERVER_JWKS_URL: standin.jwksUrl,
    TUNDUK_READ_RETRIES: '1',
    TUNDUK_TIMEOUT_MS: '2000',
    TUNDUK_BREAKER_RESET_MS: '200',
  };
}

/**
 * A Tunduk stand-in (demo people and a few generated ones) and, when asked, a national-ID stand-in
 * that puts everyone it signs a token for into the stand-in's population register, as `npm start` does.
 */
export async function startRegisterStandins(options: { nationalId?: boolean } = {}): Promise<{ tunduk: TundukStandin; nationalId: NationalIdStandin | null; env: Record<string, string>; close(): Promise<void> }> {
  const tunduk = await startTundukStandin({ port: 0, people: DEMO_REGISTER_PEOPLE, generatedPeople: 20, generatedLegalEntities: 5 });
  const nationalId = options.nationalId
    ? await startNationalIdStandin({
        port: 0,
        onPersonSigned: (person) => {
          const registered = registerPersonFromNationalId(person);
          if (registered) tunduk.ensurePerson(registered);
        },
      })
    : null;
  return {
    tunduk,
    nationalId,
    env: { ...tundukSettings(tunduk), ...(nationalId ? standinSettings(nationalId) : {}) },
    async close() {
      await nationalId?.close();
      await tunduk.close();
    },
  };
}

import { type GatewayOptions, jwksAccessTokenVerifier, type RunningGateway, startGateway } from '@portal/gateway';
import { createTestDatabase, TEST_INTERNAL_SECRET } from '@portal/kit';
import { type Platform, startPlatform, SUPERGRAPH_FILE } from '@portal/platform';
import { readFileSync } from 'node:fs';
import type { SubgraphName } from '@portal/schema';

export interface GraphQLResponse<T = any> {
  status: number;
  data?: T;
  errors?: Array<{ message: string; path?: Array<string | number>; extensions?: { code?: string; [key: string]: unknown } }>;
}

export interface TestPlatform extends Platform {
  /** Sends an operation to the gateway like a web client would. */
  gql<T = any>(query: string, variables?: Record<string, unknown>, options?: { token?: string; headers?: Record<string, string> }): Promise<GraphQLResponse<T>>;
  login(login: string, password: string): Promise<string>;
  /** `gql` that must succeed: its data, or an error naming the operation and what it answered. */
  ok<T = any>(query: string, variables?: Record<string, unknown>, token?: string): Promise<T>;
  /** Reads until `done` holds, letting background work settle between tries; fails after `timeoutMs` saying what it waited for. */
  until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs?: number): Promise<T>;
}

/** The whole platform on a fresh database of the run's test server (or on `databaseUrl`), with the demo seed. */
export async function startTestPlatform(
  options: { onQuery?: (subgraph: SubgraphName, sql: string) => void; env?: Record<string, string>; databaseUrl?: string; /** a fixed gateway port (e.g. for a redirect URI); else a free one */ gatewayPort?: number } = {},
): Promise<TestPlatform> {
  const databaseUrl = options.databaseUrl ?? (await createTestDatabase('e2e'));
  const platform = await startPlatform({
    databaseUrl,
    // the CRL is fetched at every qualified signature, so a revocation in a test counts at once
    // a register that is down in one test must not keep its circuit open for the next
    env: { NODE_ENV: 'test', INTERNAL_SECRET: TEST_INTERNAL_SECRET, PASSWORD_SCRYPT_N: '1024', CA_CRL_MAX_AGE_SECONDS: '0', TUNDUK_READ_RETRIES: '1', TUNDUK_BREAKER_RESET_MS: '200', ...options.env },
    ports: { gateway: options.gatewayPort },
    seed: true,
    onQuery: options.onQuery,
    poolSize: 4,
  });
  const gql: TestPlatform['gql'] = async (query, variables, opts = {}) => {
    const response = await fetch(platform.gatewayUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
        ...opts.headers,
      },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as Omit<GraphQLResponse, 'status'>;
    return { status: response.status, ...body };
  };
  return {
    ...platform,
    gql,
    async ok(query, variables = {}, token) {
      const response = await gql(query, variables, { token });
      if (response.errors) throw new Error(`${query.slice(0, 60)}… failed: ${JSON.stringify(response.errors)}`);
      return response.data;
    },
    async until(read, done, what, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        await platform.settle();
        const value = await read();
        if (done(value)) return value;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async login(login, password) {
      const result = await gql<{ login: { accessToken: string } }>(
        'mutation($input: LoginInput!) { login(input: $input) { accessToken } }',
        { input: { login, password } },
      );
      if (!result.data?.login) throw new Error(`login ${login} failed: ${JSON.stringify(result.errors)}`);
      return result.data.login.accessToken;
    },
  };
}

/** Another gateway replica on the same subgraphs and database (its own tail of the event log). */
export function startGatewayReplica(platform: Platform, overrides: Pick<GatewayOptions, 'feeds' | 'eventBus'> & { subgraphUrls?: Record<string, string> } = {}): Promise<RunningGateway> {
  return startGateway({
    supergraphSdl: readFileSync(SUPERGRAPH_FILE, 'utf8'),
    subgraphUrls: { ...Object.fromEntries(Object.values(platform.subgraphs).map((subgraph) => [subgraph.name, `${subgraph.url}/graphql`])), ...overrides.subgraphUrls },
    feeds: overrides.feeds,
    internalSecret: TEST_INTERNAL_SECRET,
    verifier: jwksAccessTokenVerifier(`${platform.subgraphs.identity.url}/.well-known/jwks.json`),
    port: 0,
    eventLogDatabaseUrl: platform.subgraphs.identity.orm.config.getClientUrl(),
    eventBus: overrides.eventBus,
  });
}

export function errorCodes(response: GraphQLResponse): Array<string | undefined> {
  return (response.errors ?? []).map((e) => e.extensions?.code);
}

import { createGatewayRuntime, type GatewayPlugin } from '@graphql-hive/gateway';
import { callerFromRequest, jwksAccessTokenVerifier } from '@portal/gateway';
import { CALLER_HEADER, type Caller, signCallerToken } from '@portal/kit';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';

/**
 * The peer in `npm run bench`: Hive Gateway serving the same supergraph against the same subgraph
 * processes, run as its own process (`node hive-gateway.js <supergraph> <port> <jwks url>`, secret in
 * INTERNAL_SECRET). Like the project's gateway it verifies the client's access token and signs one
 * caller token per request for the subgraphs; in-flight deduplication is off, in and out, because
 * its key ignores the caller header (two users' identical queries would share one answer).
 */
async function main(): Promise<void> {
  const [supergraphFile, port, jwksUrl] = process.argv.slice(2);
  const secret = process.env.INTERNAL_SECRET;
  if (!supergraphFile || !port || !jwksUrl || !secret) throw new Error('usage: INTERNAL_SECRET=… node hive-gateway.js <supergraph> <port> <jwks url>');
  const verifier = jwksAccessTokenVerifier(jwksUrl);
  const perRequest = new WeakMap<object, { caller: Promise<Caller>; token?: Promise<string> }>();

  const callerToken: GatewayPlugin = {
    onFetch({ context, options, setOptions }) {
      const request = (context as { request?: Request }).request;
      if (!request) throw new Error('subgraph fetch outside a client request');
      let state = perRequest.get(request);
      if (!state) {
        state = {
          caller: callerFromRequest(verifier, {
            authorization: request.headers.get('authorization') ?? undefined,
            acceptLanguage: request.headers.get('accept-language') ?? undefined,
            ip: '127.0.0.1',
            requestId: randomUUID(),
            userAgent: request.headers.get('user-agent') ?? undefined,
          }),
        };
        perRequest.set(request, state);
      }
      const current = state;
      current.token ??= current.caller.then((caller) => signCallerToken(caller, secret));
      return current.token.then((token) => {
        setOptions({ ...options, headers: { ...(options.headers as Record<string, string>), [CALLER_HEADER]: token } });
      });
    },
  };

  const gateway = createGatewayRuntime({
    supergraph: readFileSync(supergraphFile, 'utf8'),
    inboundInflightRequestDeduplication: false,
    transportEntries: { '*.http': { options: { deduplicateInflightRequests: false } as Record<string, unknown> } },
    plugins: () => [callerToken],
    graphiql: false,
    landingPage: false,
    logging: 'error',
  });
  const server = createServer(gateway);
  await new Promise<void>((resolve) => server.listen(Number(port), '127.0.0.1', resolve));
  console.log(`hive gateway up on ${port}`);
  process.on('SIGTERM', () => {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

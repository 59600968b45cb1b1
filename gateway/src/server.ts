import { ApolloGateway, type GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import {
  ALSO_FOR_EXTENSION,
  CALLER_HEADER,
  type Caller,
  CLIENT_INPUT_LIMITS,
  createHttpServer,
  handOver,
  injectTraceContext,
  inputLimitsPlugin,
  inputLiteralsRule,
  JSON_HEADERS,
  maskUnexpectedError,
  NOT_FOUND,
  sendRaw,
  ServiceMetrics,
  mountNodeHandler,
  serveGraphQL,
  createEventBus,
  type EventBusOptions,
  signCallerToken,
  withoutSchemaHints,
} from '@portal/kit';
import type { FastifyInstance } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Supergraph } from '@apollo/federation-internals';
import type { ExecutionResult } from 'graphql';
import { type AccessTokenVerifier, callerFromRequest, type VerifiedAccessToken } from './auth';
import type { FeedOptions } from './config';
import { corsPreflight, corsResponseHeaders, DEFAULT_CORS_ORIGINS } from './cors';
import { costModelFromSupergraph } from './cost.rules';
import { visibilityFromSupergraph } from './visibility.rules';
import { operationCostPlugin, operationLimitsRule, useCostModel } from './limits';
import { SessionRevocations } from './revocations';
import { EventHub } from './subscriptions/event-hub';
import { attachSubscriptions, type SubscriptionServer } from './subscriptions/server';
import { fileForwarding, fileRoutesFor } from './downloads';
import { webAppHandler } from './web-app';
import { dedupeRepresentations, expandEntitiesResponse } from './entity-dedupe';
import { subgraphFetch } from './subgraph-fetch';

export interface GatewayContext {
  caller: Caller;
  /** The caller token for subgraphs, signed once per request. */
  callerToken?: Promise<string>;
}

export interface GatewayOptions {
  supergraphSdl: string;
  /** Where each subgraph (by its name in the supergraph) is served. */
  subgraphUrls: Record<string, string>;
  internalSecret: string;
  verifier: AccessTokenVerifier;
  port: number;
  host?: string;
  trustProxy?: boolean;
  maxBodyBytes?: number;
  /** Where the event log is; subscriptions are served only when it is given. */
  eventLogDatabaseUrl?: string;
  /** The bus the feeds follow (default: the PostgreSQL log in eventLogDatabaseUrl). */
  eventBus?: Omit<EventBusOptions, 'databaseUrl'>;
  eventPollMs?: number;
  /** GET /metrics answers only with `Authorization: Bearer <metricsToken>`; without a token it is off. */
  metricsToken?: string;
  /** Browser origins granted CORS (default: the local development web origins). */
  corsOrigins?: string[];
  /** Strict-Transport-Security max-age on every answer; 0 or unset: no header (plain HTTP). */
  hstsMaxAgeSeconds?: number;
  /** Strip schema hints ("Did you mean") from errors; default: when NODE_ENV=production. */
  hideSchemaDetails?: boolean;
  /** The built web app (web/dist) served at `/` beside /graphql; unset or not built: GraphQL only. */
  webAppRoot?: string;
  /** Largest upload forwarded to a subgraph's file route (default 25 MiB; the subgraph's own limit is lower). */
  maxFileBodyBytes?: number;
  /** Retries of feed events' follow-up queries and the reach of `since` (defaults: feedOptionsFromEnv({})). */
  feeds?: Partial<FeedOptions>;
  /**
   * Adds routes beside /graphql before the gateway listens (downloads, uploads): e.g.
   * `mountNodeHandler(app, '/files', handler)` for a plain `(req, res) => Promise<void>` handler.
   */
  routes?: (app: FastifyInstance) => void;
}

export interface RunningGateway {
  url: string;
  port: number;
  server: http.Server;
  /** Present when subscriptions are served. */
  events: EventHub | null;
  /** The built web app is served at `/`. */
  webAppServed: boolean;
  /** Runs an operation through the gateway as `caller` (subscriptions use it per event). */
  execute(query: string, variables: Record<string, unknown>, caller: Caller): Promise<ExecutionResult>;
  close(): Promise<void>;
}

/** Puts the signed caller on every subgraph request; subgraphs trust nothing else. */
class CallerSigningDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(url: string, private readonly secret: string) {
    super({ url, fetcher: subgraphFetch });
  }
  override async willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    const gatewayContext = context as Partial<GatewayContext>;
    if (!gatewayContext.caller) throw new Error('gateway context without a caller');
    const token = (gatewayContext.callerToken ??= signCallerToken(gatewayContext.caller, this.secret));
    request.http?.headers.set(CALLER_HEADER, await token);
    request.http?.headers.set('x-request-id', gatewayContext.caller.requestId);
    // traceparent of the active gateway.fetch span: the subgraph's spans join the request's trace
    injectTraceContext((name, value) => request.http?.headers.set(name, value));
    // a live-feed event rendered once for its access class: the token pins this list (see kit caller.ts)
    const alsoFor = gatewayContext.caller.alsoFor;
    if (alsoFor?.length) request.extensions = { ...request.extensions, [ALSO_FOR_EXTENSION]: alsoFor };
  }

  /** An `_entities` fetch sends each distinct representation once (entity-dedupe.ts). */
  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): ReturnType<RemoteGraphQLDataSource<GatewayContext>['process']> {
    const representations = options.request.variables?.representations;
    const deduped = Array.isArray(representations) ? dedupeRepresentations(representations) : null;
    if (!deduped) return super.process(options);
    const request = { ...options.request, variables: { ...options.request.variables, representations: deduped.unique } };
    return expandEntitiesResponse(await super.process({ ...options, request }), deduped.slots);
  }
}

export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    buildService: ({ name, url }) => {
      const target = options.subgraphUrls[name] ?? url;
      if (!target) throw new Error(`no URL for subgraph ${name}`);
      return new CallerSigningDataSource(target, options.internalSecret);
    },
  });
  const metrics = new ServiceMetrics('gateway');
  const costModel = costModelFromSupergraph(options.supergraphSdl);
  const hideSchemaDetails = options.hideSchemaDetails ?? process.env.NODE_ENV === 'production';
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    csrfPrevention: true,
    includeStacktraceInErrorResponses: false,
    hideSchemaDetailsFromClientErrors: hideSchemaDetails,
    plugins: [metrics.apolloPlugin<GatewayContext>(), inputLimitsPlugin<GatewayContext>(CLIENT_INPUT_LIMITS), operationCostPlugin<GatewayContext>(costModel)],
    validationRules: [operationLimitsRule(costModel), inputLiteralsRule(CLIENT_INPUT_LIMITS)],
    formatError: (formatted, error) => {
      const masked = maskUnexpectedError(formatted, error);
      return hideSchemaDetails ? withoutSchemaHints(masked) : masked;
    },
  });
  await apollo.start();
  const maxBody = options.maxBodyBytes ?? 256 * 1024;
  // without the event log there is nothing to learn revocations from: tokens then live to their expiry
  const revocations = options.eventLogDatabaseUrl || options.eventBus?.url ? new SessionRevocations() : null;
  const sessionCheck = revocations ? (token: VerifiedAccessToken) => revocations.refusal(token.userId, token.sessionId ?? null, token.issuedAt) : undefined;

  const corsOrigins = new Set(options.corsOrigins ?? DEFAULT_CORS_ORIGINS);
  const webApp = options.webAppRoot ? webAppHandler(options.webAppRoot) : null;
  const trustProxy = options.trustProxy ?? false;
  const app = createHttpServer({
    service: 'gateway',
    // the web app answers every other GET (its client routes); anything else is not found
    notFound: (request, reply) => {
      if (!webApp || (request.method !== 'GET' && request.method !== 'HEAD')) return sendRaw(reply, NOT_FOUND);
      return handOver(request, reply, (req, res) =>
        new Promise<void>((resolve) => {
          res.once('close', () => resolve());
          webApp(req, res, () => {
            res.writeHead(NOT_FOUND.status, NOT_FOUND.headers);
            res.end(NOT_FOUND.body);
          });
        }),
      );
    },
    bodyLimit: maxBody,
    tooLarge: (limit) => ({
      status: 413,
      headers: { ...JSON_HEADERS, 'cache-control': 'no-store' },
      body: JSON.stringify({ errors: [{ message: `Request body too large: send at most ${Math.floor(limit / 1024)} KiB.`, extensions: { code: 'BAD_USER_INPUT', limit: 'maxBodyBytes', limitValue: limit } }] }),
    }),
    trustProxy,
    hstsMaxAgeSeconds: options.hstsMaxAgeSeconds,
  });

  app.get('/health', async (_request, reply) => sendRaw(reply, { status: 200, headers: JSON_HEADERS, body: '{"status":"ok"}' }));
  if (options.metricsToken) {
    const metricsToken = options.metricsToken;
    app.get('/metrics', async (request, reply) => {
      if (!bearerMatches(single(request.headers.authorization), metricsToken)) return sendRaw(reply, { status: 401, headers: JSON_HEADERS, body: '{"error":"metrics need the metrics token"}' });
      const rendered = await metrics.render();
      return sendRaw(reply, { status: 200, headers: { 'content-type': rendered.contentType }, body: rendered.body });
    });
  }
  app.options('/graphql', async (request, reply) => sendRaw(reply, corsPreflight(single(request.headers.origin), single(request.headers['access-control-request-method']), corsOrigins)));
  serveGraphQL<GatewayContext>(app, {
    apollo,
    limits: CLIENT_INPUT_LIMITS,
    headers: (request) => corsResponseHeaders(single(request.headers.origin), corsOrigins),
    admit: async (request) => ({
      context: async () => ({
        caller: await callerFromRequest(
          options.verifier,
          {
            authorization: single(request.headers.authorization),
            acceptLanguage: single(request.headers['accept-language']),
            ip: request.ip ?? null,
            requestId: request.id,
            userAgent: single(request.headers['user-agent']),
          },
          sessionCheck,
        ),
      }),
    }),
  });
  // the subgraphs' files (downloads, uploads, open data) at the gateway's origin, forwarded as they are
  const files = fileForwarding({ routes: fileRoutesFor(options.subgraphUrls), maxBodyBytes: options.maxFileBodyBytes ?? 25 * 1024 * 1024, corsOrigins });
  for (const prefix of ['/files', '/open-data']) mountNodeHandler(app, prefix, files, ['GET', 'HEAD', 'POST', 'OPTIONS']);
  options.routes?.(app);
  const server = app.server;

  const execute = async (query: string, variables: Record<string, unknown>, caller: Caller): Promise<ExecutionResult> => {
    const response = await apollo.executeOperation({ query, variables }, { contextValue: { caller } });
    if (response.body.kind !== 'single') throw new Error('incremental delivery is not used here');
    return response.body.singleResult as ExecutionResult;
  };

  let events: EventHub | null = null;
  let subscriptions: SubscriptionServer | null = null;
  if (revocations) {
    events = new EventHub(createEventBus({ databaseUrl: options.eventLogDatabaseUrl ?? '', ...options.eventBus }), options.eventPollMs);
    for (const type of SessionRevocations.EVENT_TYPES) {
      events.on(type, (event) => {
        const ended = revocations.onEvent(event);
        if (ended) subscriptions?.disconnect(ended.userId, ended.sessionIds);
      });
    }
    await events.start();
    // after the tail has its position, so nothing falls between the two; per-user log order decides
    await revocations.backfill(events.bus);
    const apiSchema = Supergraph.build(options.supergraphSdl).apiSchema().toGraphQLJSSchema();
    useCostModel(apiSchema, costModel);
    subscriptions = attachSubscriptions({
      httpServer: server,
      path: '/graphql',
      apiSchema,
      verifier: options.verifier,
      hub: events,
      runQuery: execute,
      sessionCheck,
      metrics,
      retryPolicy: options.feeds?.retryPolicy,
      replayLimits: options.feeds?.replayLimits,
      trustProxy,
      maxQueriesPerEvent: options.feeds?.maxQueriesPerEvent,
      visibility: visibilityFromSupergraph(options.supergraphSdl),
    });
  }

  await app.listen({ port: options.port, host: options.host ?? '127.0.0.1' });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}/graphql`,
    port,
    server,
    events,
    webAppServed: webApp !== null,
    execute,
    async close() {
      await subscriptions?.close();
      await events?.stop();
      await app.close();
      await apollo.stop();
    },
  };
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const presented = Buffer.from(header?.replace(/^Bearer\s+/i, '') ?? '');
  const expected = Buffer.from(token);
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

import { ApolloGateway, type GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import {
  CALLER_HEADER,
  type Caller,
  CLIENT_INPUT_LIMITS,
  executeGraphQL,
  inputLimitsPlugin,
  inputLiteralsRule,
  JSON_HEADERS,
  maskUnexpectedError,
  readBody,
  send,
  ServiceMetrics,
  createEventBus,
  type EventBusOptions,
  setSecurityHeaders,
  signCallerToken,
  withoutSchemaHints,
} from '@portal/kit';
import { timingSafeEqual } from 'node:crypto';
import http, { type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { Supergraph } from '@apollo/federation-internals';
import type { ExecutionResult } from 'graphql';
import { type AccessTokenVerifier, callerFromRequest, type VerifiedAccessToken } from './auth';
import type { FeedOptions } from './config';
import { corsPreflight, corsResponseHeaders, DEFAULT_CORS_ORIGINS } from './cors';
import { costModelFromSupergraph } from './cost.rules';
import { operationCostPlugin, operationLimitsRule, useCostModel } from './limits';
import { SessionRevocations } from './revocations';
import { EventHub } from './subscriptions/event-hub';
import { attachSubscriptions, type SubscriptionServer } from './subscriptions/server';
import { webAppHandler } from './web-app';

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
  /** Retries of feed events' follow-up queries and the reach of `since` (defaults: feedOptionsFromEnv({})). */
  feeds?: Partial<FeedOptions>;
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
    super({ url });
  }
  override async willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    const gatewayContext = context as Partial<GatewayContext>;
    if (!gatewayContext.caller) throw new Error('gateway context without a caller');
    const token = (gatewayContext.callerToken ??= signCallerToken(gatewayContext.caller, this.secret));
    request.http?.headers.set(CALLER_HEADER, await token);
    request.http?.headers.set('x-request-id', gatewayContext.caller.requestId);
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
  const notFound = (res: http.ServerResponse) => send(res, { status: 404, headers: JSON_HEADERS, body: '{"error":"not found"}' });

  const server = http.createServer((req, res) => {
    void (async () => {
      setSecurityHeaders(res, { hstsMaxAgeSeconds: options.hstsMaxAgeSeconds });
      const url = new URL(req.url ?? '/', 'http://gateway');
      if (url.pathname === '/health' && req.method === 'GET') {
        return send(res, { status: 200, headers: JSON_HEADERS, body: '{"status":"ok"}' });
      }
      if (url.pathname === '/metrics' && req.method === 'GET' && options.metricsToken) {
        if (!bearerMatches(single(req.headers.authorization), options.metricsToken)) return send(res, { status: 401, headers: JSON_HEADERS, body: '{"error":"metrics need the metrics token"}' });
        const rendered = await metrics.render();
        return send(res, { status: 200, headers: { 'content-type': rendered.contentType }, body: rendered.body });
      }
      if (url.pathname !== '/graphql') {
        if (webApp && (req.method === 'GET' || req.method === 'HEAD')) return webApp(req, res, () => notFound(res));
        return notFound(res);
      }
      const origin = single(req.headers.origin);
      if (req.method === 'OPTIONS') return send(res, corsPreflight(origin, single(req.headers['access-control-request-method']), corsOrigins));
      for (const [name, value] of Object.entries(corsResponseHeaders(origin, corsOrigins))) res.setHeader(name, value);
      res.setHeader('cache-control', 'no-store');
      const body = await readBody(req, maxBody);
      if (body === null) {
        const error = { message: `Request body too large: send at most ${Math.floor(maxBody / 1024)} KiB.`, extensions: { code: 'BAD_USER_INPUT', limit: 'maxBodyBytes', limitValue: maxBody } };
        return send(res, { status: 413, headers: JSON_HEADERS, body: JSON.stringify({ errors: [error] }) });
      }
      await executeGraphQL(
        apollo,
        req,
        res,
        url,
        body,
        async () => ({
          caller: await callerFromRequest(options.verifier, {
            authorization: single(req.headers.authorization),
            acceptLanguage: single(req.headers['accept-language']),
            ip: clientIp(req, options.trustProxy ?? false),
            requestId: randomUUID(),
            userAgent: single(req.headers['user-agent']),
          }, sessionCheck),
        }),
        CLIENT_INPUT_LIMITS,
      );
    })().catch((error: unknown) => {
      console.error(JSON.stringify({ level: 'error', component: 'gateway', message: String((error as Error)?.stack ?? error) }));
      if (!res.headersSent) send(res, { status: 500, headers: JSON_HEADERS, body: '{"errors":[{"message":"Internal server error.","extensions":{"code":"INTERNAL_SERVER_ERROR"}}]}' });
      else res.end();
    });
  });

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
    });
  }

  await new Promise<void>((resolve) => server.listen(options.port, options.host ?? '127.0.0.1', resolve));
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
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
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

function clientIp(req: IncomingMessage, trustProxy: boolean): string | null {
  if (trustProxy) {
    const forwarded = single(req.headers['x-forwarded-for']);
    if (forwarded) return forwarded.split(',')[0].trim();
  }
  return req.socket.remoteAddress ?? null;
}

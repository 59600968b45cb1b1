import type { BusEvent, Caller, ServiceMetrics } from '@portal/kit';
import {
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type FieldNode,
  getOperationAST,
  GraphQLError,
  type GraphQLFormattedError,
  type GraphQLSchema,
  Kind,
  type OperationDefinitionNode,
  specifiedRules,
  validate,
} from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import type http from 'node:http';
import { randomUUID } from 'node:crypto';
import { WebSocketServer } from 'ws';
import { type AccessTokenVerifier, authenticate, type SessionCheck } from '../auth';
import { operationLimitRules, parseOperation } from '../limits';
import { EventQueryCoalescer } from './coalescer';
import type { EventHub } from './event-hub';
import { type ApplicationStatusPayload, type Feed, FEEDS } from './feeds';
import { collectFields, ENTITY_ID_VARIABLE, entityQuery, fragmentMap } from './selection';

export type RunQuery = (query: string, variables: Record<string, unknown>, caller: Caller) => Promise<ExecutionResult>;

export interface SubscriptionServerOptions {
  httpServer: http.Server;
  path: string;
  apiSchema: GraphQLSchema;
  verifier: AccessTokenVerifier;
  hub: EventHub;
  /** Runs a query through the gateway's own executor as `caller` (subgraphs re-check access). */
  runQuery: RunQuery;
  /** Events waiting for one subscriber before it is cut off as too slow. */
  queueLimit?: number;
  /** Refuses tokens of ended sessions and blocked users. */
  sessionCheck?: SessionCheck;
  metrics?: ServiceMetrics;
}

export interface SubscriptionServer {
  /** Closes (4403) the connections of a user's ended sessions, or all of the user's when `sessionIds` is null. */
  disconnect(userId: string, sessionIds: string[] | null): void;
  close(): Promise<void>;
}

interface ConnectionExtra extends Record<PropertyKey, unknown> {
  caller?: Caller;
  expiryTimer?: NodeJS.Timeout;
  socket: { close(code: number, reason: string): void };
}

interface SubscriptionContext {
  caller: Caller;
  feed: Feed;
  field: FieldNode;
  operation: OperationDefinitionNode;
  document: DocumentNode;
  variables: Record<string, unknown>;
  args: Record<string, unknown>;
}

const FORBIDDEN_CLOSE = 4403;

/**
 * GraphQL subscriptions over graphql-ws on the gateway's HTTP server. @apollo/gateway plans but
 * does not execute subscriptions, so the gateway serves them itself: each event from the log is
 * filtered for the subscriber, then the client's selection on the event's entity is run as a
 * query through the federated graph with the subscriber's identity.
 */
export function attachSubscriptions(options: SubscriptionServerOptions): SubscriptionServer {
  const wsServer = new WebSocketServer({ server: options.httpServer, path: options.path });
  const connections = new Set<ConnectionExtra>();
  const queueLimit = options.queueLimit ?? 100;
  const coalescer = new EventQueryCoalescer(options.runQuery);

  const cleanup = useServer<Record<string, unknown>, ConnectionExtra>(
    {
      schema: options.apiSchema,
      connectionInitWaitTimeout: 5000,
      onConnect: async (ctx) => {
        const raw = ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization;
        const token = typeof raw === 'string' ? raw.replace(/^Bearer\s+/i, '').trim() : '';
        if (!token) return false;
        let authenticated: Awaited<ReturnType<typeof authenticate>>;
        try {
          authenticated = await authenticate(options.verifier, token, options.sessionCheck);
        } catch (error) {
          console.warn(JSON.stringify({ level: 'warn', component: 'subscriptions', message: (error as Error).message }));
          return false;
        }
        const { identity, expiresAt } = authenticated;
        ctx.extra.caller = { ...identity, acceptLanguage: null, ip: ctx.extra.request.socket.remoteAddress ?? null, requestId: randomUUID() };
        const msLeft = expiresAt * 1000 - Date.now();
        ctx.extra.expiryTimer = setTimeout(() => ctx.extra.socket.close(FORBIDDEN_CLOSE, 'Forbidden: access token expired'), Math.max(0, msLeft));
        ctx.extra.expiryTimer.unref();
        connections.add(ctx.extra);
        return true;
      },
      onClose: (ctx) => {
        clearTimeout(ctx.extra.expiryTimer);
        connections.delete(ctx.extra);
      },
      onSubscribe: (ctx, _id, payload) => {
        const caller = ctx.extra.caller!;
        let document: DocumentNode;
        try {
          document = parseOperation(payload.query);
        } catch (error) {
          return [error as GraphQLError];
        }
        const errors = validate(options.apiSchema, document, [...specifiedRules, ...operationLimitRules]);
        if (errors.length > 0) return errors;
        const operation = getOperationAST(document, payload.operationName);
        if (!operation) return [new GraphQLError('Name the operation to run.', { extensions: { code: 'BAD_USER_INPUT' } })];
        if (operation.operation !== 'subscription') {
          return [new GraphQLError('Only subscriptions are served over WebSocket; send queries and mutations over HTTP.', { extensions: { code: 'BAD_USER_INPUT' } })];
        }
        const variables = payload.variables ?? {};
        const [field] = operation.selectionSet.selections.filter((s): s is FieldNode => s.kind === Kind.FIELD);
        const feed = field ? FEEDS[field.name.value] : undefined;
        if (!field || !feed) return [new GraphQLError('Unknown subscription field.', { extensions: { code: 'BAD_USER_INPUT' } })];
        try {
          feed.authorize(caller);
        } catch (error) {
          return [error as GraphQLError];
        }
        const args: Record<string, unknown> = {};
        for (const argument of field.arguments ?? []) {
          args[argument.name.value] = argument.value.kind === Kind.VARIABLE ? variables[argument.value.name.value] : 'value' in argument.value ? argument.value.value : undefined;
        }
        const context: SubscriptionContext = { caller, feed, field, operation, document, variables, args };
        const executionArgs: ExecutionArgs = { schema: options.apiSchema, document, variableValues: variables, operationName: payload.operationName, contextValue: context };
        return executionArgs;
      },
      subscribe: async (args) => {
        const context = args.contextValue as SubscriptionContext;
        if (context.field.name.value === 'applicationStatusChanged') {
          // refuse at once what the subscriber could never see, rather than stay silent
          const check = await options.runQuery('query($id: ID!) { application(id: $id) { id } }', { id: context.args.applicationId }, context.caller);
          const data = check.data as { application?: unknown } | null | undefined;
          if (!data?.application) {
            const error = check.errors?.[0];
            return { errors: [new GraphQLError(error?.message ?? 'No such application.', { extensions: { code: error?.extensions?.code ?? 'NOT_FOUND' } })] };
          }
        }
        return new EventStream(context, options.hub, coalescer, queueLimit, options.metrics);
      },
    },
    wsServer,
  );

  return {
    disconnect(userId, sessionIds) {
      for (const connection of connections) {
        const caller = connection.caller;
        if (!caller || caller.userId !== userId) continue;
        if (sessionIds === null || (caller.sessionId && sessionIds.includes(caller.sessionId))) {
          connection.socket.close(FORBIDDEN_CLOSE, 'Forbidden: the session has ended');
        }
      }
    },
    async close() {
      await cleanup.dispose();
      await new Promise<void>((resolve) => wsServer.close(() => resolve()));
    },
  };
}

/** The events of one subscription: a bounded queue filled by the hub, drained in order. */
class EventStream implements AsyncIterableIterator<ExecutionResult> {
  private readonly queue: BusEvent[] = [];
  private waiting: ((result: IteratorResult<ExecutionResult>) => void) | null = null;
  private done = false;
  private overflowed = false;
  private readonly unsubscribe: () => void;
  private readonly lastVersion = new Map<string, number>();
  private processing: Promise<void> = Promise.resolve();
  private readonly ready: ExecutionResult[] = [];

  constructor(
    private readonly context: SubscriptionContext,
    hub: EventHub,
    private readonly coalescer: EventQueryCoalescer,
    private readonly limit: number,
    private readonly metrics?: ServiceMetrics,
  ) {
    this.unsubscribe = hub.on(context.feed.eventType, (event) => this.offer(event));
    metrics?.subscriptions.inc();
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<ExecutionResult> {
    return this;
  }

  next(): Promise<IteratorResult<ExecutionResult>> {
    const result = this.ready.shift();
    if (result) return Promise.resolve({ value: result, done: false });
    if (this.done) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => {
      this.waiting = resolve;
    });
  }

  return(): Promise<IteratorResult<ExecutionResult>> {
    this.finish();
    return Promise.resolve({ value: undefined, done: true });
  }

  private offer(event: BusEvent): void {
    if (this.done || !this.context.feed.matches(event, this.context.caller, this.context.args)) return;
    if (this.queue.length >= this.limit) {
      this.overflowed = true;
      return;
    }
    this.queue.push(event);
    this.processing = this.processing.then(() => this.renderNext());
  }

  private async renderNext(): Promise<void> {
    const event = this.queue.shift();
    if (!event || this.done) return;
    // events of one entity arrive in log order; a version not newer than the last one sent is stale
    const last = this.lastVersion.get(event.aggregateId);
    if (last !== undefined && event.aggregateVersion <= last) return;
    try {
      const result = await renderEvent(event, this.context, (query, variables, caller) => this.coalescer.run(event.eventId, query, variables, caller));
      if (result) {
        this.lastVersion.set(event.aggregateId, event.aggregateVersion);
        this.emit(result);
        this.metrics?.eventsDelivered.inc();
        this.metrics?.eventDeliveryLag.observe((Date.now() - event.occurredAt.getTime()) / 1000);
      }
    } catch (error) {
      console.error(JSON.stringify({ level: 'error', component: 'subscriptions', message: String((error as Error)?.stack ?? error) }));
    }
    if (this.overflowed && this.queue.length === 0) {
      this.emit({ errors: [new GraphQLError('Events arrived faster than this client read them; subscribe again and refetch.', { extensions: { code: 'RATE_LIMITED' } })] });
      this.finish();
    }
  }

  private emit(result: ExecutionResult): void {
    if (this.done) return;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = null;
      resolve({ value: result, done: false });
    } else {
      this.ready.push(result);
    }
  }

  private finish(): void {
    if (this.done) return;
    this.done = true;
    this.metrics?.subscriptions.dec();
    this.unsubscribe();
    this.queue.length = 0;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = null;
      resolve({ value: undefined, done: true });
    }
  }
}

/**
 * Builds the subscriber's payload for one event, or null when the subscriber may not see the
 * entity (the subgraphs decide: a null entity means no access or gone).
 */
async function renderEvent(event: BusEvent, context: SubscriptionContext, runQuery: RunQuery): Promise<ExecutionResult | null> {
  const fragments = fragmentMap(context.document);
  const rootKey = context.field.alias?.value ?? context.field.name.value;
  const errors: GraphQLFormattedError[] = [];
  const fetchEntity = async (rootField: string, field: FieldNode, path: Array<string | number>) => {
    const query = entityQuery(rootField, field.selectionSet, context.document, context.operation);
    const result = await runQuery(query, { ...context.variables, [ENTITY_ID_VARIABLE]: event.aggregateId }, context.caller);
    for (const error of result.errors ?? []) {
      const formatted = 'toJSON' in error && typeof error.toJSON === 'function' ? error.toJSON() : (error as unknown as GraphQLFormattedError);
      errors.push({ ...formatted, path: [...path, ...(formatted.path ?? []).slice(1)] });
    }
    return (result.data as Record<string, unknown> | null | undefined)?.[rootField] ?? null;
  };

  if (context.feed.valueType === 'Notification') {
    const notification = await fetchEntity('notification', context.field, [rootKey]);
    if (!notification) return null;
    return { data: { [rootKey]: notification }, ...(errors.length ? { errors: errors as unknown as GraphQLError[] } : {}) };
  }

  const payload = event.payload as unknown as ApplicationStatusPayload;
  const value: Record<string, unknown> = {};
  for (const selected of collectFields(context.field.selectionSet!, fragments, context.variables)) {
    switch (selected.name) {
      case '__typename':
        value[selected.responseKey] = 'ApplicationStatusEvent';
        break;
      case 'from':
        value[selected.responseKey] = payload.from;
        break;
      case 'to':
        value[selected.responseKey] = payload.to;
        break;
      case 'at':
        value[selected.responseKey] = payload.at;
        break;
      case 'version':
        value[selected.responseKey] = event.aggregateVersion;
        break;
      case 'application': {
        const application = await fetchEntity('application', selected.node, [rootKey, selected.responseKey]);
        if (!application) return null;
        value[selected.responseKey] = application;
        break;
      }
      default:
        value[selected.responseKey] = null;
    }
  }
  return { data: { [rootKey]: value }, ...(errors.length ? { errors: errors as unknown as GraphQLError[] } : {}) };
}

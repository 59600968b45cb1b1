import { AppError, type Caller, languageFromAcceptLanguage, type LanguageCode, localize, log, normalizeUserAgent, requestIdFrom, resolveLanguage, type ServiceMetrics, type VisibilityScope } from '@portal/kit';
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
import { WebSocketServer } from 'ws';
import { type AccessTokenVerifier, authenticate, type SessionCheck } from '../auth';
import { accessClassKey, selectionScope, type VisibilityModel } from '../visibility.rules';
import { operationLimitRules, parseOperation } from '../limits';
import { EventQueryCoalescer } from './coalescer';
import { decodeCursor, encodeCursor } from './cursor';
import type { EventHub } from './event-hub';
import { ACCRUAL_CREATED, type Feed, type FeedEvent, FEEDS } from './feeds';
import { FEED_TEXT } from './messages';
import { DEFAULT_RETRY_POLICY, type FollowUpResult, type RetryPolicy } from './retry';
import { collectFields, ENTITY_ID_VARIABLE, entityQuery, fragmentMap, type SelectedField } from './selection';

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
  /** How a failed follow-up query of an event is retried before that event is delivered as an error. */
  retryPolicy?: RetryPolicy;
  /** How much a feed resumed with `since` may catch up on. */
  replayLimits?: ReplayLimits;
  /** The client address from X-Forwarded-For of the upgrade request, as HTTP does behind a proxy. */
  trustProxy?: boolean;
  /** The subgraphs' visibility hints (visibility.rules.ts); without them no two people share an event's query. */
  visibility?: VisibilityModel;
  /** Follow-up queries of one event in flight at once (one per access class); default DEFAULT_MAX_QUERIES_PER_EVENT. */
  maxQueriesPerEvent?: number;
}

export interface ReplayLimits {
  maxEvents: number;
  maxAgeHours: number;
}

export const DEFAULT_REPLAY_LIMITS: ReplayLimits = { maxEvents: 1000, maxAgeHours: 24 };

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
  /** The log position of the last event the client saw (`since`), or null for live events only. */
  since: number | null;
  /** The follow-up query for an entity field of the selection, and its visibility scope (worked out once per field). */
  entityPlan(rootField: string, field: FieldNode): EntityPlan;
  /** The fields selected on the event, fragments expanded (worked out once: every event renders them). */
  eventFields: SelectedField[];
  /** The bus's tag in the cursors this feed issues (cursor.ts). */
  cursorTag: string;
}

interface EntityPlan {
  query: string;
  scope: VisibilityScope;
}

const FORBIDDEN_CLOSE = 4403;
const subscriptionLog = log.child({ component: 'subscriptions' });

/** `language` of graphql-ws connection params (ky, ru, or an Accept-Language value), else the upgrade request's Accept-Language. */
export function connectionLanguage(param: unknown, acceptLanguage: string | string[] | undefined): LanguageCode | null {
  const fromParam = typeof param === 'string' && param.length <= 200 ? languageFromAcceptLanguage(param) : null;
  return fromParam ?? languageFromAcceptLanguage(single(acceptLanguage));
}

/** The client's address: behind a trusted proxy the first X-Forwarded-For entry, else the socket's peer (as Fastify's request.ip). */
export function upgradeClientIp(request: http.IncomingMessage, trustProxy: boolean): string | null {
  if (trustProxy) {
    const forwarded = single(request.headers['x-forwarded-for']);
    const first = forwarded?.split(',')[0].trim();
    if (first) return first;
  }
  return request.socket.remoteAddress ?? null;
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * GraphQL subscriptions over graphql-ws on the gateway's HTTP server. @apollo/gateway plans but
 * does not execute subscriptions, so the gateway serves them itself: each event from the log is
 * filtered for the subscriber, then the client's selection on the event's entity is run as a
 * query through the federated graph, once for all subscribers of the same access class (the
 * subgraphs' visibility hints decide it, see visibility.rules.ts and coalescer.ts).
 */
export function attachSubscriptions(options: SubscriptionServerOptions): SubscriptionServer {
  const wsServer = new WebSocketServer({ server: options.httpServer, path: options.path });
  const connections = new Set<ConnectionExtra>();
  const queueLimit = options.queueLimit ?? 100;
  const coalescer = new EventQueryCoalescer(options.runQuery, options.retryPolicy ?? DEFAULT_RETRY_POLICY, { maxQueriesPerEvent: options.maxQueriesPerEvent });
  const visibility: VisibilityModel = options.visibility ?? new Map();
  const replay = options.replayLimits ?? DEFAULT_REPLAY_LIMITS;

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
          subscriptionLog.warn({ reason: (error as Error).message }, 'connection refused');
          return false;
        }
        const { identity, expiresAt } = authenticated;
        const request = ctx.extra.request;
        ctx.extra.caller = {
          ...identity,
          // as on HTTP: the client's language (its `language` connection parameter, else the upgrade's Accept-Language) and address
          acceptLanguage: connectionLanguage(ctx.connectionParams?.language, request.headers['accept-language']),
          ip: upgradeClientIp(request, options.trustProxy ?? false),
          requestId: requestIdFrom(request.headers['x-request-id']),
          userAgent: normalizeUserAgent(single(request.headers['user-agent'])),
        };
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
        let since: number | null = null;
        if (args.since !== undefined && args.since !== null) {
          since = typeof args.since === 'string' && feed.backlogFilter ? decodeCursor(args.since, options.hub.positionTag) : null;
          if (since === null) return [new AppError('BAD_USER_INPUT', localize(FEED_TEXT.notACursor, resolveLanguage(caller)))];
        }
        const fragments = fragmentMap(document);
        const plans = new Map<FieldNode, EntityPlan>();
        const entityPlan = (rootField: string, entityField: FieldNode): EntityPlan => {
          let plan = plans.get(entityField);
          if (!plan) {
            plan = {
              query: entityQuery(rootField, entityField.selectionSet, document, operation),
              scope: selectionScope(visibility, options.apiSchema, 'Query', rootField, entityField.selectionSet, fragments),
            };
            plans.set(entityField, plan);
          }
          return plan;
        };
        const eventFields = field.selectionSet ? collectFields(field.selectionSet, fragments, variables) : [];
        const context: SubscriptionContext = { caller, feed, field, operation, document, variables, args, since, entityPlan, eventFields, cursorTag: options.hub.positionTag };
        const executionArgs: ExecutionArgs = { schema: options.apiSchema, document, variableValues: variables, operationName: payload.operationName, contextValue: context };
        return executionArgs;
      },
      subscribe: async (args) => {
        const context = args.contextValue as SubscriptionContext;
        const language = resolveLanguage(context.caller);
        if (context.field.name.value === 'applicationStatusChanged') {
          // refuse at once what the subscriber could never see, rather than stay silent
          const check = await options.runQuery('query($id: ID!) { application(id: $id) { id } }', { id: context.args.applicationId }, context.caller);
          const data = check.data as { application?: unknown } | null | undefined;
          if (!data?.application) {
            const error = check.errors?.[0];
            return { errors: [new GraphQLError(error?.message ?? localize(FEED_TEXT.noSuchApplication, language), { extensions: { code: error?.extensions?.code ?? 'NOT_FOUND' } })] };
          }
        }
        const stream = new EventStream(context, options.hub, coalescer, queueLimit, options.metrics);
        if (context.since === null) return stream;
        // the stream holds live events from here on; what came before is read from the log
        try {
          stream.release(await missedEvents(context, options.hub, stream.startPosition, replay));
        } catch (error) {
          await stream.return();
          if (error instanceof AppError) return { errors: [error] };
          subscriptionLog.warn({ requestId: context.caller.requestId, err: error }, 'reading missed events failed');
          return { errors: [new AppError('RATE_LIMITED', localize(FEED_TEXT.backlogUnavailable, language), { retryAfterSeconds: 5 })] };
        }
        return stream;
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
      // closing twice, or after the HTTP server took the WebSocket server down, is no error
      await Promise.resolve(cleanup.dispose()).catch((error: unknown) => {
        if (!(error instanceof Error && error.message === 'The server is not running')) throw error;
      });
      await new Promise<void>((resolve) => wsServer.close(() => resolve()));
    },
  };
}

/**
 * What a feed resumed with `since` missed: its events after the cursor up to `upTo` (from where
 * the stream listens live), for this subscriber, in log order; refused when there is too much.
 */
async function missedEvents(context: SubscriptionContext, hub: EventHub, upTo: number, limits: ReplayLimits): Promise<FeedEvent[]> {
  const since = context.since!;
  const language = resolveLanguage(context.caller);
  const publishedAt = await hub.log.publishedAt(since);
  if (!publishedAt) throw new AppError('BAD_USER_INPUT', localize(FEED_TEXT.unknownCursor, language));
  if (Date.now() - publishedAt.getTime() > limits.maxAgeHours * 3_600_000) {
    throw new AppError('BAD_USER_INPUT', localize(FEED_TEXT.cursorTooOld(limits.maxAgeHours), language), { maxAgeHours: limits.maxAgeHours });
  }
  // a tail without a position yet (the database was down when the gateway started) cannot say where live begins
  if (upTo === 0) throw new Error('the event log tail has no position yet');
  if (since >= upTo) return [];
  const events = await hub.log.backlog({
    afterSeq: since,
    upToSeq: upTo,
    types: context.feed.eventTypes,
    filter: context.feed.backlogFilter!(context.caller, context.args),
    limit: limits.maxEvents + 1,
  });
  if (events.length > limits.maxEvents) {
    throw new AppError('BAD_USER_INPUT', localize(FEED_TEXT.tooManyMissed(limits.maxEvents), language), { maxEvents: limits.maxEvents });
  }
  return events.filter((event) => context.feed.matches(event, context.caller, context.args));
}

interface QueuedEvent {
  event: FeedEvent;
  /** Came from the hub (counts against the queue limit), rather than from the log read of `since`. */
  live: boolean;
}

/**
 * The events of one subscription: a bounded queue filled by the hub (and, for `since`, first by
 * what was missed), rendered one at a time in log order, each at most once.
 */
class EventStream implements AsyncIterableIterator<ExecutionResult> {
  /** The hub's position when the stream began to listen: every later event arrives live. */
  readonly startPosition: number;
  private readonly queue: QueuedEvent[] = [];
  private liveQueued = 0;
  /** Live events held back while what was missed is read (null: not holding). */
  private held: FeedEvent[] | null;
  private waiting: ((result: IteratorResult<ExecutionResult>) => void) | null = null;
  private done = false;
  private overflowed = false;
  private readonly unsubscribe: Array<() => void>;
  /** The log position of the last event handled: nothing at or before it is sent again. */
  private lastSeq: number;
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
    this.lastSeq = context.since ?? 0;
    this.held = context.since === null ? null : [];
    // listening and taking the position in one step: no event falls between the two
    this.unsubscribe = context.feed.eventTypes.map((type) => hub.on(type, (event) => this.offer(event)));
    this.startPosition = hub.position();
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

  /** Queues what was missed, then the live events held back meanwhile. */
  release(missed: FeedEvent[]): void {
    const held = this.held ?? [];
    this.held = null;
    for (const event of missed) this.enqueue({ event, live: false });
    for (const event of held) this.enqueue({ event, live: true });
  }

  private offer(event: FeedEvent): void {
    // after an overflow nothing more is taken: the client resumes from the last cursor it got
    if (this.done || this.overflowed || !this.context.feed.matches(event, this.context.caller, this.context.args)) return;
    if (this.liveQueued >= this.limit) {
      this.overflowed = true;
      if (this.held === null && this.queue.length === 0) this.processing = this.processing.then(() => this.endIfOverflowed());
      return;
    }
    this.liveQueued += 1;
    if (this.held) this.held.push(event);
    else this.enqueue({ event, live: true });
  }

  private enqueue(item: QueuedEvent): void {
    this.queue.push(item);
    this.processing = this.processing.then(() => this.renderNext());
  }

  private async renderNext(): Promise<void> {
    const item = this.queue.shift();
    if (!item) return;
    if (item.live) this.liveQueued -= 1;
    const { event } = item;
    if (this.done || event.seq <= this.lastSeq) return;
    const status = event.status;
    if (status) {
      // one application's events come in log order; an older version is stale, and the same
      // version again is only news as the accrual's push
      const last = this.lastVersion.get(status.applicationId);
      if (last !== undefined && (status.version < last || (status.version === last && event.type !== ACCRUAL_CREATED))) {
        this.lastSeq = event.seq;
        return;
      }
    }
    try {
      const result = await renderEvent(event, this.context, (query, variables, caller, classKey) => this.coalescer.run(event.eventId, query, variables, caller, classKey));
      if (result) {
        if (status) this.lastVersion.set(status.applicationId, status.version);
        this.emit(result);
        this.metrics?.eventsDelivered.inc();
        this.metrics?.eventDeliveryLag.observe((Date.now() - event.occurredAt.getTime()) / 1000);
      }
    } catch (error) {
      subscriptionLog.error({ requestId: this.context.caller.requestId, err: error }, 'rendering a feed event failed');
      // never silence: the subscriber learns this event is missing and where to resume
      this.emit({ data: null, errors: [eventUnavailableError(event, this.context)] });
    }
    this.lastSeq = event.seq;
    this.endIfOverflowed();
  }

  private endIfOverflowed(): void {
    if (!this.overflowed || this.queue.length > 0 || this.done) return;
    const extensions = { code: 'RATE_LIMITED', retryAfterSeconds: 1, ...(this.lastSeq > 0 ? { cursor: encodeCursor(this.lastSeq, this.context.cursorTag) } : {}) };
    this.emit({ errors: [new GraphQLError(localize(FEED_TEXT.tooSlow, resolveLanguage(this.context.caller)), { extensions })] });
    this.finish();
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
    for (const unsubscribe of this.unsubscribe) unsubscribe();
    this.queue.length = 0;
    this.held = null;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = null;
      resolve({ value: undefined, done: true });
    }
  }
}

type RunFollowUp = (query: string, variables: Record<string, unknown>, caller: Caller, classKey: string) => Promise<FollowUpResult>;

/** The error a subscriber gets for an event that could not be rendered: RATE_LIMITED, in their language, with the event's cursor. */
function eventUnavailableError(event: FeedEvent, context: SubscriptionContext, text: typeof FEED_TEXT.eventUnavailable = FEED_TEXT.eventUnavailable): GraphQLError {
  const entityId = context.feed.valueType === 'Notification' ? event.aggregateId : (event.status?.applicationId ?? event.aggregateId);
  return new GraphQLError(localize(text, resolveLanguage(context.caller)), {
    path: [context.field.alias?.value ?? context.field.name.value],
    extensions: { code: 'RATE_LIMITED', retryAfterSeconds: 30, cursor: encodeCursor(event.seq), ...(context.feed.valueType === 'Notification' ? { notificationId: entityId } : { applicationId: entityId }) },
  });
}

/**
 * Builds the subscriber's payload for one event, or null when the subscriber may not see the
 * entity (the subgraphs decide: a null entity means no access or gone). When the follow-up query
 * still fails after its retries, the event is delivered as an error of its own (RATE_LIMITED,
 * with its cursor) and the feed goes on.
 */
async function renderEvent(event: FeedEvent, context: SubscriptionContext, runQuery: RunFollowUp): Promise<ExecutionResult | null> {
  const rootKey = context.field.alias?.value ?? context.field.name.value;
  const cursor = encodeCursor(event.seq, context.cursorTag);
  const errors: GraphQLFormattedError[] = [];
  const entityId = context.feed.valueType === 'Notification' ? event.aggregateId : event.status!.applicationId;
  // the applicant sees their application by a rule of their own: never in a shared class
  const subjects = event.status ? [event.status.applicantId] : [];
  let failed = false;
  const fetchEntity = async (rootField: string, field: FieldNode, path: Array<string | number>) => {
    const plan = context.entityPlan(rootField, field);
    const classKey = accessClassKey(plan.scope, context.caller, subjects);
    const outcome = await runQuery(plan.query, { ...context.variables, [ENTITY_ID_VARIABLE]: entityId }, context.caller, classKey);
    if (outcome.failed) failed = true;
    for (const error of outcome.result.errors ?? []) {
      const formatted = 'toJSON' in error && typeof error.toJSON === 'function' ? error.toJSON() : (error as unknown as GraphQLFormattedError);
      errors.push({ ...formatted, path: [...path, ...(formatted.path ?? []).slice(1)] });
    }
    return (outcome.result.data as Record<string, unknown> | null | undefined)?.[rootField] ?? null;
  };
  const unavailable = (text: typeof FEED_TEXT.eventUnavailable): GraphQLError => eventUnavailableError(event, context, text);
  const answer = (value: unknown): ExecutionResult => {
    const all = failed ? [...errors, unavailable(FEED_TEXT.eventPartlyUnavailable)] : errors;
    return { data: { [rootKey]: value }, ...(all.length ? { errors: all as unknown as GraphQLError[] } : {}) };
  };

  if (context.feed.valueType === 'Notification') {
    const notification = await fetchEntity('notification', context.field, [rootKey]);
    if (!notification) return failed ? { data: null, errors: [unavailable(FEED_TEXT.eventUnavailable)] } : null;
    return answer(notification);
  }

  const change = event.status!;
  const value: Record<string, unknown> = {};
  for (const selected of context.eventFields) {
    switch (selected.name) {
      case '__typename':
        value[selected.responseKey] = 'ApplicationStatusEvent';
        break;
      case 'from':
        value[selected.responseKey] = change.from;
        break;
      case 'to':
        value[selected.responseKey] = change.to;
        break;
      case 'at':
        value[selected.responseKey] = change.at;
        break;
      case 'version':
        value[selected.responseKey] = change.version;
        break;
      case 'cursor':
        value[selected.responseKey] = cursor;
        break;
      case 'application': {
        const application = await fetchEntity('application', selected.node, [rootKey, selected.responseKey]);
        if (!application) return failed ? { data: null, errors: [unavailable(FEED_TEXT.eventUnavailable)] } : null;
        value[selected.responseKey] = application;
        break;
      }
      default:
        value[selected.responseKey] = null;
    }
  }
  return answer(value);
}

/**
 * The operator's view of a subgraph's Tunduk message log (identity's register checks, applications'
 * registry documents and prefill): one shape, shareable, so each subgraph serves its own log.
 */
import { Directive, Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { decodeCursor, encodeCursor, pageSize } from './pagination';
import { PageInfo } from './shared-types';

/** What the log keeps of one exchange (the @portal/tunduk entity has this shape). */
export interface TundukMessageLogView {
  seq: string;
  at: Date;
  serviceId: string;
  messageId: string;
  userId: string;
  issue: string;
  outcome: string;
  httpStatus: number | null;
  detail: string | null;
  requestHash: string;
  responseHash: string | null;
  responseSignature: string | null;
  portalSignature: string;
  prevHash: string;
  entryHash: string;
}

/** The result of walking the chain (@portal/tunduk's verifyMessageLogChain). */
export type TundukMessageLogCheck =
  | { ok: true; entries: number; head: { seq: string; entryHash: string } | null }
  | { ok: false; brokenAt: string; reason: string; entries: number };

/** A PIN or user id with all but its last 4 characters masked: the operator needs the trail, not the person. */
export function maskedUserId(userId: string): string {
  return userId.length > 4 ? `${'*'.repeat(userId.length - 4)}${userId.slice(-4)}` : '****';
}

export enum TundukMessageOutcome {
  OK = 'OK',
  NOT_FOUND = 'NOT_FOUND',
  REJECTED = 'REJECTED',
  SERVER_ERROR = 'SERVER_ERROR',
  TIMEOUT = 'TIMEOUT',
  UNREACHABLE = 'UNREACHABLE',
  FORGED = 'FORGED',
}
registerEnumType(TundukMessageOutcome, { name: 'TundukMessageOutcome', description: 'How one exchange with a registry through Tunduk ended.' });

@Directive('@shareable')
@ObjectType('TundukMessage', { description: "One exchange of the portal with a state registry through Tunduk, as the calling subgraph's message log keeps it (the person's PIN masked)." })
export class TundukMessageType {
  @Field(() => String, { description: 'position in the hash chain' })
  seq!: string;

  @Field(() => Date)
  at!: Date;

  @Field(() => String, { description: 'X-Road service id, e.g. KG/GOV/70000002/population/person' })
  service!: string;

  @Field(() => String, { description: 'the X-Road-Id of the request' })
  messageId!: string;

  @Field(() => String, { description: 'X-Road-UserId with all but its last 4 characters masked' })
  userIdMasked!: string;

  @Field(() => String, { description: 'X-Road-Issue: the purpose or application number' })
  issue!: string;

  @Field(() => TundukMessageOutcome)
  outcome!: TundukMessageOutcome;

  @Field(() => Int, { nullable: true })
  httpStatus!: number | null;

  @Field(() => String, { nullable: true, description: 'why it failed' })
  detail!: string | null;

  @Field(() => String)
  requestHash!: string;

  @Field(() => String, { nullable: true })
  responseHash!: string | null;

  @Field(() => String, { nullable: true, description: "the security server's X-Road-Signature as received" })
  responseSignature!: string | null;

  @Field(() => String, { description: "the portal's detached JWS over the entry's canonical form" })
  portalSignature!: string;

  @Field(() => String)
  prevHash!: string;

  @Field(() => String)
  entryHash!: string;

  static from(entry: TundukMessageLogView): TundukMessageType {
    return Object.assign(new TundukMessageType(), {
      seq: entry.seq,
      at: entry.at,
      service: entry.serviceId,
      messageId: entry.messageId,
      userIdMasked: maskedUserId(entry.userId),
      issue: entry.issue,
      outcome: entry.outcome as TundukMessageOutcome,
      httpStatus: entry.httpStatus,
      detail: entry.detail,
      requestHash: entry.requestHash,
      responseHash: entry.responseHash,
      responseSignature: entry.responseSignature,
      portalSignature: entry.portalSignature,
      prevHash: entry.prevHash,
      entryHash: entry.entryHash,
    });
  }
}

@Directive('@shareable')
@ObjectType('TundukMessageEdge')
export class TundukMessageEdgeType {
  @Field(() => String)
  cursor!: string;

  @Field(() => TundukMessageType)
  node!: TundukMessageType;
}

@Directive('@shareable')
@ObjectType('TundukMessageConnection')
export class TundukMessageConnectionType {
  @Field(() => [TundukMessageEdgeType])
  edges!: TundukMessageEdgeType[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}

@Directive('@shareable')
@ObjectType('TundukMessageLogVerification', { description: "The hash chain and the portal's signatures of the whole message log, checked now." })
export class TundukMessageLogVerificationType {
  @Field(() => Boolean)
  ok!: boolean;

  @Field(() => Int, { description: 'entries checked (up to the break)' })
  entries!: number;

  @Field(() => String, { nullable: true, description: 'the first entry that does not hold' })
  brokenAtSeq!: string | null;

  @Field(() => String, { nullable: true })
  reason!: string | null;

  @Field(() => String, { nullable: true, description: 'the newest entry: compare with a copy kept elsewhere to see a cut-off tail' })
  headSeq!: string | null;

  @Field(() => String, { nullable: true })
  headEntryHash!: string | null;

  static from(result: TundukMessageLogCheck): TundukMessageLogVerificationType {
    return Object.assign(new TundukMessageLogVerificationType(), result.ok
      ? { ok: true, entries: result.entries, brokenAtSeq: null, reason: null, headSeq: result.head?.seq ?? null, headEntryHash: result.head?.entryHash ?? null }
      : { ok: false, entries: result.entries, brokenAtSeq: result.brokenAt, reason: result.reason, headSeq: null, headEntryHash: null });
  }
}

const isSeqCursor = (value: unknown): value is { s: string } =>
  typeof value === 'object' && value !== null && typeof (value as { s: unknown }).s === 'string' && /^\d{1,19}$/.test((value as { s: string }).s);

/**
 * One page of a message log, newest first: `load` reads up to `limit` entries older than `beforeSeq`
 * (all when null) from the subgraph's own log table.
 */
export async function tundukMessageLogPage(
  first: number | null | undefined,
  after: string | null | undefined,
  load: (beforeSeq: string | null, limit: number) => Promise<TundukMessageLogView[]>,
): Promise<TundukMessageConnectionType> {
  const limit = pageSize(first);
  const cursor = decodeCursor(after, isSeqCursor);
  const entries = await load(cursor?.s ?? null, limit + 1);
  const edges = entries.slice(0, limit).map((entry) => ({ cursor: encodeCursor({ s: entry.seq }), node: TundukMessageType.from(entry) }));
  return { edges, pageInfo: { hasNextPage: entries.length > limit, endCursor: edges.at(-1)?.cursor ?? null } };
}

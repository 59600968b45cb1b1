import { PageInfo } from '@portal/kit';
import type { ChainVerification, TundukMessageLogEntry } from '@portal/tunduk';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { maskedUserId } from './registry.rules';

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

@ObjectType('TundukMessage', { description: "One exchange of identity with a state registry through Tunduk, as its message log keeps it (the person's PIN masked)." })
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

  static from(entry: TundukMessageLogEntry): TundukMessageType {
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

@ObjectType('TundukMessageEdge')
export class TundukMessageEdgeType {
  @Field(() => String)
  cursor!: string;

  @Field(() => TundukMessageType)
  node!: TundukMessageType;
}

@ObjectType('TundukMessageConnection')
export class TundukMessageConnectionType {
  @Field(() => [TundukMessageEdgeType])
  edges!: TundukMessageEdgeType[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}

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

  static from(result: ChainVerification): TundukMessageLogVerificationType {
    return Object.assign(new TundukMessageLogVerificationType(), result.ok
      ? { ok: true, entries: result.entries, brokenAtSeq: null, reason: null, headSeq: result.head?.seq ?? null, headEntryHash: result.head?.entryHash ?? null }
      : { ok: false, entries: result.entries, brokenAtSeq: result.brokenAt, reason: result.reason, headSeq: null, headEntryHash: null });
  }
}

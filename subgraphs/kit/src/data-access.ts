/**
 * Recording reads of personal data: every subgraph that serves someone's personal data
 * to somebody else records who read what, for which application and why, before the data leaves.
 * The rules (purpose, merging, dropping one's own reads) are in rules/data-access.ts; the recorder
 * batches all reads of one request into one write (an outbox INSERT of `PersonalDataRead` events,
 * which identity turns into the subject's access log; identity itself writes its table directly).
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { GraphQLResolveInfo } from 'graphql';
import type { Caller } from './caller';
import type { SubgraphContext } from './context';
import { domainEvent, recordEvents } from './events';
import { type PersonalDataRead, type PersonalDataReadRecord, readRecordsFor } from './rules/data-access';

/** The root field of the request this resolver runs in (`application`, `applicationQueue`, `_entities`...). */
export function rootFieldOf(info: Pick<GraphQLResolveInfo, 'path'> | null | undefined): string | null {
  if (!info) return null;
  let path: GraphQLResolveInfo['path'] | undefined = info.path;
  while (path?.prev) path = path.prev;
  return path && typeof path.key === 'string' ? path.key : null;
}

/** Where a subgraph writes the records of one request: its outbox by default. */
export type PersonalDataSink = (em: EntityManager, records: PersonalDataReadRecord[]) => Promise<void>;

/** Writes the records as `PersonalDataRead` events into this subgraph's outbox: one INSERT for all of them. */
export const outboxSink: PersonalDataSink = async (em, records) => {
  await recordEvents(
    em,
    records.map((record) => domainEvent('PersonalDataRead', { type: 'User', id: record.subjectUserId, version: 0 }, record)),
  );
};

const RECORDER = 'kit.personalDataReads';

/**
 * Records a read of personal data by the caller and resolves once it is written, so a resolver
 * that awaits it hands out nothing unrecorded (a failed write fails the field). All reads of one
 * request that arrive together are written by one statement (a per-request DataLoader); the same
 * read twice in a request is written once. Reads of one's own data are not recorded.
 */
export async function recordPersonalDataRead(
  ctx: SubgraphContext,
  read: PersonalDataRead,
  info?: Pick<GraphQLResolveInfo, 'path'> | null,
  sink: PersonalDataSink = outboxSink,
): Promise<void> {
  const readers = readersOf(ctx.caller);
  if (readers.every((reader) => reader.userId !== null && read.subjectUserId === reader.userId)) return;
  const operation = rootFieldOf(info);
  const loader = ctx.loaders.get<string, true>(RECORDER, async (keys) => {
    const entries = keys.map((key) => JSON.parse(key) as { read: PersonalDataRead; operation: string | null });
    const byOperation = new Map<string | null, PersonalDataRead[]>();
    for (const entry of entries) byOperation.set(entry.operation, [...(byOperation.get(entry.operation) ?? []), entry.read]);
    const at = new Date();
    const records = [...byOperation].flatMap(([op, reads]) => readers.flatMap((reader) => readRecordsFor(reader, reads, op, at)));
    if (records.length > 0) await sink(ctx.em, records);
    return keys.map(() => true as const);
  });
  await loader.load(JSON.stringify({ read: normalizedRead(read), operation }));
}

/**
 * Whose reads a request makes: the caller, and for a live-feed event rendered once for its whole
 * access class, every other user it is rendered for (same roles and provider: only who differs).
 */
export function readersOf(caller: Caller): Caller[] {
  if (!caller.alsoFor?.length) return [caller];
  return [caller, ...caller.alsoFor.filter((userId) => userId !== caller.userId).map((userId) => ({ ...caller, userId, alsoFor: undefined }))];
}

function normalizedRead(read: PersonalDataRead): PersonalDataRead {
  return {
    subjectUserId: read.subjectUserId,
    fields: [...read.fields].sort(),
    applicationId: read.applicationId ?? null,
    applicationNumber: read.applicationNumber ?? null,
    ...(read.relation ? { relation: read.relation } : {}),
  };
}

import { type Caller, decodeCursor, encodeCursor, pageSize } from '@portal/kit';
import type { IdentityContext } from '../context';
import type { UserAccess } from '../user/user.rules';
import { DataAccessRecord } from './data-access.entity';
import { type AccessPurpose, accessRecordFor } from './data-access.rules';
import { DataAccessEntryType, type DataAccessConnectionType } from './data-access.type';

const isIdCursor = (value: unknown): value is { i: string } =>
  typeof value === 'object' && value !== null && typeof (value as { i: unknown }).i === 'string' && /^\d{1,19}$/.test((value as { i: string }).i);

export class DataAccessService {
  /**
   * Records that the caller read `subjectUserId`'s data, before the data is handed out. All records
   * of one request are written by one INSERT (a per-request DataLoader batches them), and a subject
   * read twice in one request is recorded once.
   */
  async record(ctx: IdentityContext, subjectUserId: string, access: UserAccess): Promise<void> {
    const draft = accessRecordFor(access);
    if (!draft) return;
    const recorder = ctx.loaders.get<string, true>('identity.dataAccessRecorder', (keys) => this.insertBatch(ctx, keys));
    await recorder.load(`${subjectUserId}|${draft.actorRole ?? ''}|${draft.purpose}`);
  }

  private async insertBatch(ctx: IdentityContext, keys: readonly string[]): Promise<true[]> {
    const at = new Date();
    const rows = keys.map((key) => {
      const [subjectUserId, actorRole, purpose] = key.split('|');
      return recordRow(ctx.caller, subjectUserId, actorRole === '' ? null : (actorRole as DataAccessRecord['actorRole']), purpose as AccessPurpose, at);
    });
    await ctx.em.insertMany(DataAccessRecord, rows);
    return keys.map(() => true);
  }

  /** The signed-in user's own log, newest first. */
  async listOwn(ctx: IdentityContext, subjectUserId: string, first: number | null | undefined, after: string | null | undefined): Promise<DataAccessConnectionType> {
    const limit = pageSize(first);
    const cursor = decodeCursor(after, isIdCursor);
    const records = await ctx.em.find(
      DataAccessRecord,
      { subjectUserId, ...(cursor ? { id: { $lt: cursor.i } } : {}) },
      { orderBy: { id: 'desc' }, limit: limit + 1 },
    );
    const page = records.slice(0, limit);
    const edges = page.map((record) => ({ cursor: encodeCursor({ i: record.id }), node: DataAccessEntryType.from(record) }));
    return { edges, pageInfo: { hasNextPage: records.length > limit, endCursor: edges.length > 0 ? edges[edges.length - 1].cursor : null } };
  }
}

function recordRow(caller: Caller, subjectUserId: string, actorRole: DataAccessRecord['actorRole'], purpose: AccessPurpose, at: Date): Partial<DataAccessRecord> {
  return {
    subjectUserId,
    actorUserId: caller.userId,
    actorRole,
    actorProviderId: actorRole === 'PROVIDER_OFFICER' ? caller.providerId : null,
    purpose,
    requestId: caller.requestId,
    at,
  };
}

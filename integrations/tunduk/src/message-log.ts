/**
 * The message log of Tunduk exchanges, kept in the calling subgraph's own schema: one row per
 * exchange (answered, not found, failed or timed out), each carrying the hash of the previous row and
 * the portal's signature over its canonical form, so an altered or removed row breaks the chain.
 */
import { BigIntType, Entity, PrimaryKey, Property } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { KeyObject } from 'node:crypto';
import { type PortalSigningKey, sha256Hex, signDetached, verifyDetached } from './signing';

/** How an exchange ended. */
export type MessageOutcome = 'OK' | 'NOT_FOUND' | 'REJECTED' | 'SERVER_ERROR' | 'TIMEOUT' | 'UNREACHABLE' | 'FORGED';

export const MESSAGE_LOG_TABLE = 'tunduk_message_log';
/** The `prev_hash` of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** One exchange with a registry (MikroORM mapping; a subgraph lists it among its entities to read the log). */
@Entity({ tableName: MESSAGE_LOG_TABLE })
export class TundukMessageLogEntry {
  @PrimaryKey({ type: new BigIntType('string'), autoincrement: true })
  seq!: string;

  /** The X-Road service id, e.g. KG/GOV/70000002/population/person. */
  @Property({ type: 'text' })
  serviceId!: string;

  /** The request's X-Road-Id. */
  @Property({ type: 'text' })
  messageId!: string;

  /** X-Road-UserId: whom the request was made for. */
  @Property({ type: 'text' })
  userId!: string;

  /** X-Road-Issue: the application number or purpose. */
  @Property({ type: 'text' })
  issue!: string;

  @Property({ type: 'text' })
  method!: string;

  /** The request path below the service (e.g. the PIN). */
  @Property({ type: 'text' })
  path!: string;

  @Property({ type: 'text' })
  requestHash!: string;

  @Property({ type: 'text', nullable: true })
  responseHash: string | null = null;

  @Property({ type: 'integer', nullable: true })
  httpStatus: number | null = null;

  @Property({ type: 'text' })
  outcome!: MessageOutcome;

  /** Why it failed, in one line; null when answered. */
  @Property({ type: 'text', nullable: true })
  detail: string | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  at!: Date;

  /** The answer's X-Road-Signature as received (null when there was no answer). */
  @Property({ type: 'text', nullable: true })
  responseSignature: string | null = null;

  /** The portal's detached JWS over the entry's canonical form (which includes prevHash). */
  @Property({ type: 'text' })
  portalSignature!: string;

  @Property({ type: 'text' })
  prevHash!: string;

  /** SHA-256 of the canonical form. */
  @Property({ type: 'text', unique: true })
  entryHash!: string;
}

/** The SQL that creates the message log in `schema`; a subgraph's migration adds these statements. */
export function tundukMessageLogMigrationSql(schema: string): string[] {
  return [
    `create table "${schema}".${MESSAGE_LOG_TABLE} (
      seq bigserial primary key,
      service_id text not null,
      message_id text not null,
      user_id text not null,
      issue text not null,
      method text not null,
      path text not null,
      request_hash text not null,
      response_hash text,
      http_status integer,
      outcome text not null check (outcome in ('OK', 'NOT_FOUND', 'REJECTED', 'SERVER_ERROR', 'TIMEOUT', 'UNREACHABLE', 'FORGED')),
      detail text,
      at timestamptz not null,
      response_signature text,
      portal_signature text not null,
      prev_hash text not null,
      entry_hash text not null unique
    )`,
    `create index ${MESSAGE_LOG_TABLE}_user_idx on "${schema}".${MESSAGE_LOG_TABLE} (user_id, seq)`,
    `create index ${MESSAGE_LOG_TABLE}_message_idx on "${schema}".${MESSAGE_LOG_TABLE} (message_id)`,
  ];
}

/** The SQL that drops it again (a migration's down). */
export function tundukMessageLogDropSql(schema: string): string[] {
  return [`drop table "${schema}".${MESSAGE_LOG_TABLE}`];
}

/** What the client records about one exchange. */
export interface MessageLogInput {
  serviceId: string;
  messageId: string;
  userId: string;
  issue: string;
  method: string;
  path: string;
  requestHash: string;
  responseHash: string | null;
  httpStatus: number | null;
  outcome: MessageOutcome;
  detail: string | null;
  responseSignature: string | null;
}

interface ChainedFields extends MessageLogInput {
  seq: string;
  at: Date;
  prevHash: string;
}

/** The canonical form an entry's hash and the portal's signature cover: fixed field order, ISO time. */
export function canonicalEntry(entry: ChainedFields): string {
  return JSON.stringify([
    'tunduk-message-log/v1',
    entry.seq,
    entry.serviceId,
    entry.messageId,
    entry.userId,
    entry.issue,
    entry.method,
    entry.path,
    entry.requestHash,
    entry.responseHash,
    entry.httpStatus,
    entry.outcome,
    entry.detail,
    entry.at.toISOString(),
    entry.responseSignature,
    entry.prevHash,
  ]);
}

/** Gives the EntityManager the log is written through: an own fork, never the caller's transaction. */
export type EntityManagerSource = EntityManager | (() => EntityManager);

export interface MessageLog {
  /** Appends an entry in its own transaction (kept even when the caller's transaction rolls back); returns its seq. */
  append(em: EntityManagerSource, entry: MessageLogInput): Promise<{ seq: string; entryHash: string }>;
}

function schemaOf(em: EntityManager): string {
  return em.config.get('schema') as string;
}

function ownFork(source: EntityManagerSource): EntityManager {
  const em = typeof source === 'function' ? source() : source;
  // a fork does not inherit the caller's transaction context: the entry commits on its own
  return em.fork({ clear: true });
}

/** The message log signed with the portal's key, hash-chained under a transaction-scoped advisory lock. */
export class SignedMessageLog implements MessageLog {
  constructor(private readonly key: PortalSigningKey) {}

  get publicKey(): KeyObject {
    return this.key.publicKey;
  }

  async append(source: EntityManagerSource, input: MessageLogInput): Promise<{ seq: string; entryHash: string }> {
    const fork = ownFork(source);
    const schema = schemaOf(fork);
    const table = `"${schema}".${MESSAGE_LOG_TABLE}`;
    return fork.transactional(async (tx) => {
      // appends take turns, so each entry links to the one before it
      await tx.execute('select pg_advisory_xact_lock(hashtext(?))', [`${schema}.${MESSAGE_LOG_TABLE}`]);
      const last = await tx.execute<Array<{ entry_hash: string }>>(`select entry_hash from ${table} order by seq desc limit 1`);
      const [{ seq }] = await tx.execute<Array<{ seq: string }>>(`select nextval(pg_get_serial_sequence(?, 'seq'))::text as seq`, [`"${schema}".${MESSAGE_LOG_TABLE}`]);
      // milliseconds (a JS Date) read back from timestamptz unchanged, so the canonical form is stable
      const fields: ChainedFields = { ...input, seq, at: new Date(), prevHash: last[0]?.entry_hash ?? GENESIS_HASH };
      const canonical = canonicalEntry(fields);
      const entryHash = sha256Hex(canonical);
      const portalSignature = await signDetached(canonical, this.key.privateKey, { alg: this.key.alg, kid: this.key.kid });
      await tx.execute(
        `insert into ${table} (seq, service_id, message_id, user_id, issue, method, path, request_hash, response_hash, http_status, outcome, detail, at, response_signature, portal_signature, prev_hash, entry_hash)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [seq, fields.serviceId, fields.messageId, fields.userId, fields.issue, fields.method, fields.path, fields.requestHash, fields.responseHash, fields.httpStatus, fields.outcome, fields.detail, fields.at, fields.responseSignature, portalSignature, fields.prevHash, entryHash],
      );
      return { seq, entryHash };
    });
  }
}

export type ChainVerification =
  | { ok: true; entries: number; head: { seq: string; entryHash: string } | null }
  | { ok: false; brokenAt: string; reason: string; entries: number };

interface LogRow {
  seq: string;
  service_id: string;
  message_id: string;
  user_id: string;
  issue: string;
  method: string;
  path: string;
  request_hash: string;
  response_hash: string | null;
  http_status: number | null;
  outcome: MessageOutcome;
  detail: string | null;
  at: Date | string;
  response_signature: string | null;
  portal_signature: string;
  prev_hash: string;
  entry_hash: string;
}

/**
 * Walks the whole log in order and checks that every entry's hash matches its content, that it
 * names the previous entry's hash (so an edited, inserted or removed row is found), and, given the
 * portal's public key, that the portal's signature holds. Removing the newest entries leaves a
 * shorter valid chain: compare `head` with a copy kept elsewhere to detect that.
 */
export async function verifyMessageLogChain(source: EntityManagerSource, options: { portalPublicKey?: KeyObject; pageSize?: number } = {}): Promise<ChainVerification> {
  const em = ownFork(source);
  const table = `"${schemaOf(em)}".${MESSAGE_LOG_TABLE}`;
  const pageSize = options.pageSize ?? 500;
  let previousHash = GENESIS_HASH;
  let afterSeq = '0';
  let entries = 0;
  let head: { seq: string; entryHash: string } | null = null;
  for (;;) {
    const rows = await em.execute<LogRow[]>(`select * from ${table} where seq > ?::bigint order by seq limit ?`, [afterSeq, pageSize]);
    for (const row of rows) {
      const fields: ChainedFields = {
        seq: row.seq,
        serviceId: row.service_id,
        messageId: row.message_id,
        userId: row.user_id,
        issue: row.issue,
        method: row.method,
        path: row.path,
        requestHash: row.request_hash,
        responseHash: row.response_hash,
        httpStatus: row.http_status,
        outcome: row.outcome,
        detail: row.detail,
        at: new Date(row.at),
        responseSignature: row.response_signature,
        prevHash: row.prev_hash,
      };
      if (row.prev_hash !== previousHash) {
        return { ok: false, brokenAt: row.seq, reason: entries === 0 && previousHash === GENESIS_HASH ? 'the first entry does not start the chain (entries before it were removed)' : 'does not link to the entry before it (an entry was removed or inserted)', entries };
      }
      const canonical = canonicalEntry(fields);
      if (sha256Hex(canonical) !== row.entry_hash) return { ok: false, brokenAt: row.seq, reason: 'its content does not match its hash (the entry was altered)', entries };
      if (options.portalPublicKey) {
        try {
          await verifyDetached(row.portal_signature, canonical, options.portalPublicKey, ['ES256']);
        } catch {
          return { ok: false, brokenAt: row.seq, reason: "the portal's signature does not hold", entries };
        }
      }
      previousHash = row.entry_hash;
      entries += 1;
      head = { seq: row.seq, entryHash: row.entry_hash };
      afterSeq = row.seq;
    }
    if (rows.length < pageSize) break;
  }
  return { ok: true, entries, head };
}

import type { EntityManager } from '@mikro-orm/postgresql';
import { AttachmentContentEntity } from './attachment.entity';

/**
 * Where attachment bytes live. The metadata (name, type, size, sha256, application, field) is
 * always in PostgreSQL; an object store would implement this interface with the same calls.
 */
export interface AttachmentStore {
  /** Stores the bytes in the transaction of `em` when the store is the database. */
  put(em: EntityManager, attachmentId: string, bytes: Buffer): Promise<void>;
  get(em: EntityManager, attachmentId: string): Promise<Buffer | null>;
}

/** The default store: a bytea row per attachment, written in the same transaction as its metadata. */
export class PostgresAttachmentStore implements AttachmentStore {
  async put(em: EntityManager, attachmentId: string, bytes: Buffer): Promise<void> {
    em.create(AttachmentContentEntity, { attachmentId, bytes });
    await em.flush();
  }

  async get(em: EntityManager, attachmentId: string): Promise<Buffer | null> {
    const row = await em.findOne(AttachmentContentEntity, { attachmentId });
    return row ? Buffer.from(row.bytes) : null;
  }
}

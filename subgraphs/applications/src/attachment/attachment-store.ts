import type { EntityManager } from '@mikro-orm/postgresql';
import { GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
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

export interface S3AttachmentStoreSettings {
  bucket: string;
  /** Key prefix, e.g. attachments/. */
  prefix: string;
  region: string;
  /** An S3-compatible service (MinIO, Ceph, a cloud's S3 API); unset: AWS S3. */
  endpoint?: string;
  /** Path-style addressing (bucket in the path), which most S3-compatible services need. */
  forcePathStyle: boolean;
}

/**
 * Attachment bytes in an S3-compatible object store (the metadata stays in PostgreSQL). Credentials
 * come from the SDK's standard chain (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, profiles, roles).
 * The object is written before the metadata is committed: a failed commit leaves an object no row
 * names (never read, since ids are never reused), never a row without its bytes.
 */
export class S3AttachmentStore implements AttachmentStore {
  private readonly client: S3Client;

  constructor(private readonly settings: S3AttachmentStoreSettings) {
    this.client = new S3Client({
      region: settings.region,
      endpoint: settings.endpoint,
      forcePathStyle: settings.forcePathStyle,
      // plain signed PUTs: S3-compatible services do not all take the newer streaming checksums
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  private keyOf(attachmentId: string): string {
    return `${this.settings.prefix}${attachmentId}`;
  }

  async put(_em: EntityManager, attachmentId: string, bytes: Buffer): Promise<void> {
    await this.client.send(new PutObjectCommand({ Bucket: this.settings.bucket, Key: this.keyOf(attachmentId), Body: bytes, ContentLength: bytes.length }));
  }

  async get(_em: EntityManager, attachmentId: string): Promise<Buffer | null> {
    try {
      const answer = await this.client.send(new GetObjectCommand({ Bucket: this.settings.bucket, Key: this.keyOf(attachmentId) }));
      return answer.Body ? Buffer.from(await answer.Body.transformToByteArray()) : null;
    } catch (error) {
      if (error instanceof NoSuchKey) return null;
      throw error;
    }
  }
}

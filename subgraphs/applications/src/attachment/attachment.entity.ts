import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** A file for a FILE field of one application: declared first, then its bytes received once. */
@Entity({ tableName: 'attachment' })
export class AttachmentEntity {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'uuid' })
  applicationId!: string;

  /** The form field it is for. */
  @Property({ type: 'text' })
  field!: string;

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'text' })
  mimeType!: string;

  /** What the client declared; the bytes received must have exactly this length. */
  @Property({ type: 'integer' })
  size!: number;

  /** SHA-256 (hex) computed by the portal from the bytes received; null until then. */
  @Property({ type: 'text', nullable: true })
  sha256: string | null = null;

  /** PENDING until the bytes are stored, then STORED. */
  @Property({ type: 'text' })
  status!: 'PENDING' | 'STORED';

  @Property({ type: 'uuid' })
  uploadedBy!: string;

  @Property({ type: 'datetime' })
  createdAt!: Date;

  @Property({ type: 'datetime', nullable: true })
  storedAt: Date | null = null;
}

/** The bytes of a stored attachment, when PostgreSQL is the attachment store (the default). */
@Entity({ tableName: 'attachment_content' })
export class AttachmentContentEntity {
  @PrimaryKey({ type: 'uuid' })
  attachmentId!: string;

  @Property({ type: 'blob' })
  bytes!: Buffer;
}

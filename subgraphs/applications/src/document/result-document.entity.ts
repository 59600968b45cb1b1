import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** The signed result of an approved application, kept as issued so anyone can verify it. */
@Entity({ tableName: 'result_document' })
export class ResultDocumentEntity {
  @PrimaryKey({ type: 'text' })
  number!: string;

  @Property({ type: 'uuid' })
  applicationId!: string;

  /** The document as the officer signed it (its RFC 8785 canonical JSON is the signed payload). */
  @Property({ type: 'json' })
  document!: Record<string, unknown>;

  @Property({ type: 'text' })
  sha256!: string;

  @Property({ type: 'text' })
  signature!: string;

  @Property({ type: 'uuid' })
  signedBy!: string;

  @Property({ type: 'uuid' })
  signingKeyId!: string;

  @Property({ type: 'datetime' })
  issuedAt!: Date;

  /** Random, printed on the document and shown to the holder: verifyDocument needs it to say more than valid/invalid. */
  @Property({ type: 'text' })
  verificationCode!: string;
}

import { Entity, PrimaryKey, PrimaryKeyProp, Property } from '@mikro-orm/core';
import type { LocalizedText } from '@portal/kit';
import type { RegistryFetchStatusCode } from './registry-document.rules';

/**
 * A document of a submitted application that the portal fetches from a state registry through
 * Tunduk (once-only principle), with its fetch job: created in the submission's transaction,
 * leased and retried by the registry fetch worker until it is FETCHED or NOT_FOUND (or FAILED,
 * or WAIVED by the provider's officer).
 */
@Entity({ tableName: 'registry_document' })
export class RegistryDocumentEntity {
  [PrimaryKeyProp]?: ['applicationId', 'code'];

  @PrimaryKey({ type: 'uuid' })
  applicationId!: string;

  @PrimaryKey({ type: 'text' })
  code!: string;

  @Property({ type: 'json' })
  title!: LocalizedText;

  /** The registry's display name. */
  @Property({ type: 'text' })
  registry!: string;

  /** X-Road service id the document is fetched from. */
  @Property({ type: 'text' })
  service!: string;

  /** The form field naming the PIN the document is about; null: the applicant's own identifier. */
  @Property({ type: 'text', nullable: true })
  keyField: string | null = null;

  @Property({ type: 'text' })
  status!: RegistryFetchStatusCode;

  @Property({ type: 'json', nullable: true })
  data: unknown = null;

  /** X-Road-Id of the message-log entry of the answer kept. */
  @Property({ type: 'text', nullable: true })
  messageId: string | null = null;

  @Property({ type: 'datetime', nullable: true })
  fetchedAt: Date | null = null;

  @Property({ type: 'integer' })
  attempts: number = 0;

  @Property({ type: 'text', nullable: true })
  lastError: string | null = null;

  @Property({ type: 'datetime' })
  nextAttemptAt!: Date;

  @Property({ type: 'text', nullable: true })
  leaseOwner: string | null = null;

  @Property({ type: 'datetime', nullable: true })
  leaseExpiresAt: Date | null = null;

  @Property({ type: 'uuid', nullable: true })
  waivedBy: string | null = null;

  @Property({ type: 'datetime', nullable: true })
  waivedAt: Date | null = null;

  @Property({ type: 'text', nullable: true })
  waiverReason: string | null = null;

  @Property({ type: 'datetime' })
  createdAt!: Date;

  @Property({ type: 'datetime' })
  updatedAt!: Date;
}

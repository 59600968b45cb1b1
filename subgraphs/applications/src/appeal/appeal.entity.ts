import { Entity, PrimaryKey, PrimaryKeyProp, Property } from '@mikro-orm/core';
import type { LocalizedText } from '@portal/kit';
import type { AppealStatusCode, AppealSubjectCode } from './appeal.rules';

/** A complaint about a provider's decision, action or inaction, addressed to its appeal body. */
@Entity({ tableName: 'appeal' })
export class AppealEntity {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'uuid' })
  applicationId!: string;

  @Property({ type: 'uuid' })
  applicantId!: string;

  @Property({ type: 'uuid' })
  providerId!: string;

  @Property({ type: 'text' })
  subject!: AppealSubjectCode;

  /** The application version of the status change complained about: one complaint per subject and step. */
  @Property({ type: 'integer' })
  matterVersion!: number;

  @Property({ type: 'text' })
  text!: string;

  @Property({ type: 'text' })
  status: AppealStatusCode = 'FILED';

  /** The body it is addressed to (null: the provider had none named when it was filed; it stays FILED until one is). */
  @Property({ type: 'uuid', nullable: true })
  appealBodyId: string | null = null;

  /** The body's catalogue code: its officers sign the answer with a qualified certificate naming it. */
  @Property({ type: 'text', nullable: true })
  appealBodyCode: string | null = null;

  @Property({ type: 'json', nullable: true })
  appealBodyName: LocalizedText | null = null;

  @Property({ type: 'datetime', nullable: true })
  registeredAt: Date | null = null;

  /** The body's answer deadline (working days from registration). */
  @Property({ type: 'datetime', nullable: true })
  dueAt: Date | null = null;

  @Property({ type: 'uuid', nullable: true })
  reviewerId: string | null = null;

  @Property({ type: 'text', nullable: true })
  answer: string | null = null;

  @Property({ type: 'text', nullable: true })
  answerSignature: string | null = null;

  @Property({ type: 'uuid', nullable: true })
  answerSigningKeyId: string | null = null;

  @Property({ type: 'uuid', nullable: true })
  answeredBy: string | null = null;

  @Property({ type: 'datetime', nullable: true })
  answeredAt: Date | null = null;

  /** UPHELD: the status the application was reopened in; null when it stayed where it was. */
  @Property({ type: 'text', nullable: true })
  reopenedTo: string | null = null;

  /** When the missed answer deadline was announced (AppealOverdue); not a change: the version stays. */
  @Property({ type: 'datetime', nullable: true })
  overdueAt: Date | null = null;

  /** Optimistic lock; also the version of the AppealChanged events. */
  @Property({ type: 'integer' })
  version: number = 1;

  @Property({ type: 'datetime' })
  createdAt!: Date;
}

/** One state change of a complaint, with who made it (SYSTEM: registration with the body). */
@Entity({ tableName: 'appeal_change' })
export class AppealChangeEntity {
  [PrimaryKeyProp]?: ['appealId', 'appealVersion'];

  @PrimaryKey({ type: 'uuid' })
  appealId!: string;

  @PrimaryKey({ type: 'integer' })
  appealVersion!: number;

  @Property({ type: 'text', nullable: true })
  fromStatus: AppealStatusCode | null = null;

  @Property({ type: 'text' })
  toStatus!: AppealStatusCode;

  @Property({ type: 'datetime' })
  at!: Date;

  @Property({ type: 'uuid', nullable: true })
  actorId: string | null = null;

  @Property({ type: 'text' })
  actorRole!: 'CITIZEN' | 'PROVIDER_OFFICER' | 'SYSTEM';
}

/** The catalog's appeal body of a provider (ProviderAppealBodyConfigured), kept here to address complaints. */
@Entity({ tableName: 'provider_appeal_body' })
export class ProviderAppealBodyEntity {
  @PrimaryKey({ type: 'uuid' })
  providerId!: string;

  @Property({ type: 'uuid', nullable: true })
  appealBodyId: string | null = null;

  @Property({ type: 'text', nullable: true })
  appealBodyCode: string | null = null;

  @Property({ type: 'json', nullable: true })
  appealBodyName: LocalizedText | null = null;

  @Property({ type: 'integer' })
  version!: number;
}

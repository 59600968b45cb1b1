import { randomUUID } from 'node:crypto';
import type { ResultFormatCode } from '../result/result.rules';
import { Entity, PrimaryKey, PrimaryKeyProp, Property } from '@mikro-orm/core';
import type { ApplicationStatus } from './application-transitions.rules';
import type { PrefillSourceCode } from './draft.rules';

/** What an application row holds; the entity and the snapshots returned after a change share it. */
export interface ApplicationRecord {
  id: string;
  number: string | null;
  applicantId: string;
  serviceId: string;
  serviceVersion: number;
  providerId: string;
  status: ApplicationStatus;
  data: Record<string, unknown>;
  currentStep: string | null;
  signature: string | null;
  signingKeyId: string | null;
  submittedAt: Date | null;
  intakeDueAt: Date | null;
  registeredAt: Date | null;
  paymentConfirmedAt: Date | null;
  dueAt: Date | null;
  executorId: string | null;
  refusalReason: string | null;
  resultDocumentNumber: string | null;
  /** When the missed intake deadline was detected and announced (ApplicationOverdue INTAKE); not a change: the version stays. */
  intakeOverdueAt: Date | null;
  /** When the missed decision deadline was detected and announced (ApplicationOverdue DECISION). */
  decisionOverdueAt: Date | null;
  /** Where the draft's prefilled identity data came from; null when nothing was prefilled. */
  prefillSource: PrefillSourceCode | null;
  /** how the applicant receives the result: a signed document, or an information-system record where the service allows it. */
  resultFormat: ResultFormatCode;
  /** The appeal body hearing a complaint about it: its officers may read the application; not a change, the version stays. */
  appealBodyId?: string | null;
  /** Optimistic lock: every change increments it; also the version of the events it emits. */
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** An application (R-25..R-42), bound to the service version it was started on. */
@Entity({ tableName: 'application' })
export class ApplicationEntity implements ApplicationRecord {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'text', nullable: true })
  number: string | null = null;

  @Property({ type: 'uuid' })
  applicantId!: string;

  @Property({ type: 'uuid' })
  serviceId!: string;

  @Property({ type: 'integer' })
  serviceVersion!: number;

  @Property({ type: 'uuid' })
  providerId!: string;

  @Property({ type: 'text' })
  status!: ApplicationStatus;

  @Property({ type: 'json' })
  data!: Record<string, unknown>;

  @Property({ type: 'text', nullable: true })
  currentStep: string | null = null;

  @Property({ type: 'text', nullable: true })
  signature: string | null = null;

  @Property({ type: 'uuid', nullable: true })
  signingKeyId: string | null = null;

  @Property({ type: 'datetime', nullable: true })
  submittedAt: Date | null = null;

  @Property({ type: 'datetime', nullable: true })
  intakeDueAt: Date | null = null;

  @Property({ type: 'datetime', nullable: true })
  registeredAt: Date | null = null;

  @Property({ type: 'datetime', nullable: true })
  paymentConfirmedAt: Date | null = null;

  @Property({ type: 'datetime', nullable: true })
  dueAt: Date | null = null;

  @Property({ type: 'uuid', nullable: true })
  executorId: string | null = null;

  @Property({ type: 'text', nullable: true })
  refusalReason: string | null = null;

  @Property({ type: 'text', nullable: true })
  resultDocumentNumber: string | null = null;

  @Property({ type: 'datetime', nullable: true })
  intakeOverdueAt: Date | null = null;

  @Property({ type: 'datetime', nullable: true })
  decisionOverdueAt: Date | null = null;

  @Property({ type: 'text', nullable: true })
  prefillSource: PrefillSourceCode | null = null;

  @Property({ type: 'text' })
  resultFormat: ResultFormatCode = 'DOCUMENT';
  @Property({ type: 'uuid', nullable: true })
  appealBodyId: string | null = null;

  @Property({ type: 'integer' })
  version!: number;

  @Property({ type: 'datetime' })
  createdAt!: Date;

  @Property({ type: 'datetime' })
  updatedAt!: Date;

  /** The client's idempotency key of the saveDraft call that created this draft. */
  @Property({ type: 'text', nullable: true })
  draftKey: string | null = null;
}

/** A new draft's row: the applicant, the service version and data it starts with; nothing submitted, signed or decided yet. */
export function newDraftRecord(draft: {
  applicantId: string;
  service: { serviceId: string; version: number; providerId: string };
  data: Record<string, unknown>;
  currentStep: string | null;
  prefillSource: PrefillSourceCode | null;
  resultFormat: ResultFormatCode;
  at: Date;
}): ApplicationRecord {
  return {
    id: randomUUID(),
    number: null,
    applicantId: draft.applicantId,
    serviceId: draft.service.serviceId,
    serviceVersion: draft.service.version,
    providerId: draft.service.providerId,
    status: 'DRAFT',
    data: draft.data,
    currentStep: draft.currentStep,
    signature: null,
    signingKeyId: null,
    submittedAt: null,
    intakeDueAt: null,
    registeredAt: null,
    paymentConfirmedAt: null,
    dueAt: null,
    executorId: null,
    refusalReason: null,
    resultDocumentNumber: null,
    intakeOverdueAt: null,
    decisionOverdueAt: null,
    prefillSource: draft.prefillSource,
    resultFormat: draft.resultFormat,
    version: 1,
    createdAt: draft.at,
    updatedAt: draft.at,
  };
}

/** A plain copy of the row, safe to combine with the changes of an update. */
export function snapshotOf(entity: ApplicationRecord): ApplicationRecord {
  return {
    id: entity.id,
    number: entity.number,
    applicantId: entity.applicantId,
    serviceId: entity.serviceId,
    serviceVersion: entity.serviceVersion,
    providerId: entity.providerId,
    status: entity.status,
    data: entity.data,
    currentStep: entity.currentStep,
    signature: entity.signature,
    signingKeyId: entity.signingKeyId,
    submittedAt: entity.submittedAt,
    intakeDueAt: entity.intakeDueAt,
    registeredAt: entity.registeredAt,
    paymentConfirmedAt: entity.paymentConfirmedAt,
    dueAt: entity.dueAt,
    executorId: entity.executorId,
    refusalReason: entity.refusalReason,
    resultDocumentNumber: entity.resultDocumentNumber,
    intakeOverdueAt: entity.intakeOverdueAt,
    decisionOverdueAt: entity.decisionOverdueAt,
    prefillSource: entity.prefillSource,
    resultFormat: entity.resultFormat,
    appealBodyId: entity.appealBodyId ?? null,
    version: entity.version,
    createdAt: entity.createdAt,
    updatedAt: entity.updatedAt,
  };
}

/** One status change (R-29: every transition kept with actor, time and reason). */
@Entity({ tableName: 'status_change' })
export class StatusChangeEntity {
  [PrimaryKeyProp]?: ['applicationId', 'applicationVersion'];

  @PrimaryKey({ type: 'uuid' })
  applicationId!: string;

  /** The application's version this change produced (orders the history; equals the event version). */
  @PrimaryKey({ type: 'integer' })
  applicationVersion!: number;

  @Property({ type: 'text', nullable: true })
  fromStatus: ApplicationStatus | null = null;

  @Property({ type: 'text' })
  toStatus!: ApplicationStatus;

  @Property({ type: 'datetime' })
  at!: Date;

  /** Null when the platform acted (actorRole SYSTEM). */
  @Property({ type: 'uuid', nullable: true })
  actorId: string | null = null;

  @Property({ type: 'text' })
  actorRole!: 'CITIZEN' | 'PROVIDER_OFFICER' | 'OPERATOR' | 'SYSTEM';

  @Property({ type: 'text', nullable: true })
  reason: string | null = null;
}

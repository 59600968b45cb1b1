import { Entity, OptionalProps, PrimaryKey, PrimaryKeyProp, Property } from '@mikro-orm/core';
import type { FormDefinitionData } from '@portal/kit';
import type {
  AutomationLevelCode,
  ReceptionData,
  RequiredDocumentData,
  ResultDeliveryCode,
  ServiceKindCode,
  SignatureLevelCode,
} from './service.rules';

/** A service's identity and which of its published versions is current. */
@Entity({ tableName: 'service' })
export class Service {
  [OptionalProps]?: 'createdAt' | 'updatedAt';

  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'text', unique: true })
  code!: string;

  @Property({ type: 'uuid' })
  providerId!: string;

  @Property({ type: 'integer' })
  currentVersion!: number;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime' })
  updatedAt: Date = new Date();
}

/**
 * One published version of a service standard. Never updated or deleted (a trigger refuses it):
 * an application keeps the version it was made on.
 */
@Entity({ tableName: 'service_version' })
export class ServiceVersion {
  [PrimaryKeyProp]?: ['serviceId', 'version'];
  [OptionalProps]?: 'publishedAt' | 'proposalId' | 'publishedBy' | 'resultForm' | 'reception' | 'resultAsRecordAllowed' | 'feeReturnedOnRefusal';

  @PrimaryKey({ type: 'uuid' })
  serviceId!: string;

  @PrimaryKey({ type: 'integer' })
  version!: number;

  @Property({ type: 'text' })
  kind!: ServiceKindCode;

  @Property({ type: 'text' })
  titleKy!: string;

  @Property({ type: 'text' })
  titleRu!: string;

  @Property({ type: 'text' })
  descriptionKy!: string;

  @Property({ type: 'text' })
  descriptionRu!: string;

  @Property({ type: 'text' })
  category!: string;

  @Property({ type: 'text' })
  categoryNameKy!: string;

  @Property({ type: 'text' })
  categoryNameRu!: string;

  @Property({ type: 'integer', nullable: true })
  feeAmountMinor!: number | null;

  @Property({ type: 'text', nullable: true })
  budgetCode!: string | null;

  @Property({ type: 'integer' })
  deadlineWorkingDays!: number;

  @Property({ type: 'json' })
  requiredDocuments!: RequiredDocumentData[];

  @Property({ type: 'json' })
  form!: FormDefinitionData;

  @Property({ type: 'text' })
  automationLevel!: AutomationLevelCode;

  @Property({ type: 'text' })
  signatureLevel!: SignatureLevelCode;

  @Property({ type: 'boolean' })
  personalVisitRequired!: boolean;

  /** The fee goes back to the payer when the provider refuses (a paid service only). */
  @Property({ type: 'boolean' })
  feeReturnedOnRefusal: boolean = false;

  @Property({ type: 'text' })
  resultDelivery!: ResultDeliveryCode;

  /** the form of the result; null for versions published before result forms. */
  @Property({ type: 'json', nullable: true })
  resultForm: FormDefinitionData | null = null;

  @Property({ type: 'json', nullable: true })
  reception: ReceptionData | null = null;

  @Property({ type: 'boolean' })
  resultAsRecordAllowed: boolean = false;

  @Property({ type: 'text' })
  statusCheckMethodKy!: string;

  @Property({ type: 'text' })
  statusCheckMethodRu!: string;

  @Property({ type: 'text' })
  appealProcedureKy!: string;

  @Property({ type: 'text' })
  appealProcedureRu!: string;

  /** The proposal this version was published from; null for seeded versions. */
  @Property({ type: 'uuid', nullable: true })
  proposalId: string | null = null;

  @Property({ type: 'uuid', nullable: true })
  publishedBy: string | null = null;

  @Property({ type: 'datetime' })
  publishedAt: Date = new Date();
}

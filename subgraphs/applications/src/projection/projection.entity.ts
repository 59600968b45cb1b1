import { Entity, PrimaryKey, PrimaryKeyProp, Property } from '@mikro-orm/core';
import type { FormDefinitionData, LocalizedText, Reception } from '@portal/kit';
import type { RequiredDocument } from '../registry/registry-document.rules';

/** identity's UserProfileChanged, as far as applications need it: prefill, payer PIN, executors. */
@Entity({ tableName: 'applicant_profile' })
export class ApplicantProfileEntity {
  @PrimaryKey({ type: 'uuid' })
  userId!: string;

  @Property({ type: 'text' })
  kind!: 'INDIVIDUAL' | 'LEGAL_ENTITY';

  @Property({ type: 'text' })
  pin!: string;

  @Property({ type: 'text' })
  fullName!: string;

  @Property({ type: 'text', nullable: true })
  birthDate: string | null = null;

  @Property({ type: 'text', nullable: true })
  address: string | null = null;

  @Property({ type: 'text', nullable: true })
  email: string | null = null;

  @Property({ type: 'text', nullable: true })
  phone: string | null = null;

  @Property({ type: 'text' })
  preferredLanguage!: 'KY' | 'RU';

  @Property({ type: 'string[]', columnType: 'text[]' })
  roles!: string[];

  @Property({ type: 'uuid', nullable: true })
  providerId: string | null = null;

  @Property({ type: 'boolean' })
  blocked!: boolean;

  /** The event's aggregate version: an older event never overwrites a newer profile. */
  @Property({ type: 'integer' })
  profileVersion!: number;

  @Property({ type: 'datetime' })
  updatedAt!: Date;
}

/** identity's SigningKeyRegistered / SigningKeyRevoked: the public keys signatures are checked against. */
@Entity({ tableName: 'signing_key' })
export class SigningKeyEntity {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'uuid' })
  userId!: string;

  @Property({ type: 'text' })
  level!: 'SIMPLE' | 'QUALIFIED';

  @Property({ type: 'json' })
  publicKeyJwk!: Record<string, unknown>;

  @Property({ type: 'text', nullable: true })
  certificateSubject: string | null = null;

  /** QUALIFIED keys: the certificate's serial number (hex), end of validity and chain (PEMs, leaf first), checked at every signature. */
  @Property({ type: 'text', nullable: true })
  certificateSerialNumber: string | null = null;

  @Property({ type: 'datetime', nullable: true })
  certificateNotAfter: Date | null = null;

  @Property({ type: 'json', nullable: true })
  certificateChainPem: string[] | null = null;

  @Property({ type: 'datetime' })
  registeredAt!: Date;

  @Property({ type: 'datetime', nullable: true })
  revokedAt: Date | null = null;
}

/** catalog's ServiceVersionPublished: every published version, immutable, so drafts keep theirs. */
@Entity({ tableName: 'service_version' })
export class ServiceVersionEntity {
  [PrimaryKeyProp]?: ['serviceId', 'version'];

  @PrimaryKey({ type: 'uuid' })
  serviceId!: string;

  @PrimaryKey({ type: 'integer' })
  version!: number;

  @Property({ type: 'text' })
  code!: string;

  @Property({ type: 'uuid' })
  providerId!: string;

  @Property({ type: 'text' })
  providerCode!: string;

  @Property({ type: 'json' })
  providerName!: LocalizedText;

  @Property({ type: 'json' })
  title!: LocalizedText;

  /** Tyiyn; null or 0 when free. */
  @Property({ type: 'integer', nullable: true })
  feeMinor: number | null = null;

  @Property({ type: 'text', nullable: true })
  budgetCode: string | null = null;

  @Property({ type: 'integer' })
  deadlineWorkingDays!: number;

  @Property({ type: 'text' })
  signatureLevel!: 'SIMPLE' | 'QUALIFIED';

  @Property({ type: 'json' })
  appealProcedure!: LocalizedText;

  @Property({ type: 'json' })
  form!: FormDefinitionData;

  /** The documents the standard requires; the registry ones marked obtainedByPortal are fetched at submission. */
  @Property({ type: 'json' })
  requiredDocuments: RequiredDocument[] = [];

  @Property({ type: 'boolean' })
  personalVisitRequired: boolean = false;

  @Property({ type: 'text' })
  resultDelivery: 'PORTAL' | 'IN_PERSON' = 'PORTAL';

  /** the form of the result the officer fills; null for versions from before result forms (free-form). */
  @Property({ type: 'json', nullable: true })
  resultForm: FormDefinitionData | null = null;

  /** Where and when applicants come in person (S items 4-5). */
  @Property({ type: 'json', nullable: true })
  reception: Reception | null = null;

  /** the applicant may choose the result as an information-system record. */
  @Property({ type: 'boolean' })
  resultAsRecordAllowed: boolean = false;

  @Property({ type: 'datetime' })
  publishedAt!: Date;
}

/** Whether the service charges a fee. */
export const isPaidService = (service: Pick<ServiceVersionEntity, 'feeMinor'>): boolean => (service.feeMinor ?? 0) > 0;

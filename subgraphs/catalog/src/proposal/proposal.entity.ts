import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import type { ServiceStandard } from '../service/service.rules';
import type { ProposalStatusCode } from './proposal.rules';

/** A provider's proposed change to a service (or a new service), waiting for the operator. */
@Entity({ tableName: 'service_change_proposal' })
export class ServiceChangeProposal {
  [OptionalProps]?: 'status' | 'proposedAt' | 'decidedBy' | 'decidedAt' | 'rejectionReason' | 'publishedVersion' | 'comment';

  @PrimaryKey({ type: 'uuid' })
  id!: string;

  /** Null for a new service until it is published. */
  @Property({ type: 'uuid', nullable: true })
  serviceId!: string | null;

  @Property({ type: 'uuid' })
  providerId!: string;

  @Property({ type: 'text' })
  serviceCode!: string;

  /** The version the change was made on; null for a new service. */
  @Property({ type: 'integer', nullable: true })
  baseVersion!: number | null;

  @Property({ type: 'json' })
  standard!: ServiceStandard;

  @Property({ type: 'text', nullable: true })
  comment: string | null = null;

  @Property({ type: 'text' })
  status: ProposalStatusCode = 'PENDING';

  @Property({ type: 'uuid' })
  proposedBy!: string;

  @Property({ type: 'datetime' })
  proposedAt: Date = new Date();

  @Property({ type: 'uuid', nullable: true })
  decidedBy: string | null = null;

  @Property({ type: 'datetime', nullable: true })
  decidedAt: Date | null = null;

  @Property({ type: 'text', nullable: true })
  rejectionReason: string | null = null;

  @Property({ type: 'integer', nullable: true })
  publishedVersion: number | null = null;
}

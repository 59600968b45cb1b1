import { DateTimeScalar, JSONScalar, type LocalizedText, PageInfo } from '@portal/kit';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { ServiceStandard } from '../service/service.rules';
import type { ServiceChangeProposal } from './proposal.entity';
import type { ProposalStatusCode } from './proposal.rules';

export enum ServiceChangeStatus {
  PENDING = 'PENDING',
  PUBLISHED = 'PUBLISHED',
  REJECTED = 'REJECTED',
}
registerEnumType(ServiceChangeStatus, { name: 'ServiceChangeStatus' });

const _statusCheck: Record<ProposalStatusCode, ServiceChangeStatus> = {
  PENDING: ServiceChangeStatus.PENDING,
  PUBLISHED: ServiceChangeStatus.PUBLISHED,
  REJECTED: ServiceChangeStatus.REJECTED,
};
void _statusCheck;

@ObjectType('ServiceChangeProposal', { description: "A provider's proposed change to the catalogue, published or rejected by the operator (R-18, R-44)." })
export class ServiceChangeProposalType {
  @Field(() => ID)
  id!: string;

  @Field(() => ServiceChangeStatus)
  status!: ProposalStatusCode;

  serviceId!: string | null;

  @Field({ description: 'The code of the service changed or created.' })
  serviceCode!: string;

  providerId!: string;

  @Field(() => Int, { nullable: true, description: 'The version the change was made on; null for a new service.' })
  baseVersion!: number | null;

  @Field(() => Int, { nullable: true, description: 'The version publishing created.' })
  publishedVersion!: number | null;

  @Field(() => JSONScalar, { description: 'The proposed standard, as validated and stored.' })
  standard!: ServiceStandard;

  title!: LocalizedText;

  @Field(() => String, { nullable: true })
  comment!: string | null;

  @Field(() => ID, { description: 'The user who proposed it.' })
  proposedBy!: string;

  @Field(() => DateTimeScalar)
  proposedAt!: Date;

  @Field(() => ID, { nullable: true })
  decidedBy!: string | null;

  @Field(() => DateTimeScalar, { nullable: true })
  decidedAt!: Date | null;

  @Field(() => String, { nullable: true })
  rejectionReason!: string | null;
}

export function toProposalType(proposal: ServiceChangeProposal): ServiceChangeProposalType {
  return {
    id: proposal.id,
    status: proposal.status,
    serviceId: proposal.serviceId,
    serviceCode: proposal.serviceCode,
    providerId: proposal.providerId,
    baseVersion: proposal.baseVersion,
    publishedVersion: proposal.publishedVersion,
    standard: proposal.standard,
    title: proposal.standard.title,
    comment: proposal.comment,
    proposedBy: proposal.proposedBy,
    proposedAt: proposal.proposedAt,
    decidedBy: proposal.decidedBy,
    decidedAt: proposal.decidedAt,
    rejectionReason: proposal.rejectionReason,
  };
}

@ObjectType('ServiceChangeProposalEdge')
export class ServiceChangeProposalEdgeType {
  @Field()
  cursor!: string;

  @Field(() => ServiceChangeProposalType)
  node!: ServiceChangeProposalType;
}

@ObjectType('ServiceChangeProposalConnection')
export class ServiceChangeProposalConnectionType {
  @Field(() => [ServiceChangeProposalEdgeType])
  edges!: ServiceChangeProposalEdgeType[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int)
  totalCount!: number;
}

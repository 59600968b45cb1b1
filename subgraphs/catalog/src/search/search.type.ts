import { PageInfo } from '@portal/kit';
import { Field, Int, ObjectType } from 'type-graphql';
import { ServiceType } from '../service/service.type';

@ObjectType('ServiceEdge')
export class ServiceEdgeType {
  @Field()
  cursor!: string;

  @Field(() => ServiceType)
  node!: ServiceType;
}

@ObjectType('ServiceConnection')
export class ServiceConnectionType {
  @Field(() => [ServiceEdgeType])
  edges!: ServiceEdgeType[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int, { description: 'How many services match the filter, on all pages.' })
  totalCount!: number;
}

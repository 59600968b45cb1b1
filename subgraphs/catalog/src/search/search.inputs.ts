import { Field, ID, InputType } from 'type-graphql';
import { ServiceKind } from '../service/service.type';

@InputType('ServiceFilter')
export class ServiceFilterInput {
  @Field(() => String, {
    nullable: true,
    description: 'Words in Kyrgyz or Russian matched against titles, descriptions, categories and provider names, typos tolerated; at most 200 characters.',
  })
  search?: string | null;

  @Field(() => String, { nullable: true, description: 'A category code (Query.serviceCategories).' })
  category?: string | null;

  @Field(() => ID, { nullable: true })
  providerId?: string | null;

  @Field(() => ServiceKind, { nullable: true })
  kind?: ServiceKind | null;
}

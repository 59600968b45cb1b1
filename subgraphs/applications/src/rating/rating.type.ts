import { Field, Float, Int, ObjectType } from 'type-graphql';

@ObjectType('ServiceRating', { description: 'What applicants scored a service, 1 to 5.' })
export class ServiceRating {
  @Field(() => Float, { nullable: true, description: 'Mean score rounded to two decimals; null while nobody has rated.' })
  average!: number | null;

  @Field(() => Int)
  count!: number;
}

import { PageInfo } from '@portal/kit';
import { Field, Float, Int, ObjectType } from 'type-graphql';

@ObjectType('ServiceRating', { description: 'What applicants scored a service, 1 to 5.' })
export class ServiceRating {
  @Field(() => Float, { nullable: true, description: 'Mean score rounded to two decimals; null while nobody has rated.' })
  average!: number | null;

  @Field(() => Int)
  count!: number;
}

@ObjectType('ServiceRatingComment', { description: "An applicant's score with their comment or suggestion (R-36); never names the rater or the application." })
export class ServiceRatingComment {
  @Field(() => Int)
  score!: number;

  @Field()
  comment!: string;

  @Field(() => Date, { description: 'When it was given (or last changed).' })
  ratedAt!: Date;
}

@ObjectType('ServiceRatingCommentEdge')
export class ServiceRatingCommentEdge {
  @Field()
  cursor!: string;

  @Field(() => ServiceRatingComment)
  node!: ServiceRatingComment;
}

@ObjectType('ServiceRatingCommentConnection')
export class ServiceRatingCommentConnection {
  @Field(() => [ServiceRatingCommentEdge])
  edges!: ServiceRatingCommentEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int)
  totalCount!: number;
}

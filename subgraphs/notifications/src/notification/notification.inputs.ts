import { ArgsType, Field, Int } from 'type-graphql';

@ArgsType()
export class NotificationsArgs {
  @Field(() => Boolean, { nullable: true, description: 'Only notifications not yet read.' })
  unreadOnly?: boolean | null;

  @Field(() => Int, { nullable: true, description: 'Page size, 1 to 100; 20 when omitted.' })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'The endCursor of the previous page.' })
  after?: string | null;
}

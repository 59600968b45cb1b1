import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** identity's User, extended here with the user's accruals. */
@Directive('@key(fields: "id")')
@ObjectType('User')
export class User {
  @Field(() => ID)
  id!: string;
}

import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** identity's User: applicants, officers, executors and signers point at it; `applications` is added here. */
@Directive('@key(fields: "id")')
@ObjectType('User')
export class User {
  @Field(() => ID)
  id!: string;

  static of(id: string): User;
  static of(id: string | null): User | null;
  static of(id: string | null): User | null {
    return id ? Object.assign(new User(), { id }) : null;
  }
}

import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** applications' Application: notifications only point at it, the owner resolves its fields. */
@Directive('@key(fields: "id", resolvable: false)')
@ObjectType('Application')
export class ApplicationReference {
  @Field(() => ID)
  id!: string;

  static of(id: string | null): ApplicationReference | null {
    return id ? Object.assign(new ApplicationReference(), { id }) : null;
  }
}

import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** applications' Application, extended here with its accrual. */
@Directive('@key(fields: "id")')
@ObjectType('Application')
export class Application {
  @Field(() => ID)
  id!: string;

  static ref(id: string): Application {
    return Object.assign(new Application(), { id });
  }
}

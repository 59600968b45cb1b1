import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** The catalog's Service, extended here with what applications know about it (its rating). */
@Directive('@key(fields: "id")')
@ObjectType('Service')
export class Service {
  @Field(() => ID)
  id!: string;
}

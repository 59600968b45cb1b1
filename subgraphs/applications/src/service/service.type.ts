import { Directive, Field, ID, ObjectType } from 'type-graphql';

/**
 * The catalog's Service, extended here with its rating. Applications point at the exact version
 * they were made on through the second key; the catalog resolves that version.
 */
@Directive('@key(fields: "id")')
@Directive('@key(fields: "id version")')
@ObjectType('Service')
export class Service {
  @Field(() => ID)
  id!: string;

  /** Known when the reference named it; otherwise the latest version projected here (ServiceVersionResolver). */
  version!: number | null;

  static of(id: string, version: number | null = null): Service {
    return Object.assign(new Service(), { id, version });
  }
}

import { Field, ObjectType } from 'type-graphql';

@ObjectType('NationalIdLoginStart', { description: 'A started authorization-code sign-in through the Unified Identification System.' })
export class NationalIdLoginStartType {
  @Field(() => String, { description: 'Send the browser here; it comes back to the redirect URI with code and state.' })
  authorizationUrl!: string;

  @Field(() => String, { description: 'Echoed back with the code; pass both to completeNationalIdLogin.' })
  state!: string;
}

import { Field, InputType } from 'type-graphql';
import { Language } from '@portal/kit';
import { UserKind } from './user.type';

@InputType()
export class RegisterInput {
  @Field(() => UserKind)
  kind!: UserKind;

  @Field(() => String, { description: '14 digits: personal identification number, or tax number of a legal entity' })
  pin!: string;

  @Field(() => String)
  fullName!: string;

  @Field(() => String, { nullable: true })
  email?: string | null;

  @Field(() => String, { nullable: true })
  phone?: string | null;

  @Field(() => String)
  password!: string;

  @Field(() => Language, { nullable: true })
  preferredLanguage?: Language | null;

  @Field(() => String, { description: 'must equal Query.currentTermsVersion' })
  acceptedTermsVersion!: string;

  @Field(() => Boolean, { description: 'must be true' })
  consentToPersonalDataProcessing!: boolean;
}

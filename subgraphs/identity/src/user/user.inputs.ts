import { Field, InputType } from 'type-graphql';
import { DateScalar, Language } from '@portal/kit';
import { UserKind } from './user.type';

@InputType()
export class RegisterInput {
  @Field(() => UserKind)
  kind!: UserKind;

  @Field(() => String, { description: '14 digits: personal identification number, or tax number of a legal entity' })
  pin!: string;

  @Field(() => String, { description: 'an individual: surname, name and patronymic as the population register writes them (case, extra spaces and е/ё do not matter); a legal entity: its name (the register\'s is kept)' })
  fullName!: string;

  @Field(() => DateScalar, { nullable: true, description: 'an individual\'s birth date; digits 2-9 of the PIN when omitted; must match the population register' })
  birthDate?: Date | string | null;

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

import { Field, ObjectType, registerEnumType } from 'type-graphql';

export enum ContactChannel {
  EMAIL = 'EMAIL',
  PHONE = 'PHONE',
}
registerEnumType(ContactChannel, { name: 'ContactChannel', description: 'a contact the holder confirms with a one-time code' });

/** A one-time code was sent to `destination`; verifyContact with it before `expiresAt`. */
@ObjectType('ContactChallenge')
export class ContactChallengeType {
  @Field(() => ContactChannel)
  channel!: ContactChannel;

  @Field(() => String, { description: 'where the code went: the new email, or the new phone in E.164' })
  destination!: string;

  @Field(() => Date)
  expiresAt!: Date;
}

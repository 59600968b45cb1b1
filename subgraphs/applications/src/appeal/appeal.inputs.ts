import { Field, ID, InputType } from 'type-graphql';

@InputType('AnswerAppealInput', {
  description: 'The appeal body\'s motivated answer, signed: compact JWS (QUALIFIED key of an officer of the appeal body, x5c chain) over the RFC 8785 canonical JSON of {"appealId","uphold","answer"}.',
})
export class AnswerAppealInput {
  @Field(() => ID)
  appealId!: string;

  @Field({ description: 'true: the complaint is upheld (a rejection or refusal is reopened); false: dismissed.' })
  uphold!: boolean;

  @Field({ description: 'The motivated answer, exactly as signed.' })
  answer!: string;

  @Field()
  signature!: string;

  @Field(() => ID)
  signingKeyId!: string;
}

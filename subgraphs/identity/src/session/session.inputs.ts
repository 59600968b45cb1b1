import { Field, InputType } from 'type-graphql';

@InputType()
export class LoginInput {
  @Field(() => String, { description: 'PIN, email or phone' })
  login!: string;

  @Field(() => String)
  password!: string;
}

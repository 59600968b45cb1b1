import { Field, ObjectType } from 'type-graphql';
import { UserType } from '../user/user.type';

@ObjectType('AuthPayload')
export class AuthPayloadType {
  @Field(() => String, { description: 'ES256 JWT for the gateway; short-lived' })
  accessToken!: string;

  @Field(() => String, { description: 'opaque; use once with refreshSession, which returns the next one' })
  refreshToken!: string;

  @Field(() => Date)
  accessTokenExpiresAt!: Date;

  @Field(() => Date)
  refreshTokenExpiresAt!: Date;

  @Field(() => UserType)
  user!: UserType;
}

import { Field, ID, ObjectType } from 'type-graphql';
import type { Session } from '../session/session.entity';

/** One of the holder's sign-ins (a refresh-token family), as the cabinet lists it. */
@ObjectType('Session')
export class SessionType {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'how it signed in: PASSWORD, NATIONAL_ID or REGISTRATION' })
  method!: string;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date, { nullable: true, description: 'the last refresh (or the sign-in when never refreshed)' })
  lastUsedAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'the network address it signed in from' })
  ip!: string | null;

  @Field(() => String, { nullable: true, description: 'the client (browser or app) at sign-in or at the last refresh' })
  userAgent!: string | null;

  @Field(() => Boolean, { description: 'the session of the access token this request came with' })
  current!: boolean;

  static from(session: Session, currentSessionId: string | null | undefined): SessionType {
    return Object.assign(new SessionType(), {
      id: session.id,
      method: session.method,
      createdAt: session.createdAt,
      lastUsedAt: session.lastRefreshedAt,
      ip: session.ip,
      userAgent: session.userAgent,
      current: session.id === currentSessionId,
    });
  }
}

import { randomUUID } from 'node:crypto';
import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

export type SignInMethod = 'REGISTRATION' | 'PASSWORD' | 'NATIONAL_ID';

/** One sign-in: the family of refresh tokens rotated from it. Its id is the access token's `sid`. */
@Entity({ tableName: 'session' })
export class Session {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  userId!: string;

  @Property({ type: 'text' })
  method!: SignInMethod;

  @Property({ type: 'text', nullable: true })
  ip: string | null = null;

  /** The client's User-Agent at sign-in, or at the last refresh that carried one. */
  @Property({ type: 'text', nullable: true })
  userAgent: string | null = null;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime' })
  lastRefreshedAt: Date = new Date();

  @Property({ type: 'datetime', nullable: true })
  revokedAt: Date | null = null;

  /** LOGOUT, REUSE_DETECTED, USER_BLOCKED, ACCOUNT_TAKEN_OVER, ENDED_BY_USER, PASSWORD_CHANGED */
  @Property({ type: 'text', nullable: true })
  revokedReason: string | null = null;
}

/** A refresh token, stored only as its SHA-256; used once, then replaced by the next one of the family. */
@Entity({ tableName: 'refresh_token' })
export class RefreshToken {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  sessionId!: string;

  @Property({ type: 'text' })
  tokenHash!: string;

  @Property({ type: 'datetime' })
  issuedAt: Date = new Date();

  @Property({ type: 'datetime' })
  expiresAt!: Date;

  @Property({ type: 'datetime', nullable: true })
  usedAt: Date | null = null;
}

import { randomUUID } from 'node:crypto';
import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import type { CodeChannel, CodePurpose } from './contact.rules';

/**
 * A one-time code sent to the holder: to confirm a contact (the new value waits here until it is
 * confirmed) or to reset the password. Only its HMAC is kept (kit one-time-codes.ts).
 */
@Entity({ tableName: 'one_time_code' })
export class OneTimeCode {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  userId!: string;

  @Property({ type: 'text' })
  purpose!: CodePurpose;

  @Property({ type: 'text' })
  channel!: CodeChannel;

  /** The address the code went to: the contact to be confirmed, or the verified one of a reset. */
  @Property({ type: 'text' })
  destination!: string;

  @Property({ type: 'text', hidden: true })
  codeHash!: string;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime' })
  expiresAt!: Date;

  @Property({ type: 'integer' })
  wrongAttempts: number = 0;

  @Property({ type: 'datetime', nullable: true })
  usedAt: Date | null = null;

  /** A newer code of the same purpose replaced it. */
  @Property({ type: 'datetime', nullable: true })
  voidedAt: Date | null = null;

  @Property({ type: 'text', nullable: true })
  ip: string | null = null;
}

/** One request for a code, counted by the throttle (per account and purpose, per reset login, per address). */
@Entity({ tableName: 'one_time_code_request' })
export class OneTimeCodeRequest {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'text' })
  scopeKey!: string;

  @Property({ type: 'text', nullable: true })
  ip: string | null = null;

  @Property({ type: 'datetime' })
  requestedAt: Date = new Date();
}

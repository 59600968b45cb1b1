import { randomUUID } from 'node:crypto';
import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** A failed password login, kept in Postgres so that every replica counts the same failures. */
@Entity({ tableName: 'login_failure' })
export class LoginFailure {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** `user:<id>` for a known account, `login:<normalized login>` otherwise. */
  @Property({ type: 'text' })
  accountKey!: string;

  @Property({ type: 'text', nullable: true })
  ip: string | null = null;

  @Property({ type: 'datetime' })
  failedAt: Date = new Date();
}

import { randomUUID } from 'node:crypto';
import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

export type AccountChangeAction = 'PASSWORD_CHANGED' | 'SESSION_ENDED' | 'CONTACT_VERIFIED' | 'PASSWORD_RESET' | 'CONSENT_WITHDRAWN';

/**
 * The account audit: what the holder changed from the cabinet, when, from which session and client.
 * (Terms accepted again are consents; blocking has its own user_block_event.)
 */
@Entity({ tableName: 'account_change' })
export class AccountChange {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  userId!: string;

  @Property({ type: 'text' })
  action!: AccountChangeAction;

  @Property({ type: 'datetime' })
  at: Date = new Date();

  @Property({ type: 'text', nullable: true })
  ip: string | null = null;

  @Property({ type: 'text', nullable: true })
  userAgent: string | null = null;

  /** The session the change was made from (the access token's `sid`). */
  @Property({ type: 'uuid', nullable: true })
  fromSessionId: string | null = null;

  /** SESSION_ENDED: the session that was ended. */
  @Property({ type: 'uuid', nullable: true })
  targetSessionId: string | null = null;

  @Property({ type: 'integer' })
  sessionsEnded: number = 0;

  /** CONTACT_VERIFIED: EMAIL or PHONE and the values before and after; PASSWORD_RESET: the channel the code went by. */
  @Property({ type: 'text', nullable: true })
  channel: string | null = null;

  @Property({ type: 'text', nullable: true })
  previousValue: string | null = null;

  @Property({ type: 'text', nullable: true })
  newValue: string | null = null;
}

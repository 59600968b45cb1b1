import { randomUUID } from 'node:crypto';
import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** The link between a portal account and a person of the Unified Identification System. */
@Entity({ tableName: 'national_id_link' })
export class NationalIdLink {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  userId!: string;

  @Property({ type: 'text' })
  issuer!: string;

  @Property({ type: 'text' })
  subject!: string;

  /** True when the account was created by this sign-in, false when an existing account was linked. */
  @Property({ type: 'boolean' })
  createdAccount!: boolean;

  @Property({ type: 'datetime' })
  linkedAt: Date = new Date();

  @Property({ type: 'datetime' })
  lastSignInAt: Date = new Date();

  /** Set when this identity took over an existing password account (its password, sessions and keys were revoked). */
  @Property({ type: 'datetime', nullable: true })
  tookOverAt: Date | null = null;
}

import { randomUUID } from 'node:crypto';
import { ArrayType, Entity, PrimaryKey, Property } from '@mikro-orm/core';
import type { LanguageCode, RoleCode } from '@portal/kit';
import type { UserKindCode } from './user.rules';

/** A portal account: an individual (PIN) or a legal entity (tax number). */
@Entity({ tableName: 'user_account' })
export class UserAccount {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'text' })
  kind!: UserKindCode;

  /** 14 digits: the personal identification number, or the tax number of a legal entity. */
  @Property({ type: 'text' })
  pin!: string;

  @Property({ type: 'text' })
  fullName!: string;

  /** YYYY-MM-DD */
  @Property({ type: 'date', nullable: true })
  birthDate: string | null = null;

  @Property({ type: 'text', nullable: true })
  address: string | null = null;

  /** Lower-cased. */
  @Property({ type: 'text', nullable: true })
  email: string | null = null;

  /** +996XXXXXXXXX */
  @Property({ type: 'text', nullable: true })
  phone: string | null = null;

  @Property({ type: 'text' })
  preferredLanguage!: LanguageCode;

  @Property({ type: ArrayType, columnType: 'text[]' })
  roles: RoleCode[] = ['CITIZEN'];

  /** Set for provider officers. */
  @Property({ type: 'uuid', nullable: true })
  providerId: string | null = null;

  /** scrypt$N$r$p$salt$hash; null for accounts created through the national identification system. */
  @Property({ type: 'text', nullable: true, hidden: true })
  passwordHash: string | null = null;

  @Property({ type: 'datetime', nullable: true })
  blockedAt: Date | null = null;

  @Property({ type: 'uuid', nullable: true })
  blockedBy: string | null = null;

  @Property({ type: 'text', nullable: true })
  blockedReason: string | null = null;

  /** When and how the identity was established (L-23); null: a password account not checked against a register. */
  @Property({ type: 'datetime', nullable: true })
  identityVerifiedAt: Date | null = null;

  @Property({ type: 'text', nullable: true })
  identityVerifiedBy: IdentityVerification | null = null;

  /** Goes up with every change other subgraphs hear about (UserProfileChanged.aggregateVersion). */
  @Property({ type: 'integer' })
  version: number = 1;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  get blocked(): boolean {
    return this.blockedAt !== null;
  }

  get identityVerified(): boolean {
    return this.identityVerifiedAt !== null;
  }
}

/** How an account's identity was established: a register's record matched, or the national ID signed the person in. */
export type IdentityVerification = 'POPULATION_REGISTER' | 'LEGAL_ENTITY_REGISTER' | 'NATIONAL_ID';

/** CABINET: terms accepted again from the cabinet (acceptTerms) after their version changed. */
export type ConsentChannel = 'PORTAL_REGISTRATION' | 'NATIONAL_ID' | 'DEMO_SEED' | 'CABINET';

/** Consent to the terms of use and to personal-data processing, with its version, time and origin. */
@Entity({ tableName: 'consent' })
export class Consent {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  userId!: string;

  @Property({ type: 'text' })
  termsVersion!: string;

  @Property({ type: 'boolean' })
  personalDataProcessing!: boolean;

  @Property({ type: 'datetime' })
  acceptedAt: Date = new Date();

  @Property({ type: 'text', nullable: true })
  ip: string | null = null;

  @Property({ type: 'text' })
  channel!: ConsentChannel;
}

/** Who blocked or unblocked an account, when and why (U-2, U-3). */
@Entity({ tableName: 'user_block_event' })
export class UserBlockEvent {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  userId!: string;

  @Property({ type: 'text' })
  action!: 'BLOCK' | 'UNBLOCK';

  @Property({ type: 'uuid' })
  actorUserId!: string;

  @Property({ type: 'text' })
  reason!: string;

  @Property({ type: 'datetime' })
  at: Date = new Date();
}

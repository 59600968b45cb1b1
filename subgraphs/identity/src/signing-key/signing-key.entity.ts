import { randomUUID } from 'node:crypto';
import { Entity, JsonType, PrimaryKey, Property } from '@mikro-orm/core';
import type { PublicEcJwk, SignatureLevelCode } from './signing-key.rules';

/** A public key registered to an account for electronic signatures (R-14, R-28, L-16). */
@Entity({ tableName: 'signing_key' })
export class SigningKey {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  userId!: string;

  @Property({ type: 'text' })
  level!: SignatureLevelCode;

  @Property({ type: JsonType, columnType: 'jsonb' })
  publicKeyJwk!: PublicEcJwk;

  /** RFC 7638 SHA-256 thumbprint: unique across the portal. */
  @Property({ type: 'text' })
  thumbprint!: string;

  @Property({ type: 'text', nullable: true })
  certificateSubject: string | null = null;

  @Property({ type: 'text', nullable: true })
  certificateIssuer: string | null = null;

  @Property({ type: 'text', nullable: true })
  certificateSerialNumber: string | null = null;

  @Property({ type: 'datetime', nullable: true })
  certificateNotAfter: Date | null = null;

  /** PEMs, leaf first, as registered. */
  @Property({ type: JsonType, columnType: 'jsonb', nullable: true })
  certificateChainPem: string[] | null = null;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', nullable: true })
  revokedAt: Date | null = null;
}

import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import type { DeliveryStatus } from './delivery.rules';

/** The catalog's channel of a provider (ProviderChannelConfigured), kept here to deliver and to verify updates. */
@Entity({ tableName: 'provider_channel' })
export class ProviderChannelEntity {
  @PrimaryKey({ type: 'uuid' })
  providerId!: string;

  @Property({ type: 'text' })
  providerCode!: string;

  @Property({ type: 'text' })
  channel!: 'PORTAL' | 'EDMS';

  @Property({ type: 'text', nullable: true })
  endpointUrl!: string | null;

  @Property({ type: 'json', nullable: true })
  publicKeyJwk!: Record<string, unknown> | null;

  @Property({ type: 'integer' })
  channelVersion!: number;

  @Property({ type: 'datetime' })
  updatedAt!: Date;
}

/** The delivery of one submitted application to its provider's EDMS: a leased job until acknowledged. */
@Entity({ tableName: 'provider_delivery' })
export class ProviderDeliveryEntity {
  /** The delivery id the EDMS must acknowledge and name in its updates. */
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'uuid' })
  applicationId!: string;

  @Property({ type: 'uuid' })
  providerId!: string;

  @Property({ type: 'text' })
  status!: DeliveryStatus;

  @Property({ type: 'integer' })
  attempts!: number;

  @Property({ type: 'text', nullable: true })
  lastError!: string | null;

  @Property({ type: 'datetime', nullable: true })
  nextAttemptAt!: Date | null;

  @Property({ type: 'text', nullable: true })
  leaseOwner!: string | null;

  @Property({ type: 'datetime', nullable: true })
  leaseExpiresAt!: Date | null;

  @Property({ type: 'datetime', nullable: true })
  lastAttemptAt!: Date | null;

  @Property({ type: 'datetime', nullable: true })
  deliveredAt!: Date | null;

  @Property({ type: 'datetime', nullable: true })
  acknowledgedAt!: Date | null;

  /** The sequence number of the last update applied (0: none yet). */
  @Property({ type: 'integer' })
  lastSequence!: number;

  @Property({ type: 'datetime' })
  createdAt!: Date;

  @Property({ type: 'datetime' })
  updatedAt!: Date;
}

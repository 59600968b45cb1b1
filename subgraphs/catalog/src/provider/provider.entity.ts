import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import type { ProviderChannelCode } from './provider-channel.rules';

/** A ministry, agency, municipality or state enterprise providing services. */
@Entity({ tableName: 'provider' })
export class Provider {
  [OptionalProps]?: 'createdAt' | 'channel' | 'edmsEndpointUrl' | 'edmsPublicKeyJwk' | 'channelVersion' | 'channelChangedAt' | 'appealBodyId' | 'appealBodyVersion';

  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'text', unique: true })
  code!: string;

  @Property({ type: 'text' })
  nameKy!: string;

  @Property({ type: 'text' })
  nameRu!: string;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  /** PORTAL: officers work in the portal's cabinet; EDMS: applications go to the provider's own system. */
  @Property({ type: 'text' })
  channel: ProviderChannelCode = 'PORTAL';

  @Property({ type: 'text', nullable: true })
  edmsEndpointUrl: string | null = null;

  @Property({ type: 'json', nullable: true })
  edmsPublicKeyJwk: Record<string, unknown> | null = null;

  /** Counts channel changes; the version of the ProviderChannelConfigured events. */
  @Property({ type: 'integer' })
  channelVersion: number = 0;

  @Property({ type: 'datetime', nullable: true })
  channelChangedAt: Date | null = null;

  /** The higher body that answers complaints about this provider; null while none is named. */
  @Property({ type: 'uuid', nullable: true })
  appealBodyId: string | null = null;

  /** Counts appeal-body changes; the version of the ProviderAppealBodyConfigured events. */
  @Property({ type: 'integer' })
  appealBodyVersion: number = 0;
}

/** One change of a provider's channel, kept for audit. */
@Entity({ tableName: 'provider_channel_change' })
export class ProviderChannelChange {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'uuid' })
  providerId!: string;

  @Property({ type: 'integer' })
  version!: number;

  @Property({ type: 'text' })
  channel!: ProviderChannelCode;

  @Property({ type: 'text', nullable: true })
  edmsEndpointUrl!: string | null;

  @Property({ type: 'json', nullable: true })
  edmsPublicKeyJwk!: Record<string, unknown> | null;

  @Property({ type: 'uuid' })
  changedBy!: string;

  @Property({ type: 'datetime' })
  changedAt!: Date;
}

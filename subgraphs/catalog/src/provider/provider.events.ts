import { domainEvent, type NewEvent } from '@portal/kit';
import type { Provider } from './provider.entity';

/** ProviderChannelConfigured: what applications needs to deliver to the provider's EDMS and verify its updates. */
export function providerChannelConfigured(provider: Provider, changedBy: string, at: Date): NewEvent {
  return domainEvent(
    'ProviderChannelConfigured',
    { type: 'Provider', id: provider.id, version: provider.channelVersion },
    {
      providerId: provider.id,
      providerCode: provider.code,
      version: provider.channelVersion,
      channel: provider.channel,
      endpointUrl: provider.edmsEndpointUrl,
      publicKeyJwk: provider.edmsPublicKeyJwk,
      changedBy,
      at: at.toISOString(),
    },
  );
}

/** ProviderAppealBodyConfigured: where applications addresses complaints about the provider. */
export function providerAppealBodyConfigured(provider: Provider, appealBody: Provider | null, changedBy: string | null, at: Date): NewEvent {
  return domainEvent(
    'ProviderAppealBodyConfigured',
    { type: 'ProviderAppealBody', id: provider.id, version: provider.appealBodyVersion },
    {
      providerId: provider.id,
      providerCode: provider.code,
      version: provider.appealBodyVersion,
      appealBody: appealBody ? { providerId: appealBody.id, code: appealBody.code, name: { ky: appealBody.nameKy, ru: appealBody.nameRu } } : null,
      changedBy,
      at: at.toISOString(),
    },
  );
}

import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import type { LocalizedText } from '@portal/kit';
import type { Provider } from './provider.entity';

export enum ProviderChannel {
  PORTAL = 'PORTAL',
  EDMS = 'EDMS',
}
registerEnumType(ProviderChannel, {
  name: 'ProviderChannel',
  description: "How the provider receives applications: PORTAL (its officers in the portal's cabinet) or EDMS (delivered to its document management system).",
});

/** A service provider as the API shows it; `name` and `services` are resolved in ProviderResolver. */
@Directive('@key(fields: "id")')
@ObjectType('Provider', { description: 'A ministry, agency, municipality or state enterprise providing services.' })
export class ProviderType {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'Stable code, e.g. MVD.' })
  code!: string;

  name!: LocalizedText;

  @Field(() => ProviderChannel, { description: 'PORTAL, or EDMS when the provider is served through its document management system.' })
  channel!: ProviderChannel;

  /** Read by `edmsEndpointUrl` (operators only). */
  edmsEndpointUrl!: string | null;

  /** Resolved by `appealBody`. */
  appealBodyId!: string | null;
}

export function toProviderType(provider: Provider): ProviderType {
  return {
    id: provider.id,
    code: provider.code,
    name: { ky: provider.nameKy, ru: provider.nameRu },
    channel: provider.channel === 'EDMS' ? ProviderChannel.EDMS : ProviderChannel.PORTAL,
    edmsEndpointUrl: provider.edmsEndpointUrl,
    appealBodyId: provider.appealBodyId,
  };
}

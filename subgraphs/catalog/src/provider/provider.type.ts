import { Directive, Field, ID, ObjectType } from 'type-graphql';
import type { LocalizedText } from '@portal/kit';
import type { Provider } from './provider.entity';

/** A service provider as the API shows it; `name` and `services` are resolved in ProviderResolver. */
@Directive('@key(fields: "id")')
@ObjectType('Provider', { description: 'A ministry, agency, municipality or state enterprise providing services.' })
export class ProviderType {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'Stable code, e.g. MVD.' })
  code!: string;

  name!: LocalizedText;
}

export function toProviderType(provider: Provider): ProviderType {
  return { id: provider.id, code: provider.code, name: { ky: provider.nameKy, ru: provider.nameRu } };
}

import type { Constructor } from '@mikro-orm/core';
import type { Migration } from '@mikro-orm/migrations';
import { Migration00000000000000EventBus } from '@portal/kit';
import { Migration20261122000200CatalogInitial } from './Migration20261122000200CatalogInitial';
import { Migration20261202030101ProviderChannel } from './Migration20261202030101ProviderChannel';

/** Applied in order; a released migration is never edited: add the next one. */
export const catalogMigrations: Constructor<Migration>[] = [Migration00000000000000EventBus, Migration20261122000200CatalogInitial, Migration20261202030101ProviderChannel];

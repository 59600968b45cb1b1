import type { Constructor } from '@mikro-orm/core';
import type { Migration } from '@mikro-orm/migrations';
import { Migration00000000000000EventBus } from '@portal/kit';
import { Migration20261122000200CatalogInitial } from './Migration20261122000200CatalogInitial';
import { Migration20261202030101ProviderChannel } from './Migration20261202030101ProviderChannel';
import { Migration20261202060201FeeReturnedOnRefusal } from './Migration20261202060201FeeReturnedOnRefusal';
import { Migration20261203140100ProviderAppealBody } from './Migration20261203140100ProviderAppealBody';
import { Migration20261203150101ResultForms } from './Migration20261203150101ResultForms';

/** Applied in order; a released migration is never edited: add the next one. */
export const catalogMigrations: Constructor<Migration>[] = [
  Migration00000000000000EventBus,
  Migration20261122000200CatalogInitial,
  Migration20261202030101ProviderChannel,
  Migration20261202060201FeeReturnedOnRefusal,
  Migration20261203140100ProviderAppealBody,
  Migration20261203150101ResultForms,
];

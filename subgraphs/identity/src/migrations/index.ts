import type { Constructor } from '@mikro-orm/core';
import type { Migration } from '@mikro-orm/migrations';
import { Migration00000000000000EventBus } from '@portal/kit';
import { Migration20261122000100IdentityInitial } from './Migration20261122000100IdentityInitial';
import { Migration20261201060001AccessLogDetails } from './Migration20261201060001AccessLogDetails';
import { Migration20261201040001ProviderApplicants } from './Migration20261201040001ProviderApplicants';
import { Migration20261201040002NationalIdLogin } from './Migration20261201040002NationalIdLogin';
import { Migration20261201080001AccountSelfService } from './Migration20261201080001AccountSelfService';
import { Migration20261202010001VerifiedIdentity } from './Migration20261202010001VerifiedIdentity';
import { Migration20261202040001ContactVerification } from './Migration20261202040001ContactVerification';
import { Migration20261203120000AccessLogPartitions } from './Migration20261203120000AccessLogPartitions';

/** In order; applied by the kit's migrator. The shared event log comes first (identity publishes). */
export const identityMigrations: Constructor<Migration>[] = [Migration00000000000000EventBus, Migration20261122000100IdentityInitial, Migration20261201040001ProviderApplicants, Migration20261201040002NationalIdLogin, Migration20261201060001AccessLogDetails, Migration20261201080001AccountSelfService, Migration20261202010001VerifiedIdentity, Migration20261202040001ContactVerification, Migration20261203120000AccessLogPartitions];

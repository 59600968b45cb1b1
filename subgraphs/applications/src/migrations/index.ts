import { Migration00000000000000EventBus } from '@portal/kit';
import { Migration20261122000001Initial } from './Migration20261122000001Initial';
import { Migration20261122000002Applications } from './Migration20261122000002Applications';
import { Migration20261122000003DraftKeys } from './Migration20261122000003DraftKeys';
import { Migration20261122000004Overdue } from './Migration20261122000004Overdue';
import { Migration20261201030001DocumentVerificationCodes } from './Migration20261201030001DocumentVerificationCodes';
import { Migration20261201030002VerificationThrottle } from './Migration20261201030002VerificationThrottle';
import { Migration20261201050001QualifiedCertificates } from './Migration20261201050001QualifiedCertificates';
import { Migration20261202020001RegistryDocuments } from './Migration20261202020001RegistryDocuments';
import { Migration20261202020002TundukMessageLog } from './Migration20261202020002TundukMessageLog';
import { Migration20261202030001ProviderDeliveries } from './Migration20261202030001ProviderDeliveries';
import { Migration20261202070001OpenDataStatistics } from './Migration20261202070001OpenDataStatistics';
import { Migration20261203100000Attachments } from './Migration20261203100000Attachments';
import { Migration20261203140000Appeals } from './Migration20261203140000Appeals';
import { Migration20261203150001Retention } from './Migration20261203150001Retention';
import { Migration20261203150002ResultForms } from './Migration20261203150002ResultForms';

/** Every migration of the applications schema, oldest first; the shared event log comes first. */
export const applicationsMigrations = [Migration00000000000000EventBus, Migration20261122000001Initial, Migration20261122000002Applications, Migration20261122000003DraftKeys, Migration20261122000004Overdue, Migration20261201030001DocumentVerificationCodes, Migration20261201030002VerificationThrottle, Migration20261201050001QualifiedCertificates, Migration20261202020001RegistryDocuments, Migration20261202020002TundukMessageLog, Migration20261202030001ProviderDeliveries, Migration20261202070001OpenDataStatistics, Migration20261203100000Attachments, Migration20261203140000Appeals, Migration20261203150001Retention, Migration20261203150002ResultForms];

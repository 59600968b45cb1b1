import { Migration00000000000000EventBus } from '@portal/kit';
import { Migration20261122000001Initial } from './Migration20261122000001Initial';
import { Migration20261125000001EventsAndPreferences } from './Migration20261125000001EventsAndPreferences';
import { Migration20261201070001DeliveryJobs } from './Migration20261201070001DeliveryJobs';
import { Migration20261201100001TelegramLinks } from './Migration20261201100001TelegramLinks';
import { Migration20261202040101VerifiedContactsAndCodes } from './Migration20261202040101VerifiedContactsAndCodes';

/** Every migration of the notifications schema, oldest first; the shared event log comes first. */
export const notificationsMigrations = [
  Migration00000000000000EventBus,
  Migration20261122000001Initial,
  Migration20261125000001EventsAndPreferences,
  Migration20261201070001DeliveryJobs,
  Migration20261201100001TelegramLinks,
  Migration20261202040101VerifiedContactsAndCodes,
];

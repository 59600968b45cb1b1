import { ApplicationSummaryEntity } from './application/application-summary.entity';
import { DeliveryEntity } from './delivery/delivery.entity';
import { NotificationEntity } from './notification/notification.entity';
import { NotificationPreferenceEntity } from './preference/preference.entity';
import { RecipientEntity } from './recipient/recipient.entity';

/** Every MikroORM entity of the notifications schema. */
export const notificationsEntities = [NotificationEntity, DeliveryEntity, RecipientEntity, NotificationPreferenceEntity, ApplicationSummaryEntity];

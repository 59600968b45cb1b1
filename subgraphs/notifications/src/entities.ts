import { DeliveryEntity } from './delivery/delivery.entity';
import { NotificationEntity } from './notification/notification.entity';

/** Every MikroORM entity of the notifications schema. */
export const notificationsEntities = [NotificationEntity, DeliveryEntity];

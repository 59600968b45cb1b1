import { ServiceRatingEntity } from './rating/rating.entity';

/** Every MikroORM entity of the applications schema. */
export const applicationsEntities = [ServiceRatingEntity];

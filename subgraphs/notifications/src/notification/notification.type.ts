import { type LocalizedText, PageInfo } from '@portal/kit';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import type { NotificationEntity } from './notification.entity';

@ObjectType('Notification', { description: 'A message to the signed-in user, shown in the cabinet and sent on the chosen channels.' })
export class Notification {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'What happened, e.g. APPLICATION_ACCEPTED or PAYMENT_CONFIRMED.' })
  type!: string;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  readAt!: Date | null;

  /** Not exposed: read by the localized `title` and `body` fields. */
  titleText!: LocalizedText;
  bodyText!: LocalizedText;
  /** Not exposed: read by the `application` reference. */
  applicationId!: string | null;

  static from(entity: NotificationEntity): Notification {
    return Object.assign(new Notification(), {
      id: entity.id,
      type: entity.type,
      createdAt: entity.createdAt,
      readAt: entity.readAt,
      applicationId: entity.applicationId,
      titleText: { ky: entity.titleKy, ru: entity.titleRu },
      bodyText: { ky: entity.bodyKy, ru: entity.bodyRu },
    });
  }
}

@ObjectType('NotificationEdge')
export class NotificationEdge {
  @Field()
  cursor!: string;

  @Field(() => Notification)
  node!: Notification;
}

@ObjectType('NotificationConnection')
export class NotificationConnection {
  @Field(() => [NotificationEdge])
  edges!: NotificationEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  /** Not exposed: whose list this is and whether it counts unread ones only (for the counts). */
  userId!: string;
  unreadOnly!: boolean;
}

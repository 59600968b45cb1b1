import type { MikroORM } from '@mikro-orm/postgresql';
import { type BackgroundTask, payloadOf, startEventConsumer } from '@portal/kit';
import { projectRecipient } from './recipient.service';

export const RECIPIENT_CONSUMER = 'notifications.recipients';

/** Keeps the recipient projection of identity's accounts (language, email, phone, blocked). */
export function startRecipientProjection(orm: MikroORM, options: { databaseUrl: string }): BackgroundTask {
  return startEventConsumer(orm, {
    databaseUrl: options.databaseUrl,
    name: RECIPIENT_CONSUMER,
    types: ['UserProfileChanged'],
    handle: (event, em) => projectRecipient(em, payloadOf(event, 'UserProfileChanged')),
  });
}

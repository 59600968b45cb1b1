import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { type BackgroundTask, type EventPayloads, payloadOf, startEventConsumer } from '@portal/kit';

export const CODE_MESSAGE_CONSUMER = 'notifications.one-time-codes';

/**
 * Queues a one-time code identity asked to send, still sealed (the code is opened only to be sent).
 * Keyed by the code's id, so a replayed event queues nothing twice.
 */
export async function queueCodeMessage(em: EntityManager, request: EventPayloads['OneTimeCodeRequested']): Promise<void> {
  await em.execute(
    `insert into notifications.one_time_code_message (code_id, user_id, purpose, channel, destination, language, sealed_code, expires_at, next_attempt_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, now())
     on conflict (code_id) do nothing`,
    [request.codeId, request.userId, request.purpose, request.channel, request.destination, request.preferredLanguage, request.sealedCode, request.expiresAt],
  );
}

export function startCodeMessageConsumer(orm: MikroORM, options: { databaseUrl: string }): BackgroundTask {
  return startEventConsumer(orm, {
    databaseUrl: options.databaseUrl,
    name: CODE_MESSAGE_CONSUMER,
    types: ['OneTimeCodeRequested'],
    handle: (event, em) => queueCodeMessage(em, payloadOf(event, 'OneTimeCodeRequested')),
  });
}

import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { type BackgroundTask, type BusEvent, payloadOf, startEventConsumer } from '@portal/kit';
import { storeNotice } from '../notice/notice.service';
import { noticeForAccountTakeover } from './account-notices.rules';

export const ACCOUNT_NOTICE_CONSUMER = 'notifications.account-notices';

/** Turns identity's account events into cabinet notices, in the transaction that marks the event processed. */
export async function handleAccountEvent(event: BusEvent, em: EntityManager): Promise<void> {
  if (event.type !== 'AccountTakenOverByNationalId') return;
  const notice = noticeForAccountTakeover(payloadOf(event, 'AccountTakenOverByNationalId'), event.occurredAt);
  await storeNotice(em, { ...notice, applicationId: null }, event.eventId);
}

/** Notices about the account itself: its takeover by a national-ID identity. */
export function startAccountNoticeConsumer(orm: MikroORM, options: { databaseUrl: string }): BackgroundTask {
  return startEventConsumer(orm, { databaseUrl: options.databaseUrl, name: ACCOUNT_NOTICE_CONSUMER, types: ['AccountTakenOverByNationalId'], handle: handleAccountEvent });
}

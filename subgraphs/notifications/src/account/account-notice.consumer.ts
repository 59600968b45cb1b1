import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { type BackgroundTask, type BusEvent, payloadOf, startEventConsumer } from '@portal/kit';
import { storeNotice } from '../notice/notice.service';
import {
  type AccountNotice,
  noticeForAccountTakeover,
  noticeForConsentWithdrawn,
  noticeForContactVerified,
  noticeForPasswordChange,
  noticeForPasswordReset,
  noticeForSessionEnded,
  noticeForTermsAccepted,
} from './account-notices.rules';

export const ACCOUNT_NOTICE_EVENT_TYPES = ['AccountTakenOverByNationalId', 'PasswordChanged', 'SessionsEnded', 'TermsAccepted', 'ContactVerified', 'PasswordReset', 'ConsentWithdrawn'] as const;

function noticeFor(event: BusEvent): AccountNotice | null {
  switch (event.type) {
    case 'AccountTakenOverByNationalId':
      return noticeForAccountTakeover(payloadOf(event, 'AccountTakenOverByNationalId'), event.occurredAt);
    case 'PasswordChanged':
      return noticeForPasswordChange(payloadOf(event, 'PasswordChanged'), event.occurredAt);
    case 'SessionsEnded':
      return noticeForSessionEnded(payloadOf(event, 'SessionsEnded'), event.occurredAt);
    case 'TermsAccepted':
      return noticeForTermsAccepted(payloadOf(event, 'TermsAccepted'), event.occurredAt);
    case 'ContactVerified':
      return noticeForContactVerified(payloadOf(event, 'ContactVerified'), event.occurredAt);
    case 'PasswordReset':
      return noticeForPasswordReset(payloadOf(event, 'PasswordReset'), event.occurredAt);
    case 'ConsentWithdrawn':
      return noticeForConsentWithdrawn(payloadOf(event, 'ConsentWithdrawn'), event.occurredAt);
    default:
      return null;
  }
}

export const ACCOUNT_NOTICE_CONSUMER = 'notifications.account-notices';

/** Turns identity's account events into cabinet notices, in the transaction that marks the event processed. */
export async function handleAccountEvent(event: BusEvent, em: EntityManager): Promise<void> {
  const notice = noticeFor(event);
  if (!notice) return;
  await storeNotice(em, { ...notice, applicationId: null }, event.eventId);
}

/** Notices about the account itself: its takeover by a national-ID identity, a changed or reset password, a session ended from the cabinet, accepted terms, a verified contact, withdrawn consent. */
export function startAccountNoticeConsumer(orm: MikroORM, options: { databaseUrl: string }): BackgroundTask {
  return startEventConsumer(orm, { databaseUrl: options.databaseUrl, name: ACCOUNT_NOTICE_CONSUMER, types: [...ACCOUNT_NOTICE_EVENT_TYPES], handle: handleAccountEvent });
}

import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { type BackgroundTask, type BusEvent, log, payloadOf, startEventConsumer } from '@portal/kit';
import { applicationSummary, rememberApplication } from '../application/application-summary.service';
import { noticeForAccrual, noticeForDraftExpiry, noticeForOverdue, noticeForPayment, noticeForRefund, noticesForAppeal, noticesForAppealOverdue, noticesForStatusChange, type PlannedNotice } from './notice-triggers.rules';
import { createNotice } from './notice.service';

export const NOTICE_CONSUMER = 'notifications.application-notices';

/** Turns one event into its notices, inside the transaction that marks the event processed. */
export async function handleNoticeEvent(event: BusEvent, em: EntityManager): Promise<void> {
  let planned: PlannedNotice[] = [];
  switch (event.type) {
    case 'ApplicationStatusChanged': {
      const change = payloadOf(event, 'ApplicationStatusChanged');
      await rememberApplication(em, change, event.aggregateVersion);
      planned = noticesForStatusChange(change, event.aggregateVersion, event.occurredAt);
      break;
    }
    case 'AccrualCreated': {
      const accrual = payloadOf(event, 'AccrualCreated');
      planned = orMissing(event, noticeForAccrual(accrual, await applicationSummary(em, accrual.applicationId)));
      break;
    }
    case 'PaymentConfirmed': {
      const payment = payloadOf(event, 'PaymentConfirmed');
      planned = orMissing(event, noticeForPayment(payment, await applicationSummary(em, payment.applicationId), event.occurredAt));
      break;
    }
    case 'RefundCompleted': {
      const refund = payloadOf(event, 'RefundCompleted');
      planned = orMissing(event, noticeForRefund(refund, await applicationSummary(em, refund.applicationId), event.occurredAt));
      break;
    }
    case 'ApplicationOverdue': {
      // the fact carries the number, title and applicant itself: no summary needed
      const overdue = payloadOf(event, 'ApplicationOverdue');
      planned = orSkipped(event, noticeForOverdue(overdue), `no notice: unknown deadline ${JSON.stringify(overdue.deadline)}`);
      break;
    }
    case 'DraftExpiring': {
      const expiring = payloadOf(event, 'DraftExpiring');
      planned = orSkipped(event, noticeForDraftExpiry(expiring), 'no notice: the draft expiry fact has no valid dates');
      break;
    }
    case 'AppealChanged':
      // the event names the applicant, the officers to tell and the application: no summary needed
      planned = noticesForAppeal(payloadOf(event, 'AppealChanged'));
      break;
    case 'AppealOverdue':
      planned = noticesForAppealOverdue(payloadOf(event, 'AppealOverdue'));
      break;
    default:
      return;
  }
  for (const notice of planned) await createNotice(em, notice, event.eventId);
}

/**
 * Payment events follow the application's status change in the log, so the application is known;
 * if it is not (events from before this subgraph kept summaries), the notice cannot name it: say so.
 */
function orMissing(event: BusEvent, notice: PlannedNotice | null): PlannedNotice[] {
  return orSkipped(event, notice, 'no notice: the application is unknown to notifications');
}

/** The notice, or none with a warning that says why the event notified nobody. */
function orSkipped(event: BusEvent, notice: PlannedNotice | null, why: string): PlannedNotice[] {
  if (notice) return [notice];
  log.warn({ consumer: NOTICE_CONSUMER, eventId: event.eventId, type: event.type }, why);
  return [];
}

/** Notices for application status changes, missed deadlines, accruals, confirmed payments, refunds and complaints. */
export function startNoticeConsumer(orm: MikroORM, options: { databaseUrl: string }): BackgroundTask {
  return startEventConsumer(orm, {
    databaseUrl: options.databaseUrl,
    name: NOTICE_CONSUMER,
    types: ['ApplicationStatusChanged', 'ApplicationOverdue', 'AccrualCreated', 'PaymentConfirmed', 'RefundCompleted', 'DraftExpiring', 'AppealChanged', 'AppealOverdue'],
    handle: handleNoticeEvent,
  });
}

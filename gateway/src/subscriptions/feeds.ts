import { AppError, type BusEvent, type Caller, localize, resolveLanguage } from '@portal/kit';
import { FEED_TEXT } from './messages';

/**
 * What each Subscription field listens to. `matches` runs for every event before any work and
 * must be cheap; the subgraphs re-check access when the event's entity is fetched for the
 * subscriber, so a mistake here can cost work but never leak data.
 */
export interface Feed {
  /** The event types the feed is made of. */
  eventTypes: string[];
  /** The type of the subscription field's value. */
  valueType: 'ApplicationStatusEvent' | 'Notification';
  /** Throws the contract error (UNAUTHENTICATED, FORBIDDEN) when the caller may not open the feed. */
  authorize(caller: Caller): void;
  matches(event: FeedEvent, caller: Caller, args: Record<string, unknown>): boolean;
  /**
   * For feeds that take `since`: which field of the status change narrows the log read of what
   * was missed (`matches` still decides each event).
   */
  backlogFilter?(caller: Caller, args: Record<string, unknown>): BacklogFilter;
}

export interface BacklogFilter {
  field: 'applicantId' | 'providerId' | 'applicationId';
  value: string;
}

export interface ApplicationStatusPayload {
  applicationId: string;
  applicantId: string;
  providerId: string;
  from: string | null;
  to: string;
  at: string;
}

/** An application's status change as its feeds push it: the change and the version it made. */
export interface StatusChange extends ApplicationStatusPayload {
  version: number;
}

/**
 * An event from the log as the feeds see it. Application feeds also take `AccrualCreated`:
 * payments opens the accrual just after the AWAITING_PAYMENT change, so the application is pushed
 * again once it has something to pay; `status` is then the change the accrual belongs to.
 */
export interface FeedEvent extends BusEvent {
  status: StatusChange | null;
}

export interface NotificationCreatedPayload {
  userId: string;
}

export const STATUS_CHANGED = 'ApplicationStatusChanged';
export const ACCRUAL_CREATED = 'AccrualCreated';

export function statusChangeOf(event: BusEvent): StatusChange {
  const payload = event.payload as unknown as ApplicationStatusPayload;
  return { applicationId: payload.applicationId ?? event.aggregateId, applicantId: payload.applicantId, providerId: payload.providerId, from: payload.from, to: payload.to, at: payload.at, version: event.aggregateVersion };
}

/** The status change an application event pushes, or null when it pushes none. */
function pushedChange(event: FeedEvent): StatusChange | null {
  if (!event.status) return null;
  // an accrual is news only for an application still waiting for its payment
  if (event.type === ACCRUAL_CREATED && event.status.to !== 'AWAITING_PAYMENT') return null;
  return event.status;
}

const signedIn = (caller: Caller) => {
  if (!caller.userId) throw new AppError('UNAUTHENTICATED', localize(FEED_TEXT.signIn, resolveLanguage(caller)));
};

const APPLICATION_EVENTS = [STATUS_CHANGED, ACCRUAL_CREATED];

export const FEEDS: Record<string, Feed> = {
  myApplicationUpdates: {
    eventTypes: APPLICATION_EVENTS,
    valueType: 'ApplicationStatusEvent',
    authorize: signedIn,
    matches: (event, caller) => pushedChange(event)?.applicantId === caller.userId,
    backlogFilter: (caller) => ({ field: 'applicantId', value: caller.userId! }),
  },
  applicationStatusChanged: {
    eventTypes: APPLICATION_EVENTS,
    valueType: 'ApplicationStatusEvent',
    authorize: signedIn,
    matches: (event, caller, args) => {
      const change = pushedChange(event);
      if (!change || change.applicationId !== args.applicationId) return false;
      return change.applicantId === caller.userId || (caller.providerId !== null && change.providerId === caller.providerId) || caller.roles.includes('OPERATOR');
    },
    backlogFilter: (_caller, args) => ({ field: 'applicationId', value: String(args.applicationId) }),
  },
  providerQueueUpdates: {
    eventTypes: APPLICATION_EVENTS,
    valueType: 'ApplicationStatusEvent',
    authorize: (caller) => {
      signedIn(caller);
      if (!caller.roles.includes('PROVIDER_OFFICER') || !caller.providerId) {
        throw new AppError('FORBIDDEN', localize(FEED_TEXT.queueOfficersOnly, resolveLanguage(caller)));
      }
    },
    matches: (event, caller) => {
      const change = pushedChange(event);
      return change !== null && change.providerId === caller.providerId && change.to !== 'DRAFT';
    },
    backlogFilter: (caller) => ({ field: 'providerId', value: caller.providerId! }),
  },
  notificationAdded: {
    eventTypes: ['NotificationCreated'],
    valueType: 'Notification',
    authorize: signedIn,
    matches: (event, caller) => (event.payload as unknown as NotificationCreatedPayload).userId === caller.userId,
  },
};

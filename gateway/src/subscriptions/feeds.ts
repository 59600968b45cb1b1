import type { BusEvent, Caller } from '@portal/kit';
import { GraphQLError } from 'graphql';

/**
 * What each Subscription field listens to. `matches` runs for every event before any work and
 * must be cheap; the subgraphs re-check access when the event's entity is fetched for the
 * subscriber, so a mistake here can cost work but never leak data.
 */
export interface Feed {
  eventType: string;
  /** The type of the subscription field's value. */
  valueType: 'ApplicationStatusEvent' | 'Notification';
  authorize(caller: Caller): void;
  matches(event: BusEvent, caller: Caller, args: Record<string, unknown>): boolean;
}

export interface ApplicationStatusPayload {
  applicantId: string;
  providerId: string;
  from: string | null;
  to: string;
  at: string;
}

export interface NotificationCreatedPayload {
  userId: string;
}

const signedIn = (caller: Caller) => {
  if (!caller.userId) throw new GraphQLError('Sign in first.', { extensions: { code: 'UNAUTHENTICATED' } });
};

export const FEEDS: Record<string, Feed> = {
  myApplicationUpdates: {
    eventType: 'ApplicationStatusChanged',
    valueType: 'ApplicationStatusEvent',
    authorize: signedIn,
    matches: (event, caller) => (event.payload as unknown as ApplicationStatusPayload).applicantId === caller.userId,
  },
  applicationStatusChanged: {
    eventType: 'ApplicationStatusChanged',
    valueType: 'ApplicationStatusEvent',
    authorize: signedIn,
    matches: (event, caller, args) => {
      if (event.aggregateId !== args.applicationId) return false;
      const payload = event.payload as unknown as ApplicationStatusPayload;
      return payload.applicantId === caller.userId || (caller.providerId !== null && payload.providerId === caller.providerId) || caller.roles.includes('OPERATOR');
    },
  },
  providerQueueUpdates: {
    eventType: 'ApplicationStatusChanged',
    valueType: 'ApplicationStatusEvent',
    authorize: (caller) => {
      signedIn(caller);
      if (!caller.roles.includes('PROVIDER_OFFICER') || !caller.providerId) {
        throw new GraphQLError('providerQueueUpdates is for provider officers only.', { extensions: { code: 'FORBIDDEN' } });
      }
    },
    matches: (event, caller) => {
      const payload = event.payload as unknown as ApplicationStatusPayload;
      return payload.providerId === caller.providerId && payload.to !== 'DRAFT';
    },
  },
  notificationAdded: {
    eventType: 'NotificationCreated',
    valueType: 'Notification',
    authorize: signedIn,
    matches: (event, caller) => (event.payload as unknown as NotificationCreatedPayload).userId === caller.userId,
  },
};

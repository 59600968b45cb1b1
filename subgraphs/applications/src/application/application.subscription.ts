import { AppError } from '@portal/kit';
import { Arg, ID, Resolver, Subscription } from 'type-graphql';
import { ApplicationStatusEvent } from './application.type';

/**
 * The live status feeds, declared here so they compose and are schema-checked. The gateway serves
 * them over WebSocket from the ApplicationStatusChanged events (gateway/src/subscriptions) and
 * fetches `application` through the graph as the subscriber; a subgraph never executes them (sent
 * here, even over HTTP, they are refused with BAD_USER_INPUT).
 */
const servedByGateway = (): never => {
  throw new AppError('BAD_USER_INPUT', 'Subscriptions are served by the gateway over WebSocket (graphql-ws on /graphql), not by the applications subgraph.');
};

/** A stand-in type-graphql needs to build Subscription fields; never used, see servedByGateway. */
export const gatewayOnlyPubSub = {
  publish(): void {
    // events are published through the outbox, never here
  },
  subscribe(): AsyncIterable<unknown> {
    return servedByGateway();
  },
};

const SINCE = 'The `cursor` of the last event this client saw: the events it missed since then come first, in order, once each, then live ones. Refused with BAD_USER_INPUT when it is not a cursor, older than the replay window or more than its number of events back (24 h and 1,000 by default).';

const PAYMENT_PUSH = ' An application that goes to AWAITING_PAYMENT is pushed again, with the same change and a new cursor, once its accrual is open.';

@Resolver()
export class ApplicationSubscriptionResolver {
  @Subscription(() => ApplicationStatusEvent, { subscribe: servedByGateway, description: `Status changes of the signed-in citizen's own applications.${PAYMENT_PUSH}` })
  myApplicationUpdates(@Arg('since', () => String, { nullable: true, description: SINCE }) _since: string | null): ApplicationStatusEvent {
    return servedByGateway();
  }

  @Subscription(() => ApplicationStatusEvent, {
    subscribe: servedByGateway,
    description: `Status changes of one application: the subscriber's own, or their provider's; FORBIDDEN at once for anyone else's.${PAYMENT_PUSH}`,
  })
  applicationStatusChanged(
    @Arg('applicationId', () => ID) _applicationId: string,
    @Arg('since', () => String, { nullable: true, description: SINCE }) _since: string | null,
  ): ApplicationStatusEvent {
    return servedByGateway();
  }

  @Subscription(() => ApplicationStatusEvent, { subscribe: servedByGateway, description: `PROVIDER_OFFICER: new and changed applications of their provider's queue; FORBIDDEN at once for anyone else.${PAYMENT_PUSH}` })
  providerQueueUpdates(@Arg('since', () => String, { nullable: true, description: SINCE }) _since: string | null): ApplicationStatusEvent {
    return servedByGateway();
  }
}

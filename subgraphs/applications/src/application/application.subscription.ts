import { AppError } from '@portal/kit';
import { Arg, ID, Resolver, Root, Subscription } from 'type-graphql';
import { ApplicationStatusEvent } from './application.type';

/**
 * The live status feeds, declared here so they compose and are schema-checked. The gateway serves
 * them over WebSocket from the ApplicationStatusChanged events (gateway/src/subscriptions) and
 * fetches `application` through the graph as the subscriber; a subgraph never executes them.
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

@Resolver()
export class ApplicationSubscriptionResolver {
  @Subscription(() => ApplicationStatusEvent, { subscribe: servedByGateway, description: "Status changes of the signed-in citizen's own applications." })
  myApplicationUpdates(@Root() event: ApplicationStatusEvent): ApplicationStatusEvent {
    return event;
  }

  @Subscription(() => ApplicationStatusEvent, { subscribe: servedByGateway, description: "Status changes of one application: the subscriber's own, or their provider's." })
  applicationStatusChanged(@Arg('applicationId', () => ID) _applicationId: string, @Root() event: ApplicationStatusEvent): ApplicationStatusEvent {
    return event;
  }

  @Subscription(() => ApplicationStatusEvent, { subscribe: servedByGateway, description: "PROVIDER_OFFICER: new and changed applications of their provider's queue." })
  providerQueueUpdates(@Root() event: ApplicationStatusEvent): ApplicationStatusEvent {
    return event;
  }
}

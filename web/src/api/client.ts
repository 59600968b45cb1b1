import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { SetContextLink } from '@apollo/client/link/context';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { getMainDefinition } from '@apollo/client/utilities';
import { createClient as createWsClient } from 'graphql-ws';
import type { SessionStore } from './session';

export interface PortalClient {
  apollo: ApolloClient;
  /** Reconnects the WebSocket (after sign-in or sign-out, so live feeds run as the new user). */
  reconnect(): void;
}

/** The gateway is the page's own origin: GraphQL over HTTP at /graphql, subscriptions over WebSocket at the same path. */
export function graphqlHttpUrl(): string {
  return new URL('/graphql', window.location.origin).toString();
}

function graphqlWsUrl(): string {
  const url = new URL('/graphql', window.location.origin);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}

export function createPortalClient(session: SessionStore, language: () => 'ky' | 'ru'): PortalClient {
  const http = new HttpLink({ uri: graphqlHttpUrl() });
  const withHeaders = new SetContextLink(async (previous) => {
    const token = await session.accessToken();
    return {
      headers: {
        ...(previous.headers as Record<string, string> | undefined),
        'accept-language': language(),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
    };
  });

  const ws = createWsClient({
    url: graphqlWsUrl(),
    lazy: true,
    // the gateway reads the token and the language from connectionParams (browsers cannot set WebSocket headers)
    connectionParams: async () => {
      const token = await session.accessToken();
      return { ...(token ? { authorization: `Bearer ${token}` } : {}), language: language() };
    },
    retryAttempts: Infinity,
    shouldRetry: () => true,
    retryWait: async (retries) => new Promise((resolve) => setTimeout(resolve, Math.min(30_000, 1000 * 2 ** retries))),
  });

  const link = ApolloLink.split(
    ({ query }) => {
      const definition = getMainDefinition(query);
      return definition.kind === 'OperationDefinition' && definition.operation === 'subscription';
    },
    new GraphQLWsLink(ws),
    withHeaders.concat(http),
  );

  const apollo = new ApolloClient({
    link,
    cache: new InMemoryCache({
      typePolicies: {
        // one User object per id; its lists are read fresh per query
        User: { fields: { applications: { merge: false }, notifications: { merge: false } } },
      },
    }),
    defaultOptions: { watchQuery: { fetchPolicy: 'cache-and-network' } },
  });

  // what a dropped connection missed is read again once it is back
  ws.on('connected', (_socket, _payload, wasRetry) => {
    if (wasRetry) void apollo.refetchQueries({ include: 'active' });
  });

  return { apollo, reconnect: () => ws.terminate() };
}

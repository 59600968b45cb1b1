import type { RemoteGraphQLDataSource } from '@apollo/gateway';
import { Agent, request } from 'undici';

/**
 * Keep-alive connections per subgraph: above the client concurrency the gateway is measured at (50)
 * with room for the several fetches one query plan makes to one subgraph at once, so a burst does not
 * open and close sockets. A subgraph that has them all busy queues further fetches here.
 */
export const SUBGRAPH_CONNECTIONS = 128;

type Fetcher = NonNullable<NonNullable<ConstructorParameters<typeof RemoteGraphQLDataSource>[0]>['fetcher']>;
type FetcherResponse = Awaited<ReturnType<Fetcher>>;

// one pool per gateway process, shared by its gateways (tests start several); idle sockets do not keep the process alive
const agent = new Agent({ connections: SUBGRAPH_CONNECTIONS, keepAliveTimeout: 30_000, keepAliveMaxTimeout: 60_000, pipelining: 1 });

/**
 * The gateway's fetch to subgraphs: undici's request() over a pool of keep-alive connections,
 * instead of the data source's default make-fetch-happen (HTTP-cache machinery the subgraph calls do
 * not use). Only what RemoteGraphQLDataSource reads of a response is offered; `clone` is not used.
 */
export const subgraphFetch: Fetcher = async (url, init) => {
  const answer = await request(url, {
    method: (init?.method ?? 'POST') as 'POST',
    headers: init?.headers,
    body: init?.body,
    signal: init?.signal,
    dispatcher: agent,
  });
  const headers = new Headers();
  for (const [name, value] of Object.entries(answer.headers)) {
    if (Array.isArray(value)) for (const one of value) headers.append(name, one);
    else if (value !== undefined) headers.set(name, value);
  }
  let bodyUsed = false;
  const text = async () => {
    bodyUsed = true;
    return answer.body.text();
  };
  const response: FetcherResponse = {
    get bodyUsed() {
      return bodyUsed;
    },
    url,
    redirected: false,
    status: answer.statusCode,
    ok: answer.statusCode >= 200 && answer.statusCode < 300,
    statusText: String(answer.statusCode),
    headers,
    text,
    json: async () => JSON.parse(await text()) as unknown,
    arrayBuffer: async () => {
      bodyUsed = true;
      return answer.body.arrayBuffer();
    },
    clone: () => {
      throw new Error('subgraph responses are read once');
    },
  };
  return response;
};


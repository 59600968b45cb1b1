/**
 * THE list of subgraphs: name, default port and where its URL comes from. Composition, the
 * launcher, the gateway's routing and the tests all read it; nothing else lists subgraphs.
 */
export const SUBGRAPHS = [
  { name: 'identity', defaultPort: 4001, urlEnv: 'IDENTITY_URL' },
  { name: 'catalog', defaultPort: 4002, urlEnv: 'CATALOG_URL' },
  { name: 'applications', defaultPort: 4003, urlEnv: 'APPLICATIONS_URL' },
  { name: 'payments', defaultPort: 4004, urlEnv: 'PAYMENTS_URL' },
  { name: 'notifications', defaultPort: 4005, urlEnv: 'NOTIFICATIONS_URL' },
] as const;

export type SubgraphName = (typeof SUBGRAPHS)[number]['name'];

export const defaultSubgraphUrl = (name: SubgraphName): string =>
  `http://127.0.0.1:${SUBGRAPHS.find((s) => s.name === name)!.defaultPort}/graphql`;

/** Subgraph URLs from the environment (IDENTITY_URL, …), falling back to local defaults. */
export function subgraphUrlsFromEnv(env: Record<string, string | undefined> = process.env): Record<SubgraphName, string> {
  return Object.fromEntries(SUBGRAPHS.map((s) => [s.name, env[s.urlEnv] ?? defaultSubgraphUrl(s.name)])) as Record<SubgraphName, string>;
}

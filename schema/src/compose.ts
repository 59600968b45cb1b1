import { composeServices } from '@apollo/composition';
import { buildApplicationsSchema } from '@portal/applications';
import { buildCatalogSchema } from '@portal/catalog';
import { buildIdentitySchema } from '@portal/identity';
import { buildNotificationsSchema } from '@portal/notifications';
import { buildPaymentsSchema } from '@portal/payments';
import { printSubgraphSchema } from '@apollo/subgraph';
import { type GraphQLSchema, lexicographicSortSchema, parse, printSchema } from 'graphql';
import { apiSchemaOf } from './contract';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { defaultSubgraphUrl, SUBGRAPHS, type SubgraphName } from './subgraphs';

const SCHEMA_BUILDERS: Record<SubgraphName, () => Promise<GraphQLSchema>> = {
  identity: buildIdentitySchema,
  catalog: buildCatalogSchema,
  applications: buildApplicationsSchema,
  payments: buildPaymentsSchema,
  notifications: buildNotificationsSchema,
};

export const SUPERGRAPH_PATH = path.resolve(__dirname, '..', 'supergraph.graphql');
/** The client-facing schema (no federation internals): what web and mobile clients generate code from. */
export const API_SCHEMA_PATH = path.resolve(__dirname, '..', 'api.graphql');
export const CONTRACT_PATH = path.resolve(__dirname, '..', 'contract.graphql');
export const CONTRACT_PENDING_PATH = path.resolve(__dirname, '..', 'contract-pending.txt');

/** Each subgraph's SDL as it serves it in `_service { sdl }`. */
export async function subgraphSdls(): Promise<Array<{ name: SubgraphName; sdl: string }>> {
  return Promise.all(SUBGRAPHS.map(async ({ name }) => ({ name, sdl: printSubgraphSchema(await SCHEMA_BUILDERS[name]()) })));
}

export interface Composition {
  supergraphSdl: string;
  hints: string[];
}

/** Composes the five subgraphs with @apollo/composition; throws with every composition error. */
export async function composeSupergraph(): Promise<Composition> {
  const sdls = await subgraphSdls();
  const result = composeServices(sdls.map(({ name, sdl }) => ({ name, typeDefs: parse(sdl), url: defaultSubgraphUrl(name) })));
  if (result.errors) {
    throw new Error(`Supergraph does not compose:\n${result.errors.map((e) => `  - ${e.message}`).join('\n')}`);
  }
  return { supergraphSdl: `${result.supergraphSdl.trimEnd()}\n`, hints: result.hints.map((h) => `${h.definition.code}: ${h.message}`) };
}

export function readCommittedSupergraph(): string {
  return readFileSync(SUPERGRAPH_PATH, 'utf8');
}

export function readCommittedApiSchema(): string {
  return readFileSync(API_SCHEMA_PATH, 'utf8');
}

/** The API schema of a supergraph, printed with its descriptions in a stable (sorted) order. */
export function printApiSchema(supergraphSdl: string): string {
  const header = '# The portal\'s client API (the supergraph\'s API schema), written by `npm run compose`: do not edit.\n# Generate typed operations from it (web/codegen.ts is the example).\n\n';
  return `${header}${printSchema(lexicographicSortSchema(apiSchemaOf(supergraphSdl))).trimEnd()}\n`;
}

async function main(): Promise<void> {
  const { supergraphSdl, hints } = await composeSupergraph();
  for (const hint of hints) console.warn(`hint: ${hint}`);
  writeFileSync(SUPERGRAPH_PATH, supergraphSdl);
  writeFileSync(API_SCHEMA_PATH, printApiSchema(supergraphSdl));
  console.log(`wrote ${path.relative(process.cwd(), SUPERGRAPH_PATH)} and ${path.relative(process.cwd(), API_SCHEMA_PATH)}`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}

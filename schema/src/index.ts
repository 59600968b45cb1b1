// Light entry point (no subgraph code): the subgraph list and the contract checker.
// Composition lives in ./compose and pulls in every subgraph's schema builder.
export * from './subgraphs';
export * from './contract';
export * from './personal-data';

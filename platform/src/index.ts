export * from './demo-accounts';
export * from './embedded-db';
export * from './launch';

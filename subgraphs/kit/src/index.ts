import 'reflect-metadata';

export * from './caller';
export * from './config';
export * from './context';
export * from './db';
export * from './errors';
export * from './federation';
export * from './http';
export * from './pagination';
export * from './shared-types';
export * from './subgraph';
export * from './demo-ids';
export * from './testing';
export * from './events';
export * from './rules/pin';
export * from './rules/form-definition';
export * from './event-types';
export * from './ids';

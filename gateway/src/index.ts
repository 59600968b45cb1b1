export * from './auth';
export * from './config';
export * from './server';
export * from './cors';
export * from './limits';
export * from './cost.rules';
export * from './web-app';
export { connectionLanguage, upgradeClientIp } from './subscriptions/server';

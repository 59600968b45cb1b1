export * from './national-id';
export * from './certification-authority';
export * from './payment-system';
export * from './smtp';
export * from './smpp';
export * from './telegram-bot-api';
export * from './tunduk';
export * from './edms';

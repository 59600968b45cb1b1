export * from './certificate-chain';
export * from './config';
export * from './qualified-certificate';
export * from './revocation';

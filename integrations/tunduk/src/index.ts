export * from './breaker';
export * from './client';
export * from './config';
export * from './message-log';
export * from './registries';
export {
  DEV_TUNDUK_PORTAL_SIGNING_KEY,
  type PortalSigningKey,
  parsePortalSigningKey,
  sha256Hex,
  signDetached,
  verifyDetached,
} from './signing';

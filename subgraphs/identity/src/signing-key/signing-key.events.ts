import { type NewEvent, domainEvent } from '@portal/kit';
import type { SigningKey } from './signing-key.entity';

/** Version 1: registered; version 2: revoked (a key changes only once). */
export function signingKeyRegistered(key: SigningKey): NewEvent {
  return domainEvent('SigningKeyRegistered', { type: 'SigningKey', id: key.id, version: 1 }, {
    keyId: key.id,
    userId: key.userId,
    level: key.level,
    publicKeyJwk: { ...key.publicKeyJwk },
    certificateSubject: key.certificateSubject,
    // QUALIFIED only: what signers' certificates are checked against at the time of signing
    certificateIssuer: key.certificateIssuer,
    certificateSerialNumber: key.certificateSerialNumber,
    certificateNotAfter: key.certificateNotAfter?.toISOString() ?? null,
    certificateChainPem: key.certificateChainPem ? [...key.certificateChainPem] : null,
  });
}

export function signingKeyRevoked(key: SigningKey & { revokedAt: Date }): NewEvent {
  return domainEvent('SigningKeyRevoked', { type: 'SigningKey', id: key.id, version: 2 }, {
    keyId: key.id,
    userId: key.userId,
    revokedAt: key.revokedAt.toISOString(),
  });
}

import { type JWTPayload, type JWTVerifyGetKey, createRemoteJWKSet, errors, jwtVerify } from 'jose';
import type { IdentityConfig } from '../config';
import type { NationalIdFailure } from './national-id.rules';

export type IdTokenCheck = { ok: true; claims: JWTPayload } | { ok: false; failure: NationalIdFailure; detail: string };

/** Clock skew tolerated between the portal and the national system. */
const CLOCK_TOLERANCE_SECONDS = 10;

/**
 * Verifies ID tokens of the Unified Identification System: ES256 signature by a key of its
 * published JWKS (fetched and cached by jose, refetched when an unknown kid appears), issuer,
 * audience (the portal's client id) and expiry.
 */
export class NationalIdVerifier {
  private readonly keys: JWTVerifyGetKey;

  constructor(private readonly settings: IdentityConfig['nationalId']) {
    this.keys = createRemoteJWKSet(new URL(settings.jwksUrl), { timeoutDuration: 5000, cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000 });
  }

  async verify(idToken: string): Promise<IdTokenCheck> {
    try {
      const { payload } = await jwtVerify(idToken, this.keys, {
        issuer: this.settings.issuer,
        audience: this.settings.clientId,
        algorithms: ['ES256'],
        requiredClaims: ['sub', 'exp', 'iat'],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
      });
      return { ok: true, claims: payload };
    } catch (error) {
      const failure = classify(error);
      if (!failure) throw error; // the national system unreachable, etc.: not the caller's fault
      return { ok: false, failure, detail: (error as Error).message };
    }
  }
}

function classify(error: unknown): NationalIdFailure | null {
  if (error instanceof errors.JWTExpired) return 'EXPIRED';
  if (error instanceof errors.JWTClaimValidationFailed) return error.claim === 'iss' || error.claim === 'aud' ? 'WRONG_AUDIENCE_OR_ISSUER' : 'BAD_CLAIMS';
  if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) {
    return 'BAD_SIGNATURE';
  }
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid || error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) {
    return 'MALFORMED';
  }
  return null;
}

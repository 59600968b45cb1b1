import { type CryptoKey, type JWK, calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK } from 'jose';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** A stand-in's ES256 signing key: the private key, its JWK, and the public JWK it publishes (kid = thumbprint). */
export interface StandinSigningKey {
  privateKey: CryptoKey;
  privateJwk: JWK;
  publicJwk: JWK;
  kid: string;
}

/**
 * The stand-in's ES256 key, kept in `keyFile` between runs of `npm start` (created there on the first
 * run, readable by its owner only); without a file (tests) a fresh key every start.
 */
export async function loadOrCreateSigningKey(keyFile: string | undefined): Promise<StandinSigningKey> {
  let privateJwk: JWK;
  if (keyFile && existsSync(keyFile)) {
    privateJwk = JSON.parse(readFileSync(keyFile, 'utf8')) as JWK;
  } else {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    privateJwk = await exportJWK(privateKey);
    if (keyFile) {
      mkdirSync(path.dirname(keyFile), { recursive: true });
      writeFileSync(keyFile, JSON.stringify(privateJwk), { mode: 0o600 });
    }
  }
  const { d: _private, ...publicPart } = privateJwk;
  void _private;
  const kid = await calculateJwkThumbprint(publicPart);
  const privateKey = (await importJWK({ ...privateJwk, alg: 'ES256' }, 'ES256')) as CryptoKey;
  return { privateKey, privateJwk, publicJwk: { ...publicPart, kid, alg: 'ES256', use: 'sig' }, kid };
}

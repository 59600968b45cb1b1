import type { ApolloClient } from '@apollo/client';
import { graphql } from '../gql';
import { type BrowserSigningKey, forgetBrowserKey, loadOrCreateBrowserKey, rememberKeyId } from './browser-key';

const REGISTER_SIGNING_KEY = graphql(`
  mutation RegisterBrowserSigningKey($jwk: JSON!) {
    registerSigningKey(publicKeyJwk: $jwk) { id level }
  }
`);

const MY_SIGNING_KEYS = graphql(`
  query MyBrowserSigningKeys {
    me { id signingKeys { id revokedAt } }
  }
`);

/**
 * The user's browser key, registered as a SIMPLE signing key (once; the id is kept in IndexedDB).
 * A key the platform no longer knows or has revoked is replaced by a fresh one, registered again.
 * Errors of registerSigningKey (e.g. identity not verified) reach the caller as they came.
 */
export interface RegisteredBrowserKey extends BrowserSigningKey {
  keyId: string;
  /** Registered by this call: the applications service may need a few seconds to learn of it (event log). */
  registeredNow: boolean;
}

export async function registeredBrowserKey(apollo: ApolloClient, userId: string): Promise<RegisteredBrowserKey> {
  let key = await loadOrCreateBrowserKey(userId);
  if (key.keyId) {
    const { data } = await apollo.query({ query: MY_SIGNING_KEYS, fetchPolicy: 'network-only' });
    const registered = data?.me?.signingKeys.find((signingKey) => signingKey.id === key.keyId);
    if (registered && !registered.revokedAt) return { ...key, keyId: key.keyId, registeredNow: false };
    await forgetBrowserKey(userId);
    key = await loadOrCreateBrowserKey(userId);
  }
  const { data } = await apollo.mutate({ mutation: REGISTER_SIGNING_KEY, variables: { jwk: key.publicKeyJwk } });
  const keyId = data?.registerSigningKey.id;
  if (!keyId) throw new Error('registerSigningKey returned no key');
  await rememberKeyId(userId, keyId);
  return { ...key, keyId, registeredNow: true };
}

import { useQuery } from '@apollo/client/react';
import { useCallback, useEffect, useState } from 'react';
import { useSession } from '../../api/session-context';
import { graphql } from '../../gql';
import type { OfficerSigningKeysQuery } from '../../gql/graphql';
import { type BrowserSigningKey, loadOrCreateBrowserKey } from '../../signing/browser-key';
import { keyProblem } from './signing-key.rules';

export const OFFICER_SIGNING_KEYS = graphql(`
  query OfficerSigningKeys {
    me {
      id
      pin
      provider { id code }
      signingKeys { id level publicKeyJwk certificateSubject certificateIssuer certificateNotAfter createdAt revokedAt thumbprint }
    }
  }
`);

export type RegisteredKey = NonNullable<OfficerSigningKeysQuery['me']>['signingKeys'][number];

/**
 * The signed-in officer's browser key (WebCrypto P-256, non-extractable, in IndexedDB) and the keys
 * the platform has registered for them; `reload` after the key was replaced or registered.
 */
export function useOfficerKeys() {
  const { session } = useSession();
  const userId = session?.user.id ?? null;
  const keys = useQuery(OFFICER_SIGNING_KEYS, { fetchPolicy: 'network-only' });
  const [browserKey, setBrowserKey] = useState<BrowserSigningKey | null>(null);
  const [keyError, setKeyError] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    if (!userId) return;
    let current = true;
    loadOrCreateBrowserKey(userId).then(
      (key) => current && setBrowserKey(key),
      (error: unknown) => current && setKeyError(error instanceof Error ? error.message : String(error)),
    );
    return () => {
      current = false;
    };
  }, [userId, generation]);

  const reload = useCallback(() => {
    setGeneration((value) => value + 1);
    void keys.refetch();
  }, [keys]);

  const registered = keys.data?.me?.signingKeys.find((key) => key.id === browserKey?.keyId);
  return {
    userId,
    me: keys.data?.me ?? null,
    keys: keys.data?.me?.signingKeys,
    loading: keys.loading || (!browserKey && !keyError),
    error: keys.error,
    keyError,
    browserKey,
    registered,
    problem: keys.data ? keyProblem(browserKey, registered) : 'NONE',
    reload,
  };
}

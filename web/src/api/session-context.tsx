import { useApolloClient } from '@apollo/client/react';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { Session, SessionStore } from './session';

interface SessionContextValue {
  session: Session | null;
  signIn(session: Session): Promise<void>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<SessionContextValue | null>(null);

const LOGOUT = `mutation Logout($refreshToken: String) { logout(refreshToken: $refreshToken) }`;

export function SessionProvider({ store, reconnect, children }: { store: SessionStore; reconnect(): void; children: ReactNode }) {
  const apollo = useApolloClient();
  const [session, setSession] = useState<Session | null>(store.current);
  useEffect(() => store.subscribe(setSession), [store]);

  const signIn = useCallback(
    async (next: Session) => {
      // nothing read as the previous user (or anonymously) is kept
      await apollo.clearStore();
      store.set(next);
      reconnect();
    },
    [apollo, store, reconnect],
  );

  const signOut = useCallback(async () => {
    const current = store.current;
    // signed out here at once; then identity ends this device's session (whatever it answers, the tokens are gone)
    store.set(null);
    reconnect();
    await apollo.clearStore();
    if (!current) return;
    await fetch(new URL('/graphql', window.location.origin), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: LOGOUT, variables: { refreshToken: current.refreshToken } }),
    }).catch(() => undefined);
  }, [apollo, store, reconnect]);

  const value = useMemo(() => ({ session, signIn, signOut }), [session, signIn, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

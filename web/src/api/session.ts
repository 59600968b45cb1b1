/**
 * The signed-in session: access token (short-lived, sent on every request), refresh token (spent
 * once for the next pair) and who it is. Kept in sessionStorage: it ends with the browser tab.
 */
export interface SessionUser {
  id: string;
  fullName: string;
  roles: string[];
}

export interface Session {
  accessToken: string;
  accessTokenExpiresAt: string;
  refreshToken: string;
  refreshTokenExpiresAt: string;
  user: SessionUser;
}

const STORAGE_KEY = 'portal.session';
/** Refresh this long before the access token expires, so no request goes out with a dead token. */
const REFRESH_MARGIN_MS = 60_000;

const REFRESH_MUTATION = `mutation RefreshSession($refreshToken: String!) {
  refreshSession(refreshToken: $refreshToken) { accessToken accessTokenExpiresAt refreshToken refreshTokenExpiresAt user { id fullName roles } }
}`;

type Listener = (session: Session | null) => void;

export class SessionStore {
  private session: Session | null;
  private readonly listeners = new Set<Listener>();
  private refreshing: Promise<Session | null> | null = null;

  constructor(private readonly graphqlUrl: string) {
    this.session = readStored();
  }

  get current(): Session | null {
    return this.session;
  }

  set(session: Session | null): void {
    this.session = session;
    try {
      if (session) window.sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
      else window.sessionStorage.removeItem(STORAGE_KEY);
    } catch {
      // storage refused: the session lives in memory for this page
    }
    for (const listener of this.listeners) listener(session);
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A usable access token: the current one, or a fresh one when it is about to expire; null when signed out. */
  async accessToken(): Promise<string | null> {
    const session = this.session;
    if (!session) return null;
    if (Date.parse(session.accessTokenExpiresAt) - Date.now() > REFRESH_MARGIN_MS) return session.accessToken;
    if (Date.parse(session.refreshTokenExpiresAt) <= Date.now()) {
      this.set(null);
      return null;
    }
    // one refresh at a time: the refresh token is spent on use, a second call would end the session
    this.refreshing ??= this.refresh(session).finally(() => {
      this.refreshing = null;
    });
    return (await this.refreshing)?.accessToken ?? null;
  }

  private async refresh(session: Session): Promise<Session | null> {
    try {
      const response = await fetch(this.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: REFRESH_MUTATION, variables: { refreshToken: session.refreshToken } }),
      });
      const body = (await response.json()) as { data?: { refreshSession?: Session } };
      const next = body.data?.refreshSession ?? null;
      this.set(next);
      return next;
    } catch {
      return session; // offline: keep the session, the request will fail and can be retried
    }
  }
}

function readStored(): Session | null {
  try {
    const raw = window.sessionStorage.getItem(STORAGE_KEY);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as Session;
    return typeof parsed.accessToken === 'string' && typeof parsed.refreshToken === 'string' ? parsed : null;
  } catch {
    return null;
  }
}

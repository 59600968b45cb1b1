import { createContext, type ReactNode, useCallback, useContext, useRef, useState } from 'react';

type Announce = (message: string) => void;
const AnnouncerContext = createContext<Announce>(() => undefined);

/**
 * One polite live region for the whole app: async results ("12 services found"), status changes
 * pushed by subscriptions, sign-in. Screen readers read each message once.
 */
export function AnnouncerProvider({ children }: { children: ReactNode }) {
  const [message, setMessage] = useState('');
  const counter = useRef(0);
  const announce = useCallback<Announce>((next) => {
    // the same text twice in a row is still announced: a zero-width suffix makes it a change
    counter.current += 1;
    setMessage(counter.current % 2 === 0 ? `${next}\u200b` : next);
  }, []);
  return (
    <AnnouncerContext.Provider value={announce}>
      {children}
      <div role="status" aria-live="polite" aria-atomic="true" className="visually-hidden" data-testid="announcer">
        {message}
      </div>
    </AnnouncerContext.Provider>
  );
}

export function useAnnounce(): Announce {
  return useContext(AnnouncerContext);
}

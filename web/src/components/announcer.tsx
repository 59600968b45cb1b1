import { createContext, type ReactNode, useCallback, useContext, useRef, useState } from 'react';

type Announce = (message: string) => void;
const AnnouncerContext = createContext<Announce>(() => undefined);
/** How many recent messages stay in the region (older ones are removed; new ones are what is read). */
const KEPT = 3;

/**
 * One polite live region for the whole app: async results ("12 services found"), status changes
 * pushed by subscriptions, sign-in and sign-out. Each message is added as its own line, so two that
 * come together (a status change and its notice) are both read.
 */
export function AnnouncerProvider({ children }: { children: ReactNode }) {
  const [messages, setMessages] = useState<Array<{ id: number; text: string }>>([]);
  const counter = useRef(0);
  const announce = useCallback<Announce>((text) => {
    counter.current += 1;
    const id = counter.current;
    setMessages((previous) => [...previous.slice(-(KEPT - 1)), { id, text }]);
  }, []);
  return (
    <AnnouncerContext.Provider value={announce}>
      {children}
      <div role="status" aria-live="polite" aria-atomic="false" aria-relevant="additions" className="visually-hidden" data-testid="announcer">
        {messages.map((message) => (
          <p key={message.id}>{message.text}</p>
        ))}
      </div>
    </AnnouncerContext.Provider>
  );
}

export function useAnnounce(): Announce {
  return useContext(AnnouncerContext);
}

import { ApolloProvider } from '@apollo/client/react';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { App } from './App';
import { createPortalClient, graphqlHttpUrl } from './api/client';
import { SessionStore } from './api/session';
import { SessionProvider } from './api/session-context';
import { AnnouncerProvider } from './components/announcer';
import { initialLanguage, LanguageProvider, type Lang } from './i18n/i18n';
import './styles.css';

const session = new SessionStore(graphqlHttpUrl());
let language: Lang = initialLanguage();
const client = createPortalClient(session, () => language);

// every operation asks its texts with an explicit `lang`; Accept-Language carries it for error messages
function onLanguageChange(next: Lang) {
  language = next;
}

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <ApolloProvider client={client.apollo}>
      <SessionProvider store={session} reconnect={client.reconnect}>
        <LanguageProvider onChange={onLanguageChange}>
          <AnnouncerProvider>
            <BrowserRouter>
              <App />
            </BrowserRouter>
          </AnnouncerProvider>
        </LanguageProvider>
      </SessionProvider>
    </ApolloProvider>
  </StrictMode>,
);

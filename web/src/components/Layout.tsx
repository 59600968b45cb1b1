import { useQuery, useSubscription } from '@apollo/client/react';
import { useEffect, useRef, useState } from 'react';
import { Link, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { useSession } from '../api/session-context';
import { graphql } from '../gql';
import { LANGUAGES, useI18n } from '../i18n/i18n';
import { useAnnounce } from './announcer';

const UNREAD_COUNT = graphql(`
  query UnreadCount {
    me { id notifications(first: 1, unreadOnly: true) { unreadCount } }
  }
`);

// the officer's body hears complaints when some provider names it as appeal body (public), or complaints were addressed to it
const APPEAL_BODY = graphql(`
  query OfficerAppealBody {
    me { id provider { id } }
    providers { id appealBody { id } }
    appealQueue(first: 1) { totalCount }
  }
`);

const NOTIFICATION_ADDED = graphql(`
  subscription NotificationAdded($lang: Language) {
    notificationAdded { id title(lang: $lang) }
  }
`);

export function Layout() {
  const { t } = useI18n();
  const location = useLocation();
  const firstRender = useRef(true);

  // focus the new screen's heading on every route change (not on the first load: the browser starts at the top)
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    const heading = document.getElementById('page-heading') ?? document.getElementById('main');
    heading?.focus();
  }, [location.pathname]);

  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="site-header">
        <div className="header-row">
          <Link to="/" className="brand">
            {t('app.name')}
          </Link>
          <LanguageSwitch />
          <UserArea />
        </div>
        <MainNav />
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
      <footer className="site-footer">
        <p>{t('app.footer')}</p>
      </footer>
    </>
  );
}

function LanguageSwitch() {
  const { t, lang, setLang } = useI18n();
  return (
    <div role="group" aria-label={t('lang.label')} className="lang-switch">
      {LANGUAGES.map((code) => (
        <button key={code} type="button" lang={code} aria-pressed={lang === code} onClick={() => setLang(code)}>
          {t(code === 'ky' ? 'lang.ky' : 'lang.ru')}
        </button>
      ))}
    </div>
  );
}

function UserArea() {
  const { t } = useI18n();
  const { session, signOut } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const announce = useAnnounce();
  const [leaving, setLeaving] = useState(false);
  // sign out once the catalogue is shown: signed out on a cabinet page, the app would send the user to the login page
  useEffect(() => {
    if (!leaving || location.pathname !== '/') return;
    setLeaving(false);
    void signOut().finally(() => announce(t('nav.logout')));
  }, [leaving, location.pathname, signOut, announce, t]);
  if (!session) {
    return (
      <div className="user-area">
        <Link to="/login">{t('nav.login')}</Link>
        <Link to="/register">{t('nav.register')}</Link>
      </div>
    );
  }
  return (
    <div className="user-area">
      <span data-testid="signed-in-user">{t('nav.signedInAs', { name: session.user.fullName })}</span>
      <button
        type="button"
        onClick={() => {
          setLeaving(true);
          navigate('/');
        }}
      >
        {t('nav.logout')}
      </button>
    </div>
  );
}

function MainNav() {
  const { t } = useI18n();
  const { session } = useSession();
  return (
    <nav aria-label={t('nav.label')}>
      <ul>
        <li>
          <NavLink to="/" end>
            {t('nav.catalogue')}
          </NavLink>
        </li>
        {session ? (
          <>
            <li>
              <NavLink to="/cabinet">{t('nav.cabinet')}</NavLink>
            </li>
            <li>
              <NavLink to="/applications">{t('nav.applications')}</NavLink>
            </li>
            <li>
              <NoticesLink />
            </li>
            {session.user.roles.includes('PROVIDER_OFFICER') ? (
              <>
                <li>
                  <NavLink to="/officer" end>
                    {t('nav.officer')}
                  </NavLink>
                </li>
                <AppealQueueLink />
                <li>
                  <NavLink to="/officer/signing-key">{t('nav.signingKey')}</NavLink>
                </li>
              </>
            ) : null}
          </>
        ) : null}
      </ul>
    </nav>
  );
}

/** The notices link with the unread count, kept live by the notificationAdded feed. */
function NoticesLink() {
  const { t, apiLang } = useI18n();
  const announce = useAnnounce();
  const { data, refetch } = useQuery(UNREAD_COUNT, { fetchPolicy: 'cache-and-network' });
  useSubscription(NOTIFICATION_ADDED, {
    variables: { lang: apiLang },
    onData: ({ data: event }) => {
      const title = event.data?.notificationAdded.title;
      if (title) announce(t('notices.added', { title }));
      void refetch();
    },
  });
  const unread = data?.me?.notifications.unreadCount ?? 0;
  return (
    <NavLink to="/notices">
      {t('nav.notices')}
      {unread > 0 ? (
        <>
          <span className="badge" aria-hidden="true" data-testid="unread-count">
            {unread}
          </span>
          <span className="visually-hidden">{t('nav.noticesUnreadSuffix', { count: unread })}</span>
        </>
      ) : null}
    </NavLink>
  );
}

/** "Complaints" for officers of an appeal body only. */
function AppealQueueLink() {
  const { t } = useI18n();
  const { data } = useQuery(APPEAL_BODY);
  const ownId = data?.me?.provider?.id;
  const hears = Boolean(ownId && data?.providers.some((provider) => provider.appealBody?.id === ownId)) || (data?.appealQueue.totalCount ?? 0) > 0;
  if (!hears) return null;
  return (
    <li>
      <NavLink to="/officer/appeals">{t('nav.appeals')}</NavLink>
    </li>
  );
}

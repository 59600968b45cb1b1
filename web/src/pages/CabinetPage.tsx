import { useQuery } from '@apollo/client/react';
import { Link } from 'react-router';
import { messageOf } from '../api/errors';
import { Loading, LoadError, Page } from '../components/Page';
import { graphql } from '../gql';
import { useI18n } from '../i18n/i18n';
import { ApplicationsTable } from './ApplicationsPage';

const CABINET = graphql(`
  query Cabinet($lang: Language) {
    me {
      id
      fullName
      pin
      email
      phone
      applications(first: 5) {
        totalCount
        edges { node { id number status updatedAt service { id title(lang: $lang) } } }
      }
    }
  }
`);

/** The citizen's cabinet: who is signed in and the latest applications. */
export function CabinetPage() {
  const { t, apiLang } = useI18n();
  const { data, loading, error, refetch } = useQuery(CABINET, { variables: { lang: apiLang } });
  const me = data?.me;
  return (
    <Page title={t('cabinet.title')}>
      {error ? <LoadError message={messageOf(error, t('status.network'))} onRetry={() => void refetch()} /> : null}
      {!me && loading ? <Loading /> : null}
      {me ? (
        <>
          <p className="lead" data-testid="cabinet-welcome">
            {t('cabinet.welcome', { name: me.fullName })}
          </p>
          <section aria-labelledby="profile-heading">
            <h2 id="profile-heading">{t('cabinet.profile')}</h2>
            <dl className="facts">
              <div>
                <dt>{t('cabinet.pin')}</dt>
                <dd>{me.pin}</dd>
              </div>
              {me.email ? (
                <div>
                  <dt>{t('cabinet.email')}</dt>
                  <dd>{me.email}</dd>
                </div>
              ) : null}
              {me.phone ? (
                <div>
                  <dt>{t('cabinet.phone')}</dt>
                  <dd>{me.phone}</dd>
                </div>
              ) : null}
            </dl>
          </section>
          <nav aria-labelledby="cabinet-more-heading">
            <h2 id="cabinet-more-heading">{t('cabinet.more')}</h2>
            <ul className="link-list">
              <li>
                <Link to="/drafts">{t('drafts.title')}</Link>
              </li>
              <li>
                <Link to="/cabinet/notifications">{t('prefs.title')}</Link>
              </li>
              <li>
                <Link to="/cabinet/sessions">{t('sessions.title')}</Link>
              </li>
              <li>
                <Link to="/cabinet/data-access">{t('dataAccess.title')}</Link>
              </li>
            </ul>
          </nav>
          <section aria-labelledby="latest-heading">
            <h2 id="latest-heading">{t('applications.title')}</h2>
            <ApplicationsTable applications={me.applications.edges.map((edge) => edge.node)} />
            <p>
              <Link to="/applications">{t('applications.count', { count: me.applications.totalCount })}</Link>
            </p>
          </section>
        </>
      ) : null}
    </Page>
  );
}

import { useMutation, useQuery } from '@apollo/client/react';
import { Link } from 'react-router';
import { messageOf } from '../api/errors';
import { Loading, LoadError, Page } from '../components/Page';
import { graphql } from '../gql';
import { useI18n } from '../i18n/i18n';

const NOTICES = graphql(`
  query Notices($lang: Language) {
    me {
      id
      notifications(first: 50) {
        totalCount
        unreadCount
        edges { node { id type createdAt readAt title(lang: $lang) body(lang: $lang) application { id number } } }
      }
    }
  }
`);

const MARK_READ = graphql(`
  mutation MarkNotificationsRead($ids: [ID!]!) { markNotificationsRead(ids: $ids) }
`);

export function NoticesPage() {
  const { t, apiLang, formatDate } = useI18n();
  const { data, loading, error, refetch } = useQuery(NOTICES, { variables: { lang: apiLang } });
  const [markRead, marking] = useMutation(MARK_READ, { refetchQueries: ['Notices', 'UnreadCount'] });
  const notifications = data?.me?.notifications;
  const unreadIds = notifications?.edges.filter((edge) => !edge.node.readAt).map((edge) => edge.node.id) ?? [];
  return (
    <Page title={t('notices.title')}>
      {error ? <LoadError message={messageOf(error, t('status.network'))} onRetry={() => void refetch()} /> : null}
      {!notifications && loading ? <Loading /> : null}
      {notifications ? (
        <>
          <p>{t('notices.unread', { count: notifications.unreadCount })}</p>
          {unreadIds.length > 0 ? (
            <button type="button" disabled={marking.loading} onClick={() => void markRead({ variables: { ids: unreadIds } })}>
              {t('notices.markRead')}
            </button>
          ) : null}
          {notifications.edges.length === 0 ? <p>{t('notices.none')}</p> : null}
          <ul className="notice-list">
            {notifications.edges.map(({ node }) => (
              <li key={node.id} className={node.readAt ? 'card' : 'card unread'}>
                <h2 className="h3">
                  {node.title}
                  {node.readAt ? null : <span className="tag"> {t('notices.new')}</span>}
                </h2>
                <p className="meta">{formatDate(node.createdAt, true)}</p>
                <p>{node.body}</p>
                {node.application ? (
                  <p>
                    <Link to={`/applications/${node.application.id}`}>{node.application.number ?? t('applications.draft')}</Link>
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </Page>
  );
}

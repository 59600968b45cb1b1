import { useQuery } from '@apollo/client/react';
import { Link } from 'react-router';
import { messageOf } from '../api/errors';
import { Loading, LoadError, Page } from '../components/Page';
import { StatusBadge } from '../components/status';
import { graphql } from '../gql';
import type { ApplicationStatus } from '../gql/graphql';
import { useI18n } from '../i18n/i18n';

const PAGE_SIZE = 20;

const MY_APPLICATIONS = graphql(`
  query MyApplications($first: Int, $after: String, $lang: Language) {
    me {
      id
      applications(first: $first, after: $after) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { node { id number status updatedAt service { id title(lang: $lang) } } }
      }
    }
  }
`);

interface ApplicationRow {
  id: string;
  number?: string | null;
  status: ApplicationStatus;
  updatedAt: string;
  service: { title: string };
}

export function ApplicationsTable({ applications }: { applications: ApplicationRow[] }) {
  const { t, formatDate } = useI18n();
  if (applications.length === 0) return <p>{t('applications.none')}</p>;
  return (
    <table className="table">
      <thead>
        <tr>
          <th scope="col">{t('applications.number')}</th>
          <th scope="col">{t('applications.service')}</th>
          <th scope="col">{t('applications.status')}</th>
          <th scope="col">{t('applications.updated')}</th>
        </tr>
      </thead>
      <tbody>
        {applications.map((application) => (
          <tr key={application.id}>
            <td>
              <Link to={`/applications/${application.id}`}>{application.number ?? t('applications.draft')}</Link>
            </td>
            <td>{application.service.title}</td>
            <td>
              <StatusBadge status={application.status} />
            </td>
            <td>{formatDate(application.updatedAt, true)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ApplicationsPage() {
  const { t, apiLang } = useI18n();
  const { data, loading, error, refetch, fetchMore } = useQuery(MY_APPLICATIONS, { variables: { first: PAGE_SIZE, lang: apiLang } });
  const connection = data?.me?.applications;
  return (
    <Page title={t('applications.title')}>
      {error ? <LoadError message={messageOf(error, t('status.network'))} onRetry={() => void refetch()} /> : null}
      {!connection && loading ? <Loading /> : null}
      {connection ? (
        <>
          <p>{t('applications.count', { count: connection.totalCount })}</p>
          <ApplicationsTable applications={connection.edges.map((edge) => edge.node)} />
          {connection.pageInfo.hasNextPage ? (
            <button
              type="button"
              onClick={() =>
                void fetchMore({
                  variables: { after: connection.pageInfo.endCursor },
                  updateQuery: (previous, { fetchMoreResult }) =>
                    previous.me && fetchMoreResult.me
                      ? { me: { ...fetchMoreResult.me, applications: { ...fetchMoreResult.me.applications, edges: [...previous.me.applications.edges, ...fetchMoreResult.me.applications.edges] } } }
                      : previous,
                })
              }
            >
              {t('catalogue.more')}
            </button>
          ) : null}
        </>
      ) : null}
    </Page>
  );
}

import { useQuery } from '@apollo/client/react';
import { messageOf } from '../api/errors';
import { Loading, LoadError, Page } from '../components/Page';
import { graphql } from '../gql';
import { useI18n } from '../i18n/i18n';

const PAGE_SIZE = 20;

const DATA_ACCESS_LOG = graphql(`
  query MyDataAccessLog($first: Int, $after: String, $lang: Language) {
    myDataAccessLog(first: $first, after: $after) {
      pageInfo { hasNextPage endCursor }
      edges { node { at actor actorRole fields purpose(lang: $lang) applicationNumber provider { id name(lang: $lang) } } }
    }
  }
`);

/** Who read the citizen's personal data, when, what and why, newest first. */
export function DataAccessLogPage() {
  const { t, apiLang, formatDate } = useI18n();
  const { data, loading, error, refetch, fetchMore } = useQuery(DATA_ACCESS_LOG, { variables: { first: PAGE_SIZE, lang: apiLang }, fetchPolicy: 'network-only' });
  const log = data?.myDataAccessLog;
  const entries = log?.edges.map((edge) => edge.node) ?? [];

  function more() {
    if (!log?.pageInfo.endCursor) return;
    void fetchMore({
      variables: { after: log.pageInfo.endCursor },
      updateQuery: (previous, { fetchMoreResult }) => ({
        myDataAccessLog: { ...fetchMoreResult.myDataAccessLog, edges: [...previous.myDataAccessLog.edges, ...fetchMoreResult.myDataAccessLog.edges] },
      }),
    });
  }

  return (
    <Page title={t('dataAccess.title')}>
      <p>{t('dataAccess.intro')}</p>
      {error ? <LoadError message={messageOf(error, t('status.network'))} onRetry={() => void refetch()} /> : null}
      {!log && loading ? <Loading /> : null}
      {log ? (
        entries.length === 0 ? (
          <p>{t('dataAccess.none')}</p>
        ) : (
          <table className="table" data-testid="data-access-log">
            <thead>
              <tr>
                <th scope="col">{t('dataAccess.at')}</th>
                <th scope="col">{t('dataAccess.actor')}</th>
                <th scope="col">{t('dataAccess.fields')}</th>
                <th scope="col">{t('dataAccess.purpose')}</th>
                <th scope="col">{t('dataAccess.application')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry, index) => (
                <tr key={`${entry.at}-${index}`}>
                  <td>{formatDate(entry.at, true)}</td>
                  <td>
                    {entry.actor}
                    {entry.provider ? <span className="meta"> — {entry.provider.name}</span> : null}
                  </td>
                  <td>{entry.fields.join(', ')}</td>
                  <td>{entry.purpose}</td>
                  <td>{entry.applicationNumber ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      ) : null}
      {log?.pageInfo.hasNextPage ? (
        <p>
          <button type="button" onClick={more}>
            {t('dataAccess.more')}
          </button>
        </p>
      ) : null}
    </Page>
  );
}

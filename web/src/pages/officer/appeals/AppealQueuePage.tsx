import { useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { Link } from 'react-router';
import { messageOf } from '../../../api/errors';
import { appealStatusLabel } from '../../../components/application-sections';
import { Loading, LoadError, Page } from '../../../components/Page';
import { graphql } from '../../../gql';
import { useI18n } from '../../../i18n/i18n';

const PAGE_SIZE = 20;

export const APPEAL_QUEUE = graphql(`
  query AppealQueue($first: Int, $after: String, $lang: Language) {
    appealQueue(first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        cursor
        node {
          id
          subject
          status
          createdAt
          dueAt
          overdue
          application { id number service { id title(lang: $lang) provider { id name(lang: $lang) } } }
        }
      }
    }
  }
`);

/** The complaints addressed to the officer's body: open ones first by answer deadline, overdue on top, then answered ones. */
export function AppealQueuePage() {
  const { t, apiLang, formatDate } = useI18n();
  // cursors of the pages seen, so "previous" goes back without a backward cursor in the API
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  const after = cursors[cursors.length - 1] ?? null;
  const { data, loading, error, refetch } = useQuery(APPEAL_QUEUE, { variables: { first: PAGE_SIZE, after, lang: apiLang }, fetchPolicy: 'cache-and-network' });
  const queue = data?.appealQueue;

  return (
    <Page title={t('appealQueue.title')}>
      <p className="meta">{t('appealQueue.sorted')}</p>
      {loading && !queue ? <Loading /> : null}
      {error ? <LoadError message={messageOf(error, t('status.network'))} onRetry={() => void refetch()} /> : null}
      {queue ? (
        <>
          <p data-testid="appeal-count">{t('appealQueue.count', { count: queue.totalCount })}</p>
          {queue.edges.length === 0 ? (
            <p>{t('appealQueue.none')}</p>
          ) : (
            <table className="table">
              <caption className="visually-hidden">{t('appealQueue.table')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('officer.queue.number')}</th>
                  <th scope="col">{t('appealQueue.provider')}</th>
                  <th scope="col">{t('appeal.subject')}</th>
                  <th scope="col">{t('appeal.status')}</th>
                  <th scope="col">{t('appeal.due')}</th>
                </tr>
              </thead>
              <tbody>
                {queue.edges.map(({ node }) => (
                  <tr key={node.id} data-testid={`appeal-row-${node.application.number ?? node.application.id}`}>
                    <td>
                      <Link to={`/officer/appeals/${node.application.id}`}>{node.application.number ?? node.application.id}</Link>
                    </td>
                    <td>
                      {node.application.service.provider.name}
                      <br />
                      <span className="meta">{node.application.service.title}</span>
                    </td>
                    <td>{t(`appealSubject.${node.subject}`)}</td>
                    <td>{appealStatusLabel(node.status, t)}</td>
                    <td>
                      {node.dueAt ? formatDate(node.dueAt, true) : '—'}
                      {node.overdue ? <strong className="overdue"> — {t('appeal.overdue')}</strong> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <nav aria-label={t('appealQueue.pages')} className="button-row">
            {cursors.length > 1 ? (
              <button type="button" onClick={() => setCursors((previous) => previous.slice(0, -1))}>
                {t('officer.queue.previous')}
              </button>
            ) : null}
            {queue.pageInfo.hasNextPage && queue.pageInfo.endCursor ? (
              <button type="button" onClick={() => setCursors((previous) => [...previous, queue.pageInfo.endCursor ?? null])}>
                {t('officer.queue.next')}
              </button>
            ) : null}
          </nav>
        </>
      ) : null}
    </Page>
  );
}

import { useQuery } from '@apollo/client/react';
import { Link } from 'react-router';
import { messageOf } from '../api/errors';
import { Loading, LoadError, Page } from '../components/Page';
import { graphql } from '../gql';
import { useI18n } from '../i18n/i18n';

const MY_DRAFTS = graphql(`
  query MyDrafts($lang: Language) {
    me {
      id
      applications(first: 50, filter: { status: [DRAFT] }) {
        totalCount
        edges { node { id updatedAt currentStep service { id title(lang: $lang) } } }
      }
    }
  }
`);

/** The citizen's unfinished applications, each resumed at the step it was left on. */
export function DraftsPage() {
  const { t, apiLang, formatDate } = useI18n();
  const { data, loading, error, refetch } = useQuery(MY_DRAFTS, { variables: { lang: apiLang }, fetchPolicy: 'network-only' });
  const drafts = data?.me?.applications.edges.map((edge) => edge.node) ?? [];
  return (
    <Page title={t('drafts.title')}>
      {error ? <LoadError message={messageOf(error, t('status.network'))} onRetry={() => void refetch()} /> : null}
      {!data && loading ? <Loading /> : null}
      {data ? (
        drafts.length === 0 ? (
          <p>{t('drafts.none')}</p>
        ) : (
          <table className="table" data-testid="drafts">
            <thead>
              <tr>
                <th scope="col">{t('drafts.service')}</th>
                <th scope="col">{t('drafts.updated')}</th>
              </tr>
            </thead>
            <tbody>
              {drafts.map((draft) => (
                <tr key={draft.id}>
                  <td>
                    <Link to={`/applications/${draft.id}/form`}>{t('drafts.continue', { service: draft.service.title })}</Link>
                  </td>
                  <td>{formatDate(draft.updatedAt, true)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      ) : null}
    </Page>
  );
}

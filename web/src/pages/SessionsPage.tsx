import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { messageOf } from '../api/errors';
import { useAnnounce } from '../components/announcer';
import { FormError } from '../components/fields';
import { Loading, LoadError, Page } from '../components/Page';
import { graphql } from '../gql';
import { type I18n, useI18n } from '../i18n/i18n';

const MY_SESSIONS = graphql(`
  query MySessions {
    me { id sessions { id current createdAt lastUsedAt ip userAgent method } }
  }
`);

const END_SESSION = graphql(`
  mutation EndMySession($sessionId: ID!) { endSession(sessionId: $sessionId) }
`);

/** The devices signed in to the account; any but this one can be ended here. */
export function SessionsPage() {
  const { t, formatDate } = useI18n();
  const announce = useAnnounce();
  const { data, loading, error, refetch } = useQuery(MY_SESSIONS, { fetchPolicy: 'network-only' });
  const [endSession, ending] = useMutation(END_SESSION);
  const [problem, setProblem] = useState<string | null>(null);
  const sessions = data?.me?.sessions ?? [];

  async function end(sessionId: string) {
    setProblem(null);
    try {
      await endSession({ variables: { sessionId } });
      announce(t('sessions.ended'));
      await refetch();
    } catch (failure) {
      setProblem(messageOf(failure, t('status.network')));
    }
  }

  return (
    <Page title={t('sessions.title')}>
      <p>{t('sessions.intro')}</p>
      <FormError message={problem} />
      {error ? <LoadError message={messageOf(error, t('status.network'))} onRetry={() => void refetch()} /> : null}
      {!data && loading ? <Loading /> : null}
      {data ? (
        <table className="table" data-testid="sessions">
          <thead>
            <tr>
              <th scope="col">{t('sessions.created')}</th>
              <th scope="col">{t('sessions.lastUsed')}</th>
              <th scope="col">{t('sessions.method')}</th>
              <th scope="col">{t('sessions.client')}</th>
              <th scope="col">{t('sessions.ip')}</th>
              <th scope="col">{t('sessions.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((session) => (
              <tr key={session.id}>
                <td>{formatDate(session.createdAt, true)}</td>
                <td>{session.lastUsedAt ? formatDate(session.lastUsedAt, true) : '—'}</td>
                <td>{methodLabel(session.method, t)}</td>
                <td>{session.userAgent ?? '—'}</td>
                <td>{session.ip ?? '—'}</td>
                <td>
                  {session.current ? (
                    <strong>{t('sessions.current')}</strong>
                  ) : (
                    <button type="button" disabled={ending.loading} onClick={() => void end(session.id)}>
                      {t('sessions.end', { date: formatDate(session.createdAt, true) })}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </Page>
  );
}

function methodLabel(method: string, t: I18n['t']): string {
  return method === 'PASSWORD' || method === 'NATIONAL_ID' || method === 'REGISTRATION' ? t(`sessions.method.${method}`) : method;
}

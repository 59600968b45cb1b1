import { useMutation } from '@apollo/client/react';
import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { safeNext, sessionOf } from '../api/auth-payload';
import { messageOf } from '../api/errors';
import { useSession } from '../api/session-context';
import { FormError } from '../components/fields';
import { Loading, Page } from '../components/Page';
import { graphql } from '../gql';
import { useI18n } from '../i18n/i18n';
import { NATIONAL_ID_STATE_KEY } from './LoginPage';

const COMPLETE = graphql(`
  mutation CompleteNationalIdLogin($code: String!, $state: String!) {
    completeNationalIdLogin(code: $code, state: $state) { accessToken accessTokenExpiresAt refreshToken refreshTokenExpiresAt user { id fullName roles } }
  }
`);

/** Where the Unified Identification System sends the browser back with ?code=&state=. */
export function NationalIdCallbackPage() {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const { signIn } = useSession();
  const [complete] = useMutation(COMPLETE);
  const [error, setError] = useState<string | null>(null);
  const started = useRef(false);
  const code = params.get('code');
  const state = params.get('state');

  useEffect(() => {
    if (started.current || !code || !state) return;
    started.current = true; // the code works once: StrictMode's second effect run must not spend it again
    const kept = JSON.parse(sessionStorage.getItem(NATIONAL_ID_STATE_KEY) ?? '{}') as { next?: string };
    sessionStorage.removeItem(NATIONAL_ID_STATE_KEY);
    complete({ variables: { code, state } })
      .then(async (result) => {
        if (!result.data) throw new Error('no data');
        await signIn(sessionOf(result.data.completeNationalIdLogin));
        navigate(safeNext(kept.next ?? null), { replace: true });
      })
      .catch((failure: unknown) => setError(messageOf(failure, t('status.network'))));
  }, [code, state, complete, signIn, navigate, t]);

  return (
    <Page title={t('callback.title')}>
      {!code || !state ? <FormError message={t('callback.missing')} /> : null}
      {error ? <FormError message={error} /> : null}
      {code && state && !error ? <Loading /> : null}
      <p>
        <Link to="/login">{t('login.title')}</Link>
      </p>
    </Page>
  );
}

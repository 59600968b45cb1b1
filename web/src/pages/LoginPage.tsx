import { useMutation } from '@apollo/client/react';
import { type FormEvent, useRef, useState } from 'react';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router';
import { safeNext, sessionOf } from '../api/auth-payload';
import { fieldErrorsOf } from '../api/errors';
import { useSession } from '../api/session-context';
import { useAnnounce } from '../components/announcer';
import { FormError, TextField } from '../components/fields';
import { Page } from '../components/Page';
import { graphql } from '../gql';
import type { MessageKey } from '../i18n/messages';
import { useI18n } from '../i18n/i18n';

const LOGIN = graphql(`
  mutation Login($input: LoginInput!) {
    login(input: $input) { accessToken accessTokenExpiresAt refreshToken refreshTokenExpiresAt user { id fullName roles } }
  }
`);

const START_NATIONAL_ID = graphql(`
  mutation StartNationalIdLogin($redirectUri: String!) {
    startNationalIdLogin(redirectUri: $redirectUri) { authorizationUrl state }
  }
`);

export const NATIONAL_ID_STATE_KEY = 'portal.nationalIdState';

export function LoginPage() {
  const { t } = useI18n();
  const { signIn } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [params] = useSearchParams();
  const announce = useAnnounce();
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<{ login?: string; password?: string; general?: string | null }>({});
  const summary = useRef<HTMLDivElement>(null);
  const [runLogin, { loading }] = useMutation(LOGIN);
  const [startNationalId, nationalId] = useMutation(START_NATIONAL_ID);
  const reason = (location.state as { reason?: MessageKey } | null)?.reason;

  async function submit(event: FormEvent) {
    event.preventDefault();
    const missing = {
      ...(login.trim() ? {} : { login: t('login.required') }),
      ...(password ? {} : { password: t('login.required') }),
    };
    if (Object.keys(missing).length > 0) {
      setErrors({ ...missing, general: t('form.errorsSummary', { count: Object.keys(missing).length }) });
      focusFirstInvalid();
      return;
    }
    setErrors({});
    try {
      const result = await runLogin({ variables: { input: { login: login.trim(), password } } });
      if (!result.data) throw new Error('no data');
      await signIn(sessionOf(result.data.login));
      announce(t('nav.signedInAs', { name: result.data.login.user.fullName }));
      navigate(safeNext(params.get('next')), { replace: true });
    } catch (error) {
      const { byField, general } = fieldErrorsOf(error, t('status.network'));
      setErrors({ login: byField.login, password: byField.password, general: general ?? t('login.failed') });
      requestAnimationFrame(() => summary.current?.focus());
    }
  }

  function focusFirstInvalid() {
    requestAnimationFrame(() => document.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
  }

  async function loginWithNationalId() {
    try {
      const result = await startNationalId({ variables: { redirectUri: new URL('/callback', window.location.origin).toString() } });
      const start = result.data?.startNationalIdLogin;
      if (!start) return;
      sessionStorage.setItem(NATIONAL_ID_STATE_KEY, JSON.stringify({ state: start.state, next: safeNext(params.get('next')) }));
      window.location.assign(start.authorizationUrl);
    } catch (error) {
      setErrors({ general: fieldErrorsOf(error, t('status.network')).general });
      requestAnimationFrame(() => summary.current?.focus());
    }
  }

  return (
    <Page title={t('login.title')}>
      {reason ? <p className="notice">{t(reason)}</p> : null}
      <div ref={summary} tabIndex={-1}>
        <FormError message={errors.general ?? null} />
      </div>
      <form className="stack narrow" onSubmit={(event) => void submit(event)} noValidate>
        <TextField name="login" label={t('login.login')} autoComplete="username" value={login} onChange={setLogin} error={errors.login} required />
        <TextField name="password" type="password" label={t('login.password')} autoComplete="current-password" value={password} onChange={setPassword} error={errors.password} required />
        <button type="submit" className="primary" disabled={loading}>
          {loading ? t('login.submitting') : t('login.submit')}
        </button>
      </form>
      <p className="or">{t('login.or')}</p>
      <button type="button" onClick={() => void loginWithNationalId()} disabled={nationalId.loading}>
        {t('login.nationalId')}
      </button>
      <p>
        {t('login.noAccount')} <Link to="/register">{t('nav.register')}</Link>
      </p>
    </Page>
  );
}

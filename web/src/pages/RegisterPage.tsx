import { useMutation, useQuery } from '@apollo/client/react';
import { type FormEvent, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { sessionOf } from '../api/auth-payload';
import { fieldErrorsOf } from '../api/errors';
import { useSession } from '../api/session-context';
import { useAnnounce } from '../components/announcer';
import { Checkbox, FormError, TextField } from '../components/fields';
import { Page } from '../components/Page';
import { graphql } from '../gql';
import { type I18n, useI18n } from '../i18n/i18n';

const TERMS = graphql(`
  query CurrentTerms { currentTermsVersion }
`);

const REGISTER = graphql(`
  mutation Register($input: RegisterInput!) {
    register(input: $input) { accessToken accessTokenExpiresAt refreshToken refreshTokenExpiresAt user { id fullName roles } }
  }
`);

interface RegistrationForm {
  fullName: string;
  pin: string;
  email: string;
  phone: string;
  password: string;
  acceptTerms: boolean;
  consent: boolean;
}

type FieldName = 'fullName' | 'pin' | 'email' | 'phone' | 'password' | 'acceptedTermsVersion' | 'consentToPersonalDataProcessing';
type Errors = Partial<Record<FieldName, string>>;

/** The checks the browser can make before sending; the server checks everything again (and more: PIN date, duplicates). */
function checkLocally(form: RegistrationForm, t: I18n['t']): Errors {
  const errors: Errors = {};
  if (form.fullName.trim().length === 0) errors.fullName = t('register.required');
  if (!/^\d{14}$/.test(form.pin.trim())) errors.pin = form.pin.trim() ? t('register.pinFormat') : t('register.required');
  if ([...form.password].length < 10) errors.password = form.password ? t('register.passwordShort') : t('register.required');
  if (!form.acceptTerms) errors.acceptedTermsVersion = t('register.termsRequired');
  if (!form.consent) errors.consentToPersonalDataProcessing = t('register.consentRequired');
  return errors;
}

export function RegisterPage() {
  const { t, apiLang } = useI18n();
  const { signIn } = useSession();
  const navigate = useNavigate();
  const announce = useAnnounce();
  const terms = useQuery(TERMS);
  const [register, { loading }] = useMutation(REGISTER);
  const [form, setForm] = useState<RegistrationForm>({ fullName: '', pin: '', email: '', phone: '', password: '', acceptTerms: false, consent: false });
  const [errors, setErrors] = useState<Errors>({});
  const [general, setGeneral] = useState<string | null>(null);
  const version = terms.data?.currentTermsVersion ?? '';

  const set = <K extends keyof RegistrationForm>(key: K) => (value: RegistrationForm[K]) => setForm((previous) => ({ ...previous, [key]: value }));

  function showErrors(next: Errors, summary: string | null) {
    setErrors(next);
    setGeneral(summary ?? (Object.keys(next).length > 0 ? t('register.failed') : null));
    requestAnimationFrame(() => document.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const local = checkLocally(form, t);
    if (Object.keys(local).length > 0) return showErrors(local, t('form.errorsSummary', { count: Object.keys(local).length }));
    setErrors({});
    setGeneral(null);
    try {
      const result = await register({
        variables: {
          input: {
            kind: 'INDIVIDUAL',
            fullName: form.fullName.trim(),
            pin: form.pin.trim(),
            email: form.email.trim() || null,
            phone: form.phone.trim() || null,
            password: form.password,
            preferredLanguage: apiLang,
            acceptedTermsVersion: version,
            consentToPersonalDataProcessing: form.consent,
          },
        },
      });
      if (!result.data) throw new Error('no data');
      await signIn(sessionOf(result.data.register));
      announce(t('nav.signedInAs', { name: result.data.register.user.fullName }));
      navigate('/cabinet', { replace: true });
    } catch (error) {
      const { byField, general: rest } = fieldErrorsOf(error, t('status.network'));
      showErrors(byField as Errors, rest);
    }
  }

  return (
    <Page title={t('register.title')}>
      <p>{t('register.intro')}</p>
      <FormError message={general} />
      <form className="stack narrow" onSubmit={(event) => void submit(event)} noValidate>
        <TextField name="fullName" label={t('register.fullName')} autoComplete="name" value={form.fullName} onChange={set('fullName')} error={errors.fullName} required maxLength={200} />
        <TextField name="pin" label={t('register.pin')} hint={t('register.pinHint')} inputMode="numeric" autoComplete="off" value={form.pin} onChange={set('pin')} error={errors.pin} required maxLength={14} />
        <TextField name="email" type="email" label={t('register.email')} autoComplete="email" value={form.email} onChange={set('email')} error={errors.email} />
        <TextField name="phone" type="tel" label={t('register.phone')} hint={t('register.phoneHint')} autoComplete="tel" value={form.phone} onChange={set('phone')} error={errors.phone} />
        <TextField
          name="password"
          type="password"
          label={t('register.password')}
          hint={t('register.passwordHint')}
          autoComplete="new-password"
          value={form.password}
          onChange={set('password')}
          error={errors.password}
          required
          maxLength={128}
        />
        <Checkbox name="acceptTerms" label={t('register.terms', { version })} checked={form.acceptTerms} onChange={set('acceptTerms')} error={errors.acceptedTermsVersion} required />
        <Checkbox name="consent" label={t('register.consent')} checked={form.consent} onChange={set('consent')} error={errors.consentToPersonalDataProcessing} required />
        <button type="submit" className="primary" disabled={loading || !version}>
          {loading ? t('register.submitting') : t('register.submit')}
        </button>
      </form>
      <p>
        {t('register.haveAccount')} <Link to="/login">{t('nav.login')}</Link>
      </p>
    </Page>
  );
}

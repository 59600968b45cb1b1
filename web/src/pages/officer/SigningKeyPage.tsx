import { useMutation } from '@apollo/client/react';
import { type FormEvent, useRef, useState } from 'react';
import { Link } from 'react-router';
import { fieldErrorsOf, messageOf } from '../../api/errors';
import { useAnnounce } from '../../components/announcer';
import { FormError, TextAreaField } from '../../components/fields';
import { useOfficerKeys } from '../../components/officer/qualified-key';
import { certificatesIn, type KeyProblem, organizationOf } from '../../components/officer/signing-key.rules';
import { Loading, LoadError, Page } from '../../components/Page';
import { graphql } from '../../gql';
import { useI18n } from '../../i18n/i18n';
import { forgetBrowserKey, rememberKeyId } from '../../signing/browser-key';

const REGISTER_QUALIFIED_KEY = graphql(`
  mutation RegisterQualifiedKey($jwk: JSON!, $chain: [String!]) {
    registerSigningKey(publicKeyJwk: $jwk, certificateChainPem: $chain) { id level certificateSubject certificateNotAfter }
  }
`);

const PROBLEM_KEYS = {
  NONE: 'signingKey.state.NONE',
  NOT_REGISTERED: 'signingKey.state.NOT_REGISTERED',
  NOT_QUALIFIED: 'signingKey.state.NOT_QUALIFIED',
  REVOKED: 'signingKey.state.REVOKED',
  EXPIRED: 'signingKey.state.EXPIRED',
} as const satisfies Record<KeyProblem, string>;

/**
 * The officer's qualified signing key: the browser's own key (its private half never leaves IndexedDB),
 * whose public JWK goes to the certification authority outside the portal; the chain it issues comes
 * back here and is registered with registerSigningKey.
 */
export function SigningKeyPage() {
  const { t, formatDate } = useI18n();
  const announce = useAnnounce();
  const officer = useOfficerKeys();
  const [chainText, setChainText] = useState('');
  const [errors, setErrors] = useState<{ chain?: string; general?: string | null }>({});
  const [register, registering] = useMutation(REGISTER_QUALIFIED_KEY);
  const summary = useRef<HTMLDivElement>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const key = officer.browserKey;
    if (!key || !officer.userId) return;
    const chain = certificatesIn(chainText);
    if (chain.length === 0) {
      setErrors({ chain: t('signingKey.chainMissing') });
      requestAnimationFrame(() => document.querySelector<HTMLElement>('textarea[name="certificateChainPem"]')?.focus());
      return;
    }
    setErrors({});
    try {
      const result = await register({ variables: { jwk: key.publicKeyJwk, chain } });
      const registered = result.data?.registerSigningKey;
      if (!registered) throw new Error('no key');
      await rememberKeyId(officer.userId, registered.id);
      setChainText('');
      officer.reload();
      announce(t('signingKey.registered'));
    } catch (error) {
      const { byField, general } = fieldErrorsOf(error, t('status.network'));
      setErrors({ chain: byField.certificateChainPem ?? byField.publicKeyJwk, general: general ?? (byField.certificateChainPem ? null : t('signingKey.failed')) });
      requestAnimationFrame(() => (document.querySelector<HTMLElement>('textarea[aria-invalid="true"]') ?? summary.current)?.focus());
    }
  }

  async function replaceKey() {
    if (!officer.userId) return;
    await forgetBrowserKey(officer.userId);
    officer.reload();
    announce(t('signingKey.replaced'));
  }

  const providerCode = officer.me?.provider?.code ?? null;
  const subjectOrganization = organizationOf(officer.registered?.certificateSubject);
  return (
    <Page title={t('signingKey.title')}>
      <p>{t('signingKey.intro')}</p>
      {officer.error ? <LoadError message={messageOf(officer.error, t('status.network'))} onRetry={officer.reload} /> : null}
      {officer.keyError ? <FormError message={t('signingKey.noBrowserKey', { error: officer.keyError })} /> : null}
      {officer.loading ? <Loading /> : null}
      {officer.browserKey && officer.me ? (
        <>
          <section aria-labelledby="browser-key-heading" className="card">
            <h2 id="browser-key-heading">{t('signingKey.thisBrowser')}</h2>
            <p data-testid="key-state" className={officer.problem ? 'notice' : undefined}>
              {officer.problem ? t(PROBLEM_KEYS[officer.problem]) : t('signingKey.state.READY')}
            </p>
            {officer.registered && officer.registered.level === 'QUALIFIED' ? (
              <dl className="facts">
                <div>
                  <dt>{t('signingKey.level')}</dt>
                  <dd data-testid="key-level">{t(`service.signature.${officer.registered.level}`)}</dd>
                </div>
                <div>
                  <dt>{t('signingKey.subject')}</dt>
                  <dd>{officer.registered.certificateSubject ?? '—'}</dd>
                </div>
                <div>
                  <dt>{t('signingKey.issuer')}</dt>
                  <dd>{officer.registered.certificateIssuer ?? '—'}</dd>
                </div>
                <div>
                  <dt>{t('signingKey.notAfter')}</dt>
                  <dd data-testid="key-expiry">{officer.registered.certificateNotAfter ? formatDate(officer.registered.certificateNotAfter, true) : '—'}</dd>
                </div>
              </dl>
            ) : null}
            {officer.registered && providerCode && subjectOrganization && subjectOrganization !== providerCode ? (
              <p className="form-error" role="alert">
                {t('signingKey.wrongOrganization', { organization: subjectOrganization, provider: providerCode })}
              </p>
            ) : null}
            {officer.problem === 'NOT_QUALIFIED' || officer.problem === 'REVOKED' || officer.problem === 'EXPIRED' ? (
              <button type="button" onClick={() => void replaceKey()}>
                {t('signingKey.replace')}
              </button>
            ) : null}
          </section>

          {officer.problem ? (
            <section aria-labelledby="request-heading">
              <h2 id="request-heading">{t('signingKey.requestTitle')}</h2>
              <p>{t('signingKey.requestText', { pin: officer.me.pin, provider: providerCode ?? '—' })}</p>
              <pre className="jwk" data-testid="public-jwk" tabIndex={0} aria-label={t('signingKey.publicJwk')}>
                {JSON.stringify(officer.browserKey.publicKeyJwk, null, 2)}
              </pre>
              <div ref={summary} tabIndex={-1}>
                <FormError message={errors.general ?? null} />
              </div>
              <form onSubmit={(event) => void submit(event)} noValidate className="stack">
                <TextAreaField
                  name="certificateChainPem"
                  label={t('signingKey.chain')}
                  hint={t('signingKey.chainHint')}
                  value={chainText}
                  onChange={setChainText}
                  error={errors.chain}
                  required
                />
                <button type="submit" className="primary" disabled={registering.loading}>
                  {registering.loading ? t('officer.working') : t('signingKey.register')}
                </button>
              </form>
            </section>
          ) : (
            <p>
              <Link to="/officer">{t('officer.app.back')}</Link>
            </p>
          )}

          <section aria-labelledby="keys-heading">
            <h2 id="keys-heading">{t('signingKey.all')}</h2>
            {officer.keys && officer.keys.length > 0 ? (
              <ul className="key-list">
                {officer.keys.map((key) => (
                  <li key={key.id} className="card">
                    <p>
                      <strong>{t(`service.signature.${key.level}`)}</strong>
                      {key.id === officer.browserKey?.keyId ? <> — {t('signingKey.thisBrowserShort')}</> : null}
                    </p>
                    {key.certificateSubject ? <p className="meta">{key.certificateSubject}</p> : null}
                    <p className="meta">
                      {t('signingKey.created', { date: formatDate(key.createdAt, true) })}
                      {key.certificateNotAfter ? <> · {t('signingKey.validUntil', { date: formatDate(key.certificateNotAfter, true) })}</> : null}
                      {key.revokedAt ? <> · {t('signingKey.revokedAt', { date: formatDate(key.revokedAt, true) })}</> : null}
                    </p>
                  </li>
                ))}
              </ul>
            ) : (
              <p>{t('signingKey.none')}</p>
            )}
          </section>
        </>
      ) : null}
    </Page>
  );
}

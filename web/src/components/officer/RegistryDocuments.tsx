import { useMutation } from '@apollo/client/react';
import { type FormEvent, useState } from 'react';
import { fieldErrorsOf } from '../../api/errors';
import { graphql } from '../../gql';
import type { RegistryFetchStatus } from '../../gql/graphql';
import { useI18n } from '../../i18n/i18n';
import { useAnnounce } from '../announcer';
import { FormError, TextAreaField } from '../fields';

const WAIVE = graphql(`
  mutation WaiveRegistryDocument($applicationId: ID!, $code: String!, $reason: String!, $lang: Language) {
    waiveRegistryDocument(applicationId: $applicationId, code: $code, reason: $reason) {
      id
      version
      registryDocuments { code title(lang: $lang) registry status fetchedAt data lastError waivedAt waiverReason waivedBy { id fullName } }
    }
  }
`);

interface RegistryDocument {
  code: string;
  title: string;
  registry: string;
  status: RegistryFetchStatus;
  fetchedAt?: string | null;
  data?: unknown;
  lastError?: string | null;
  waivedAt?: string | null;
  waiverReason?: string | null;
  waivedBy?: { fullName: string } | null;
}

/** What waiveRegistryDocument accepts: a document the registry has not (validly) given. */
const WAIVABLE: RegistryFetchStatus[] = ['PENDING', 'FAILED'];

/** The once-only documents the portal fetched for the application, with their state and data; at intake, one still missing can be waived with a reason. */
export function RegistryDocuments({ applicationId, documents, canWaive }: { applicationId: string; documents: RegistryDocument[]; canWaive: boolean }) {
  const { t, formatDate } = useI18n();
  if (documents.length === 0) return <p>{t('officer.docs.none')}</p>;
  return (
    <ul className="registry-docs" data-testid="registry-documents">
      {documents.map((document) => (
        <li key={document.code} className="card">
          <h3>{document.title}</h3>
          <p>
            <strong>{t(`officer.docs.status.${document.status}`)}</strong>
            {document.fetchedAt ? <> — {t('officer.docs.fetchedAt', { date: formatDate(document.fetchedAt, true) })}</> : null}
          </p>
          <p className="meta">
            {t('officer.docs.registry')}: {document.registry}
          </p>
          {document.lastError && document.status !== 'FETCHED' ? <p className="meta">{t('officer.docs.lastError', { error: document.lastError })}</p> : null}
          {document.status === 'WAIVED' ? (
            <p>
              {t('officer.docs.waived', {
                date: document.waivedAt ? formatDate(document.waivedAt, true) : '—',
                name: document.waivedBy?.fullName ?? '—',
                reason: document.waiverReason ?? '—',
              })}
            </p>
          ) : null}
          {document.data && typeof document.data === 'object' ? <DocumentData data={document.data as Record<string, unknown>} /> : null}
          {canWaive && WAIVABLE.includes(document.status) ? <WaiveForm applicationId={applicationId} code={document.code} title={document.title} /> : null}
        </li>
      ))}
    </ul>
  );
}

function DocumentData({ data }: { data: Record<string, unknown> }) {
  return (
    <dl className="data-list">
      {Object.entries(data).map(([name, value]) => (
        <div key={name} className="pair">
          <dt>{name}</dt>
          <dd>{value !== null && typeof value === 'object' ? JSON.stringify(value) : String(value ?? '—')}</dd>
        </div>
      ))}
    </dl>
  );
}

function WaiveForm({ applicationId, code, title }: { applicationId: string; code: string; title: string }) {
  const { t, apiLang } = useI18n();
  const announce = useAnnounce();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<{ reason?: string; general?: string | null }>({});
  const [waive, { loading }] = useMutation(WAIVE);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!reason.trim()) {
      setErrors({ reason: t('officer.reasonRequired') });
      requestAnimationFrame(() => document.querySelector<HTMLElement>(`form[data-waive="${code}"] [aria-invalid="true"]`)?.focus());
      return;
    }
    setErrors({});
    try {
      await waive({ variables: { applicationId, code, reason: reason.trim(), lang: apiLang } });
      announce(t('officer.docs.waivedDone', { title }));
      setOpen(false);
    } catch (error) {
      const { byField, general } = fieldErrorsOf(error, t('status.network'));
      setErrors({ reason: byField.reason, general });
    }
  }

  if (!open) {
    return (
      <button type="button" onClick={() => setOpen(true)}>
        {t('officer.docs.waive', { title })}
      </button>
    );
  }
  return (
    <form data-waive={code} onSubmit={(event) => void submit(event)} noValidate className="stack">
      <FormError message={errors.general ?? null} />
      <TextAreaField name={`waive-${code}`} label={t('officer.docs.waiveReason', { title })} hint={t('officer.docs.waiveHint')} value={reason} onChange={setReason} error={errors.reason} required />
      <div className="action-row">
        <button type="submit" className="primary" disabled={loading}>
          {loading ? t('officer.working') : t('officer.docs.waiveSubmit')}
        </button>
        <button type="button" onClick={() => setOpen(false)}>
          {t('officer.cancel')}
        </button>
      </div>
    </form>
  );
}

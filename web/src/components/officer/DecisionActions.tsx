import { useMutation } from '@apollo/client/react';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { fieldErrorsOf } from '../../api/errors';
import { graphql } from '../../gql';
import { useI18n } from '../../i18n/i18n';
import { useAnnounce } from '../announcer';
import { FormError, TextAreaField, TextField } from '../fields';
import { useOfficerKeys } from './qualified-key';

// each answer carries what the application page shows of the state, so it updates at once (the feed confirms it)
const ACCEPT = graphql(`
  mutation OfficerAccept($applicationId: ID!) {
    acceptApplication(applicationId: $applicationId) { id status version registeredAt dueAt overdue history { at from to reason actorRole actor { id fullName } } }
  }
`);

const REJECT = graphql(`
  mutation OfficerReject($applicationId: ID!, $reason: String!) {
    rejectApplication(applicationId: $applicationId, reason: $reason) { id status version refusalReason overdue history { at from to reason actorRole actor { id fullName } } }
  }
`);

const DECIDE = graphql(`
  mutation OfficerDecide($input: DecideInput!) {
    decideApplication(input: $input) {
      id
      status
      version
      refusalReason
      overdue
      result { number issuedAt signedBy { id fullName } }
      history { at from to reason actorRole actor { id fullName } }
    }
  }
`);

type Choice = null | 'reject' | 'refuse' | 'approve';

function useFocusOnOpen(choice: Choice) {
  const panel = useRef<HTMLFormElement>(null);
  useEffect(() => {
    // the opened form's first field takes the focus, so the keyboard goes on where the eye goes
    if (choice) panel.current?.querySelector<HTMLElement>('textarea, input')?.focus();
  }, [choice]);
  return panel;
}

/** At intake (SUBMITTED): register the application, or reject it with a reason. */
export function IntakeActions({ application }: { application: { id: string; number: string } }) {
  const { t } = useI18n();
  const announce = useAnnounce();
  const [choice, setChoice] = useState<Choice>(null);
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<{ reason?: string; general?: string | null }>({});
  const [accept, accepting] = useMutation(ACCEPT);
  const [reject, rejecting] = useMutation(REJECT);
  const panel = useFocusOnOpen(choice);
  const summary = useRef<HTMLDivElement>(null);

  function failed(error: unknown) {
    const { byField, general } = fieldErrorsOf(error, t('status.network'));
    setErrors({ reason: byField.reason, general });
    requestAnimationFrame(() => (document.querySelector<HTMLElement>('.action-panel [aria-invalid="true"]') ?? summary.current)?.focus());
  }

  async function runAccept() {
    setErrors({});
    try {
      await accept({ variables: { applicationId: application.id } });
      announce(t('officer.accepted', { number: application.number }));
    } catch (error) {
      failed(error);
    }
  }

  async function runReject(event: FormEvent) {
    event.preventDefault();
    if (!reason.trim()) {
      setErrors({ reason: t('officer.reasonRequired') });
      requestAnimationFrame(() => panel.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    setErrors({});
    try {
      await reject({ variables: { applicationId: application.id, reason: reason.trim() } });
      announce(t('officer.rejected', { number: application.number }));
    } catch (error) {
      failed(error);
    }
  }

  return (
    <div className="action-panel">
      <div ref={summary} tabIndex={-1}>
        <FormError message={errors.general ?? null} />
      </div>
      <div className="action-row">
        <button type="button" className="primary" disabled={accepting.loading} onClick={() => void runAccept()}>
          {accepting.loading ? t('officer.working') : t('officer.accept')}
        </button>
        <button type="button" aria-expanded={choice === 'reject'} onClick={() => setChoice(choice === 'reject' ? null : 'reject')}>
          {t('officer.reject')}
        </button>
      </div>
      {choice === 'reject' ? (
        <form ref={panel} onSubmit={(event) => void runReject(event)} noValidate aria-label={t('officer.reject')} className="stack">
          <TextAreaField name="reason" label={t('officer.rejectReason')} hint={t('officer.rejectHint')} value={reason} onChange={setReason} error={errors.reason} required />
          <div className="action-row">
            <button type="submit" className="primary" disabled={rejecting.loading}>
              {rejecting.loading ? t('officer.working') : t('officer.rejectSubmit')}
            </button>
            <button type="button" onClick={() => setChoice(null)}>
              {t('officer.cancel')}
            </button>
          </div>
        </form>
      ) : null}
    </div>
  );
}

interface ReviewedApplication {
  id: string;
  number: string;
  serviceTitle: string;
  applicantName: string;
}

/** In review: approve with a result document signed by the officer's qualified key in this browser, or refuse with a motivated reason (S-21). */
export function ReviewActions({ application }: { application: ReviewedApplication }) {
  const { t } = useI18n();
  const announce = useAnnounce();
  const officer = useOfficerKeys();
  const [choice, setChoice] = useState<Choice>(null);
  const [reason, setReason] = useState('');
  const [title, setTitle] = useState(application.serviceTitle);
  const [text, setText] = useState('');
  const [errors, setErrors] = useState<{ reason?: string; title?: string; text?: string; general?: string | null }>({});
  const [decide, deciding] = useMutation(DECIDE);
  const [signing, setSigning] = useState(false);
  const panel = useFocusOnOpen(choice);
  const summary = useRef<HTMLDivElement>(null);

  function failed(error: unknown) {
    const { byField, general } = fieldErrorsOf(error, t('status.network'));
    // a refused signature (revoked, expired, another organization) concerns the whole document, not one field
    const other = Object.entries(byField).filter(([field]) => field !== 'reason').map(([, message]) => message);
    setErrors({ reason: byField.reason, general: [general, ...other].filter(Boolean).join(' ') || null });
    requestAnimationFrame(() => (document.querySelector<HTMLElement>('.action-panel [aria-invalid="true"]') ?? summary.current)?.focus());
  }

  async function refuse(event: FormEvent) {
    event.preventDefault();
    if (!reason.trim()) {
      setErrors({ reason: t('officer.reasonRequired') });
      requestAnimationFrame(() => panel.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    setErrors({});
    try {
      await decide({ variables: { input: { applicationId: application.id, approve: false, reason: reason.trim() } } });
      announce(t('officer.refused', { number: application.number }));
    } catch (error) {
      failed(error);
    }
  }

  async function approve(event: FormEvent) {
    event.preventDefault();
    const missing = { ...(title.trim() ? {} : { title: t('officer.reasonRequired') }), ...(text.trim() ? {} : { text: t('officer.reasonRequired') }) };
    if (Object.keys(missing).length > 0) {
      setErrors(missing);
      requestAnimationFrame(() => panel.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    const key = officer.browserKey;
    if (!key?.keyId || officer.problem) return;
    setErrors({});
    // the document as signed and as sent: the platform checks the signature over its canonical JSON
    const resultDocument = { title: title.trim(), text: text.trim(), applicationNumber: application.number, holder: application.applicantName };
    try {
      setSigning(true);
      const signature = await key.sign(resultDocument);
      setSigning(false);
      await decide({ variables: { input: { applicationId: application.id, approve: true, resultDocument, signature, signingKeyId: key.keyId } } });
      announce(t('officer.approved', { number: application.number }));
    } catch (error) {
      setSigning(false);
      failed(error);
    }
  }

  return (
    <div className="action-panel">
      <div ref={summary} tabIndex={-1}>
        <FormError message={errors.general ?? null} />
      </div>
      <div className="action-row">
        <button type="button" aria-expanded={choice === 'approve'} onClick={() => setChoice(choice === 'approve' ? null : 'approve')}>
          {t('officer.approve')}
        </button>
        <button type="button" aria-expanded={choice === 'refuse'} onClick={() => setChoice(choice === 'refuse' ? null : 'refuse')}>
          {t('officer.refuse')}
        </button>
      </div>
      {choice === 'refuse' ? (
        <form ref={panel} onSubmit={(event) => void refuse(event)} noValidate aria-label={t('officer.refuse')} className="stack">
          <TextAreaField name="reason" label={t('officer.refuseReason')} hint={t('officer.refuseHint')} value={reason} onChange={setReason} error={errors.reason} required />
          <div className="action-row">
            <button type="submit" className="primary" disabled={deciding.loading}>
              {deciding.loading ? t('officer.working') : t('officer.refuseSubmit')}
            </button>
            <button type="button" onClick={() => setChoice(null)}>
              {t('officer.cancel')}
            </button>
          </div>
        </form>
      ) : null}
      {choice === 'approve' ? (
        officer.loading ? null : officer.problem ? (
          <div className="notice" data-testid="needs-key">
            <p>{t('officer.needsKey')}</p>
            <Link to="/officer/signing-key">{t('officer.setUpKey')}</Link>
          </div>
        ) : (
          <form ref={panel} onSubmit={(event) => void approve(event)} noValidate aria-label={t('officer.approve')} className="stack">
            <TextField name="resultTitle" label={t('officer.resultTitle')} value={title} onChange={setTitle} error={errors.title} required />
            <TextAreaField name="resultText" label={t('officer.resultText')} hint={t('officer.resultHint')} value={text} onChange={setText} error={errors.text} required />
            <div className="action-row">
              <button type="submit" className="primary" disabled={deciding.loading || signing}>
                {signing ? t('officer.signing') : deciding.loading ? t('officer.working') : t('officer.approveSubmit')}
              </button>
              <button type="button" onClick={() => setChoice(null)}>
                {t('officer.cancel')}
              </button>
            </div>
          </form>
        )
      ) : null}
    </div>
  );
}

import { useMutation } from '@apollo/client/react';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { fieldErrorsOf } from '../../api/errors';
import { graphql } from '../../gql';
import { useI18n } from '../../i18n/i18n';
import { fieldProblem, isMissing } from '../../forms/field-rules';
import { useAnnounce } from '../announcer';
import { FormError, TextAreaField, TextField } from '../fields';
import { FormFieldInput, type FormFieldView } from '../FormFieldInput';
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

interface ReasonPanelProps {
  /** Which decision the reason is for: it names the form, its field, hint and button (officer.reject…, officer.refuse…). */
  action: 'reject' | 'refuse';
  reason: string;
  onChange(reason: string): void;
  error: string | undefined;
  /** Replaces the action panel's messages: the missing reason's, or none as the reason goes. */
  onErrors(errors: { reason?: string }): void;
  busy: boolean;
  /** Sends the reason, trimmed. */
  onSubmit(reason: string): Promise<void>;
  onCancel(): void;
}

/** The form that rejects or refuses (S-21) with a reason: the reason is required, an empty one is marked and takes the focus. */
function ReasonPanel({ action, reason, onChange, error, onErrors, busy, onSubmit, onCancel }: ReasonPanelProps) {
  const { t } = useI18n();
  const panel = useFocusOnOpen(action);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!reason.trim()) {
      onErrors({ reason: t('officer.reasonRequired') });
      requestAnimationFrame(() => panel.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    onErrors({});
    void onSubmit(reason.trim());
  }

  return (
    <form ref={panel} onSubmit={submit} noValidate aria-label={t(`officer.${action}`)} className="stack">
      <TextAreaField name="reason" label={t(`officer.${action}Reason`)} hint={t(`officer.${action}Hint`)} value={reason} onChange={onChange} error={error} required />
      <div className="action-row">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('officer.working') : t(`officer.${action}Submit`)}
        </button>
        <button type="button" onClick={onCancel}>
          {t('officer.cancel')}
        </button>
      </div>
    </form>
  );
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

  async function runReject(given: string) {
    try {
      await reject({ variables: { applicationId: application.id, reason: given } });
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
        <ReasonPanel action="reject" reason={reason} onChange={setReason} error={errors.reason} onErrors={setErrors} busy={rejecting.loading} onSubmit={runReject} onCancel={() => setChoice(null)} />
      ) : null}
    </div>
  );
}

interface ReviewedApplication {
  id: string;
  number: string;
  serviceTitle: string;
  applicantName: string;
  /** the result form of the application's own service version; null for a version published before result forms. */
  resultForm: ResultFormView | null;
}

export interface ResultFormView {
  steps: Array<{ id: string; title: string; fields: FormFieldView[] }>;
}

type ResultValues = Record<string, unknown>;

/** What the officer would otherwise type again: the document's title, the application it answers and its holder. */
function prefilledResult(form: ResultFormView, application: ReviewedApplication): ResultValues {
  const known: ResultValues = { title: application.serviceTitle, applicationNumber: application.number, holder: application.applicantName };
  const values: ResultValues = {};
  for (const field of form.steps.flatMap((step) => step.fields)) {
    if (field.type === 'TEXT' && field.name in known) values[field.name] = known[field.name];
  }
  return values;
}

/** The document as signed and sent: the form's fields that have a value (an empty optional field is left out, not sent as null). */
function resultDocumentOf(form: ResultFormView, values: ResultValues): Record<string, unknown> {
  const document: Record<string, unknown> = {};
  for (const field of form.steps.flatMap((step) => step.fields)) {
    const value = values[field.name];
    if (field.type === 'BOOLEAN') document[field.name] = value === true;
    else if (!isMissing(value)) document[field.name] = typeof value === 'string' ? value.trim() : value;
  }
  return document;
}

/** In review: approve with a result document signed by the officer's qualified key in this browser, or refuse with a motivated reason (S-21). */
export function ReviewActions({ application }: { application: ReviewedApplication }) {
  const { t } = useI18n();
  const announce = useAnnounce();
  const officer = useOfficerKeys();
  const resultForm = application.resultForm;
  const resultFields = resultForm ? resultForm.steps.flatMap((step) => step.fields) : [];
  const [choice, setChoice] = useState<Choice>(null);
  const [reason, setReason] = useState('');
  const [title, setTitle] = useState(application.serviceTitle);
  const [text, setText] = useState('');
  const [resultValues, setResultValues] = useState<ResultValues>(() => (resultForm ? prefilledResult(resultForm, application) : {}));
  // the server's messages (in the language of the answer), kept until that field changes; the browser's own are worded as shown
  const [serverResultErrors, setServerResultErrors] = useState<Record<string, string>>({});
  const [checkedResult, setCheckedResult] = useState(false);
  const [errors, setErrors] = useState<{ reason?: string; title?: string; text?: string; general?: string | null }>({});
  const [decide, deciding] = useMutation(DECIDE);
  const [signing, setSigning] = useState(false);
  const panel = useFocusOnOpen(choice);
  const summary = useRef<HTMLDivElement>(null);

  function failed(error: unknown) {
    const { byField, general } = fieldErrorsOf(error, t('status.network'));
    // the result form's fields get their message next to them (extensions.fields); a refused signature concerns the whole document
    const onForm = new Set(resultFields.map((field) => field.name));
    setServerResultErrors(Object.fromEntries(Object.entries(byField).filter(([field]) => onForm.has(field))));
    const other = Object.entries(byField)
      .filter(([field]) => field !== 'reason' && !onForm.has(field))
      .map(([, message]) => message);
    setErrors({ reason: byField.reason, general: [general, ...other].filter(Boolean).join(' ') || null });
    requestAnimationFrame(() => (document.querySelector<HTMLElement>('.action-panel [aria-invalid="true"]') ?? summary.current)?.focus());
  }

  function changeResult(name: string, value: unknown) {
    setResultValues((previous) => ({ ...previous, [name]: value }));
    setServerResultErrors((previous) => {
      if (!(name in previous)) return previous;
      const { [name]: _dropped, ...rest } = previous;
      return rest;
    });
  }

  function resultFieldMessage(field: FormFieldView): string | undefined {
    const problem = fieldProblem(field, resultValues[field.name]);
    return problem ? t(problem.key, problem.params) : undefined;
  }

  // after a first try the browser's messages follow what is typed, as on the citizen's form
  const resultError = (field: FormFieldView): string | undefined => serverResultErrors[field.name] ?? (checkedResult ? resultFieldMessage(field) : undefined);

  async function refuse(given: string) {
    try {
      await decide({ variables: { input: { applicationId: application.id, approve: false, reason: given } } });
      announce(t('officer.refused', { number: application.number }));
    } catch (error) {
      failed(error);
    }
  }

  async function approve(event: FormEvent) {
    event.preventDefault();
    let resultDocument: Record<string, unknown>;
    if (resultForm) {
      setCheckedResult(true);
      if (resultFields.some((field) => fieldProblem(field, resultValues[field.name]) !== null)) {
        requestAnimationFrame(() => panel.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
        return;
      }
      resultDocument = resultDocumentOf(resultForm, resultValues);
    } else {
      const missing = { ...(title.trim() ? {} : { title: t('officer.reasonRequired') }), ...(text.trim() ? {} : { text: t('officer.reasonRequired') }) };
      if (Object.keys(missing).length > 0) {
        setErrors(missing);
        requestAnimationFrame(() => panel.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
        return;
      }
      // a version published before result forms takes the fixed document
      resultDocument = { title: title.trim(), text: text.trim(), applicationNumber: application.number, holder: application.applicantName };
    }
    const key = officer.browserKey;
    if (!key?.keyId || officer.problem) return;
    setErrors({});
    setServerResultErrors({});
    // the document as signed and as sent: the platform checks the signature over its canonical JSON
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
        <ReasonPanel action="refuse" reason={reason} onChange={setReason} error={errors.reason} onErrors={setErrors} busy={deciding.loading} onSubmit={refuse} onCancel={() => setChoice(null)} />
      ) : null}
      {choice === 'approve' ? (
        officer.loading ? null : officer.problem ? (
          <div className="notice" data-testid="needs-key">
            <p>{t('officer.needsKey')}</p>
            <Link to="/officer/signing-key">{t('officer.setUpKey')}</Link>
          </div>
        ) : (
          <form ref={panel} onSubmit={(event) => void approve(event)} noValidate aria-label={t('officer.approve')} className="stack">
            {resultForm ? (
              <>
                <p className="hint">{t('results.officer.formIntro')}</p>
                {resultForm.steps.map((step) => (
                  <fieldset key={step.id} className="stack" data-testid={`result-step-${step.id}`}>
                    <legend>{step.title}</legend>
                    {step.fields.map((field) => (
                      <FormFieldInput
                        key={field.name}
                        field={field}
                        value={resultValues[field.name]}
                        error={resultError(field)}
                        onChange={(value) => changeResult(field.name, value)}
                        onBlur={() => undefined}
                      />
                    ))}
                  </fieldset>
                ))}
                <p className="meta">{t('officer.resultHint')}</p>
              </>
            ) : (
              <>
                <TextField name="resultTitle" label={t('officer.resultTitle')} value={title} onChange={setTitle} error={errors.title} required />
                <TextAreaField name="resultText" label={t('officer.resultText')} hint={t('officer.resultHint')} value={text} onChange={setText} error={errors.text} required />
              </>
            )}
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

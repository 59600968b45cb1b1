import { useApolloClient, useMutation, useQuery } from '@apollo/client/react';
import { type FormEvent, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { errorCode, fieldErrorsOf, messageOf } from '../api/errors';
import { useSession } from '../api/session-context';
import { useAnnounce } from '../components/announcer';
import { FormFieldInput, type FormFieldView } from '../components/FormFieldInput';
import { FormError } from '../components/fields';
import { Loading, LoadError, Page } from '../components/Page';
import { ResultFormatChoice } from '../components/results';
import { graphql } from '../gql';
import type { ApplicationFormQuery, ResultFormat } from '../gql/graphql';
import { type I18n, useI18n } from '../i18n/i18n';
import { fieldProblem } from '../forms/field-rules';
import { registeredBrowserKey } from '../signing/registered-key';

const APPLICATION_FORM = graphql(`
  query ApplicationForm($id: ID!, $lang: Language) {
    application(id: $id) {
      id
      number
      status
      version
      currentStep
      data
      resultFormat
      prefillSource
      validation { field code message(lang: $lang) }
      service {
        id
        code
        title(lang: $lang)
        signatureLevel
        resultAsRecordAllowed
        form {
          steps {
            id
            title(lang: $lang)
            fields {
              name
              type
              required
              label(lang: $lang)
              min
              max
              minLength
              maxLength
              pattern
              patternHint(lang: $lang)
              options { value label(lang: $lang) }
            }
          }
        }
      }
    }
  }
`);

const SAVE_DRAFT = graphql(`
  mutation SaveApplicationDraft($input: SaveDraftInput!, $lang: Language) {
    saveDraft(input: $input) { id version status currentStep data resultFormat updatedAt validation { field code message(lang: $lang) } }
  }
`);

const SUBMIT = graphql(`
  mutation SubmitApplicationFromBrowser($input: SubmitApplicationInput!) {
    submitApplication(input: $input) { id number status version submittedAt }
  }
`);

type Values = Record<string, unknown>;
type Messages = Record<string, string>;

/** How long a just-registered key may take to reach the applications service (it travels through the event log). */
const KEY_ARRIVAL_WAIT_MS = 20_000;

/**
 * The multi-step application form: the steps of the service's form, per-field messages
 * as the applicant types (the field rules the schema gives) and from the server (saveDraft's
 * validation, submit's fields), a step list to go back to any step reached, the draft saved on every
 * step, then a review, the signature made in the browser and the submission.
 */
export function ApplicationFormPage() {
  const { id = '' } = useParams();
  const i18n = useI18n();
  const { t, apiLang } = i18n;
  const { data, previousData, loading, error, refetch } = useQuery(APPLICATION_FORM, { variables: { id, lang: apiLang }, fetchPolicy: 'network-only' });
  // while the other language's labels load, the form stays as it is (what was typed is not lost)
  const application = (data ?? previousData)?.application;

  if (!application) {
    return (
      <Page title={loading ? t('status.loading') : t('application.notFound')}>
        {loading ? <Loading /> : null}
        {error ? <LoadError message={messageOf(error, t('status.network'))} onRetry={() => void refetch()} /> : null}
      </Page>
    );
  }
  if (application.status !== 'DRAFT') {
    return (
      <Page title={t('form.title', { service: application.service.title })}>
        <p className="notice">{t('form.notDraft')}</p>
        <p>
          <Link to={`/applications/${application.id}`}>{application.number ? t('application.title', { number: application.number }) : t('nav.applications')}</Link>
        </p>
      </Page>
    );
  }
  return <DraftForm key={application.id} application={application} i18n={i18n} />;
}

type FormApplication = NonNullable<ApplicationFormQuery['application']>;

interface DraftFormProps {
  application: FormApplication;
  i18n: I18n;
}

function DraftForm({ application, i18n }: DraftFormProps) {
  const { t, apiLang } = i18n;
  const apollo = useApolloClient();
  const navigate = useNavigate();
  const announce = useAnnounce();
  const { session } = useSession();
  const steps = application.service.form.steps;
  const reviewIndex = steps.length;
  const storedIndex = Math.max(0, steps.findIndex((step) => step.id === application.currentStep));

  const [values, setValues] = useState<Values>(() => ({ ...((application.data as Values | null) ?? {}) }));
  const [stepIndex, setStepIndex] = useState(storedIndex);
  const [reached, setReached] = useState(storedIndex);
  const [touched, setTouched] = useState<Set<string>>(() => new Set());
  // the server's messages, kept until the applicant changes that field
  const [serverMessages, setServerMessages] = useState<Messages>({});
  const [general, setGeneral] = useState<string | null>(null);
  // offered on the review step where the service allows it, saved with the draft
  const [resultFormat, setResultFormat] = useState<ResultFormat>(application.resultFormat);
  const [busy, setBusy] = useState<'save' | 'submit' | null>(null);
  const [saveDraft] = useMutation(SAVE_DRAFT);
  const [submit] = useMutation(SUBMIT);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const firstRender = useRef(true);

  const stepOfField = useMemo(() => {
    const map = new Map<string, number>();
    steps.forEach((step, index) => step.fields.forEach((field) => map.set(field.name, index)));
    return map;
  }, [steps]);

  // the new step is announced by moving focus to its heading: a screen reader reads it first
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    headingRef.current?.focus();
  }, [stepIndex]);

  const clientMessage = (field: FormFieldView): string | undefined => {
    const problem = fieldProblem(field, values[field.name]);
    return problem ? t(problem.key, problem.params) : undefined;
  };
  const messageFor = (field: FormFieldView): string | undefined =>
    serverMessages[field.name] ?? (touched.has(field.name) ? clientMessage(field) : undefined);

  function change(name: string, value: unknown) {
    setValues((previous) => ({ ...previous, [name]: value }));
    setTouched((previous) => new Set(previous).add(name));
    setServerMessages((previous) => {
      if (!(name in previous)) return previous;
      const { [name]: _dropped, ...rest } = previous;
      return rest;
    });
  }

  // a refusal that concerns no field is read first: the alert takes the focus
  function focusFormError() {
    requestAnimationFrame(() => document.getElementById('form-error')?.focus());
  }

  function focusFirstInvalid() {
    requestAnimationFrame(() => document.querySelector<HTMLElement>('form [aria-invalid="true"]')?.focus());
  }

  function showServerErrors(errors: Array<{ field: string; message: string }>, onlyStep: number | null): number {
    const relevant = errors.filter((entry) => onlyStep === null || stepOfField.get(entry.field) === onlyStep);
    const byField: Messages = {};
    const rest: string[] = [];
    for (const entry of relevant) {
      if (entry.field && stepOfField.has(entry.field)) byField[entry.field] ??= entry.message;
      else rest.push(entry.message);
    }
    setServerMessages(byField);
    if (rest.length > 0) setGeneral(rest.join(' '));
    return relevant.length;
  }

  async function save(nextStepId: string | undefined, format: ResultFormat = resultFormat) {
    const chosen = application.service.resultAsRecordAllowed ? { resultFormat: format } : {};
    const result = await saveDraft({
      variables: { input: { applicationId: application.id, serviceId: application.service.id, data: values, currentStep: nextStepId ?? null, ...chosen }, lang: apiLang },
    });
    if (!result.data) throw new Error('saveDraft returned nothing');
    return result.data.saveDraft;
  }

  /** Goes to `target` after saving; leaving the current step forward first needs its fields right. */
  async function goTo(target: number, event?: FormEvent) {
    event?.preventDefault();
    setGeneral(null);
    const forward = target > stepIndex;
    if (forward && stepIndex < reviewIndex) {
      const fields = steps[stepIndex]!.fields;
      setTouched((previous) => new Set([...previous, ...fields.map((field) => field.name)]));
      const wrong = fields.filter((field) => fieldProblem(field, values[field.name]) !== null);
      if (wrong.length > 0) {
        setGeneral(t('form.stepErrors', { count: wrong.length }));
        focusFirstInvalid();
        return;
      }
    }
    setBusy('save');
    try {
      const saved = await save(steps[Math.min(target, steps.length - 1)]!.id);
      const wrongHere = forward && stepIndex < reviewIndex ? showServerErrors(saved.validation, stepIndex) : 0;
      if (wrongHere > 0) {
        setGeneral((previous) => previous ?? t('form.stepErrors', { count: wrongHere }));
        focusFirstInvalid();
        return;
      }
      setReached((previous) => Math.max(previous, target));
      setStepIndex(target);
    } catch (error) {
      setGeneral(fieldErrorsOf(error, t('status.network')).general ?? messageOf(error, t('status.network')));
      focusFormError();
    } finally {
      setBusy(null);
    }
  }

  async function saveOnly() {
    setGeneral(null);
    setBusy('save');
    try {
      await save(steps[Math.min(stepIndex, steps.length - 1)]!.id);
      announce(t('form.saved'));
    } catch (error) {
      setGeneral(messageOf(error, t('status.network')));
    } finally {
      setBusy(null);
    }
  }

  async function chooseResultFormat(format: ResultFormat) {
    const previous = resultFormat;
    setResultFormat(format);
    setGeneral(null);
    setBusy('save');
    try {
      // the submission saves again with the choice as it is then, so a later answer overtaking this one changes nothing
      await save(steps[steps.length - 1]!.id, format);
      announce(t('results.format.saved'));
    } catch (error) {
      setResultFormat(previous);
      setGeneral(messageOf(error, t('status.network')));
      focusFormError();
    } finally {
      setBusy(null);
    }
  }

  async function signAndSubmit(event: FormEvent) {
    event.preventDefault();
    if (!session) return;
    setGeneral(null);
    setBusy('submit');
    try {
      // what is signed is the data exactly as stored: saved first, then read back from the answer
      const saved = await save(steps[steps.length - 1]!.id);
      if (saved.validation.length > 0) {
        showServerErrors(saved.validation, null);
        const first = Math.min(...saved.validation.map((entry) => stepOfField.get(entry.field) ?? 0));
        setGeneral(t('form.reviewErrors', { count: saved.validation.length }));
        setTouched(new Set(Object.keys(values)));
        setStepIndex(first);
        return;
      }
      let key;
      try {
        key = await registeredBrowserKey(apollo, session.user.id);
      } catch (error) {
        setGeneral(t('form.keyFailed', { message: messageOf(error, t('status.network')) }));
        return;
      }
      const signature = await key.sign({ applicationId: application.id, serviceId: application.service.id, data: saved.data });
      const input = { applicationId: application.id, signature, signingKeyId: key.keyId };
      const submitted = await submitWhenKeyArrives(() => submit({ variables: { input } }), key.registeredNow);
      const number = submitted.data?.submitApplication.number ?? '';
      announce(t('form.submitted', { number }));
      navigate(`/applications/${application.id}`);
    } catch (error) {
      const { byField, general: rest } = fieldErrorsOf(error, t('status.network'));
      if (Object.keys(byField).length > 0) {
        setServerMessages(byField);
        const first = Math.min(...Object.keys(byField).map((field) => stepOfField.get(field) ?? 0));
        setGeneral(rest ?? t('form.reviewErrors', { count: Object.keys(byField).length }));
        setStepIndex(first);
      } else {
        setGeneral(rest);
        focusFormError();
      }
    } finally {
      setBusy(null);
    }
  }

  const step = stepIndex < reviewIndex ? steps[stepIndex]! : null;
  const stepTitle = step ? step.title : t('form.review');

  return (
    <Page title={t('form.title', { service: application.service.title })}>
      {application.prefillSource ? <p className="notice">{t(`form.prefill.${application.prefillSource}`)}</p> : null}
      <nav aria-label={t('form.steps')} className="step-list">
        <ol>
          {[...steps.map((item) => item.title), t('form.review')].map((title, index) => (
            <li key={title + index}>
              {index === stepIndex ? (
                <span aria-current="step" className="step-current">
                  {title}
                </span>
              ) : index <= reached ? (
                <button type="button" className="link-button" disabled={busy !== null} onClick={() => void goTo(index)}>
                  {title}
                </button>
              ) : (
                <span className="step-later">{title}</span>
              )}
            </li>
          ))}
        </ol>
      </nav>
      <FormError message={general} id="form-error" />
      {step ? (
        <form className="stack narrow" noValidate onSubmit={(event) => void goTo(stepIndex + 1, event)} aria-labelledby="step-heading">
          <h2 id="step-heading" ref={headingRef} tabIndex={-1}>
            {stepTitle} <span className="meta">({t('form.stepOf', { current: stepIndex + 1, total: steps.length })})</span>
          </h2>
          {step.fields.map((field) => (
            <FormFieldInput
              key={field.name}
              field={field}
              applicationId={application.id}
              value={values[field.name]}
              error={messageFor(field)}
              onChange={(value) => change(field.name, value)}
              onBlur={() => setTouched((previous) => new Set(previous).add(field.name))}
            />
          ))}
          <div className="button-row">
            {stepIndex > 0 ? (
              <button type="button" disabled={busy !== null} onClick={() => void goTo(stepIndex - 1)}>
                {t('form.back')}
              </button>
            ) : null}
            <button type="button" disabled={busy !== null} onClick={() => void saveOnly()}>
              {busy === 'save' ? t('form.saving') : t('form.save')}
            </button>
            <button type="submit" className="primary" disabled={busy !== null}>
              {t('form.next')}
            </button>
          </div>
        </form>
      ) : (
        <form className="stack" noValidate onSubmit={(event) => void signAndSubmit(event)} aria-labelledby="step-heading">
          <h2 id="step-heading" ref={headingRef} tabIndex={-1}>
            {stepTitle}
          </h2>
          <p>{t('form.reviewIntro')}</p>
          {steps.map((item, index) => (
            <section key={item.id} aria-labelledby={`review-${item.id}`} className="card">
              <h3 id={`review-${item.id}`}>{item.title}</h3>
              <dl className="facts" data-testid={`review-${item.id}`}>
                {item.fields.map((field) => (
                  <div key={field.name}>
                    <dt>{field.label}</dt>
                    <dd>{displayValue(field, values[field.name], t)}</dd>
                  </div>
                ))}
              </dl>
              <button type="button" className="link-button" disabled={busy !== null} onClick={() => void goTo(index)}>
                {t('form.edit', { step: item.title })}
              </button>
            </section>
          ))}
          {application.service.resultAsRecordAllowed ? <ResultFormatChoice value={resultFormat} disabled={busy === 'submit'} onChange={(format) => void chooseResultFormat(format)} /> : null}
          <p className="meta">{t('form.signIntro')}</p>
          <div className="button-row">
            <button type="button" disabled={busy !== null} onClick={() => void goTo(steps.length - 1)}>
              {t('form.back')}
            </button>
            <button type="submit" className="primary" disabled={busy !== null}>
              {busy === 'submit' ? t('form.signing') : t('form.sign')}
            </button>
          </div>
        </form>
      )}
    </Page>
  );
}

/**
 * Submits; a key registered a moment ago may not have reached the applications service yet (it
 * travels through the event log), so while that can be the reason the refusal is retried shortly.
 */
async function submitWhenKeyArrives<T>(attempt: () => Promise<T>, registeredNow: boolean): Promise<T> {
  const deadline = Date.now() + KEY_ARRIVAL_WAIT_MS;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      const mayBeUnknownKey = registeredNow && errorCode(error) === 'BAD_USER_INPUT' && Object.keys(fieldErrorsOf(error, '').byField).length === 0;
      if (!mayBeUnknownKey || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

function displayValue(field: FormFieldView, value: unknown, t: I18n['t']): string {
  if (value === undefined || value === null || value === '') return t('field.empty');
  if (field.type === 'BOOLEAN') return value === true ? t('field.yes') : t('field.no');
  if (field.type === 'SELECT') return field.options?.find((option) => option.value === value)?.label ?? String(value);
  if (field.type === 'FILE' && typeof value === 'object') return String((value as { name?: unknown }).name ?? '');
  return String(value);
}

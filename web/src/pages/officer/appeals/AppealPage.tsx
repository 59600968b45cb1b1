import { useMutation, useQuery } from '@apollo/client/react';
import { type FormEvent, useState } from 'react';
import { Link, useParams } from 'react-router';
import { fieldErrorsOf, messageOf } from '../../../api/errors';
import { useAnnounce } from '../../../components/announcer';
import { AppealFacts } from '../../../components/application-sections';
import { FormError, TextAreaField } from '../../../components/fields';
import { FormData } from '../../../components/officer/FormData';
import { useOfficerKeys } from '../../../components/officer/qualified-key';
import { Loading, LoadError, Page } from '../../../components/Page';
import { StatusBadge } from '../../../components/status';
import { graphql } from '../../../gql';
import type { AppealedApplicationQuery } from '../../../gql/graphql';
import { useI18n } from '../../../i18n/i18n';

const APPEALED_APPLICATION = graphql(`
  query AppealedApplication($id: ID!, $lang: Language) {
    application(id: $id) {
      id
      number
      status
      data
      submittedAt
      refusalReason
      applicant { id fullName }
      service {
        id
        title(lang: $lang)
        provider { id name(lang: $lang) }
        form { steps { id title(lang: $lang) fields { name label(lang: $lang) type options { value label(lang: $lang) } } } }
      }
      history { at from to reason actorRole }
      appeals { id subject status text createdAt registeredAt dueAt overdue answer answeredAt reopenedTo version }
    }
  }
`);

const START_REVIEW = graphql(`
  mutation StartAppealReviewFromBrowser($appealId: ID!) {
    startAppealReview(appealId: $appealId) { id status version }
  }
`);

const ANSWER = graphql(`
  mutation AnswerAppealFromBrowser($input: AnswerAppealInput!) {
    answerAppeal(input: $input) { id status answer answeredAt reopenedTo version application { id status } }
  }
`);

type AppealItem = NonNullable<AppealedApplicationQuery['application']>['appeals'][number];

/** The application a complaint is about, as the appeal body hears it: its data and history, each complaint with review and signed answer. */
export function AppealPage() {
  const { applicationId = '' } = useParams();
  const { t, apiLang, formatDate } = useI18n();
  const { data, loading, error, refetch } = useQuery(APPEALED_APPLICATION, { variables: { id: applicationId, lang: apiLang } });
  const application = data?.application;

  if (!application) {
    return (
      <Page title={loading ? t('status.loading') : t('application.notFound')}>
        {loading ? <Loading /> : null}
        {error ? <LoadError message={messageOf(error, t('status.network'))} onRetry={() => void refetch()} /> : null}
        <p>
          <Link to="/officer/appeals">{t('appealQueue.back')}</Link>
        </p>
      </Page>
    );
  }
  const number = application.number ?? application.id;

  return (
    <Page title={t('appealPage.title', { number })}>
      <p>
        <Link to="/officer/appeals">{t('appealQueue.back')}</Link>
      </p>
      <section aria-labelledby="appealed-heading" className="card">
        <h2 id="appealed-heading">{t('appealPage.application')}</h2>
        <p className="big-status" data-testid="application-status">
          <StatusBadge status={application.status} />
        </p>
        <dl className="facts">
          <div>
            <dt>{t('appealQueue.provider')}</dt>
            <dd>{application.service.provider.name}</dd>
          </div>
          <div>
            <dt>{t('application.service')}</dt>
            <dd>{application.service.title}</dd>
          </div>
          <div>
            <dt>{t('officer.app.applicant')}</dt>
            <dd>{application.applicant.fullName}</dd>
          </div>
          {application.submittedAt ? (
            <div>
              <dt>{t('application.submitted')}</dt>
              <dd>{formatDate(application.submittedAt, true)}</dd>
            </div>
          ) : null}
          {application.refusalReason ? (
            <div>
              <dt>{t('application.refusal')}</dt>
              <dd>{application.refusalReason}</dd>
            </div>
          ) : null}
        </dl>
      </section>

      <section aria-labelledby="complaints-heading">
        <h2 id="complaints-heading">{t('appealPage.complaints')}</h2>
        {application.appeals.map((appeal) => (
          <Complaint key={appeal.id} appeal={appeal} onChanged={() => void refetch()} />
        ))}
      </section>

      <section aria-labelledby="appealed-data-heading">
        <h2 id="appealed-data-heading">{t('officer.app.data')}</h2>
        <FormData data={application.data} steps={application.service.form.steps} />
      </section>

      <section aria-labelledby="appealed-history-heading">
        <h2 id="appealed-history-heading">{t('application.history')}</h2>
        <ul>
          {application.history.map((change) => (
            <li key={`${change.at}-${change.to}`}>
              {formatDate(change.at, true)}: {change.from ? t(`appStatus.${change.from}`) : '—'} → {t(`appStatus.${change.to}`)}
              {change.reason ? ` (${change.reason})` : ''}
            </li>
          ))}
        </ul>
      </section>
    </Page>
  );
}

const OPEN = ['REGISTERED', 'UNDER_REVIEW'];

/** One complaint: its text and deadline, "start review" while registered, the signed answer while under review. */
function Complaint({ appeal, onChanged }: { appeal: AppealItem; onChanged(): void }) {
  const { t, formatDate } = useI18n();
  const announce = useAnnounce();
  const [startReview, starting] = useMutation(START_REVIEW);
  const [problem, setProblem] = useState<string | null>(null);

  async function start() {
    setProblem(null);
    try {
      await startReview({ variables: { appealId: appeal.id } });
      announce(t('appealPage.reviewStarted'));
      onChanged();
    } catch (failure) {
      setProblem(messageOf(failure, t('status.network')));
    }
  }

  return (
    <article className="card" aria-labelledby={`appeal-${appeal.id}-heading`} data-testid={`complaint-${appeal.id}`}>
      <h3 id={`appeal-${appeal.id}-heading`}>
        {t(`appealSubject.${appeal.subject}`)} — {formatDate(appeal.createdAt, true)}
      </h3>
      <p>{appeal.text}</p>
      <AppealFacts appeal={appeal} />
      <FormError message={problem} />
      {appeal.status === 'REGISTERED' ? (
        <button type="button" className="primary" disabled={starting.loading} onClick={() => void start()}>
          {t('appealPage.startReview')}
        </button>
      ) : null}
      {appeal.status === 'UNDER_REVIEW' ? <AnswerForm appealId={appeal.id} onAnswered={onChanged} /> : null}
      {!OPEN.includes(appeal.status) && !appeal.answer ? <p className="meta">{t('appealPage.nothingToDo')}</p> : null}
    </article>
  );
}

/** Uphold or dismiss with a motivated answer, signed in this browser with the officer's qualified key (JWS over {appealId, uphold, answer}). */
function AnswerForm({ appealId, onAnswered }: { appealId: string; onAnswered(): void }) {
  const { t } = useI18n();
  const announce = useAnnounce();
  const officer = useOfficerKeys();
  const [uphold, setUphold] = useState<boolean | null>(null);
  const [answer, setAnswer] = useState('');
  const [errors, setErrors] = useState<{ uphold?: string; answer?: string; general?: string | null }>({});
  const [send, sending] = useMutation(ANSWER);
  const [signing, setSigning] = useState(false);

  if (officer.loading) return <Loading />;
  if (officer.problem) {
    return (
      <div className="notice" data-testid="needs-key">
        <p>{t('appealPage.needsKey')}</p>
        <Link to="/officer/signing-key">{t('officer.setUpKey')}</Link>
      </div>
    );
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const missing = { ...(uphold === null ? { uphold: t('appealPage.chooseOutcome') } : {}), ...(answer.trim() ? {} : { answer: t('appealPage.answerRequired') }) };
    if (Object.keys(missing).length > 0 || uphold === null) return setErrors(missing);
    const key = officer.browserKey;
    if (!key?.keyId) return;
    setErrors({});
    // exactly what is signed is sent: the platform checks the JWS over the canonical JSON of these three
    const signed = { appealId, uphold, answer: answer.trim() };
    try {
      setSigning(true);
      const signature = await key.sign(signed);
      setSigning(false);
      await send({ variables: { input: { ...signed, signature, signingKeyId: key.keyId } } });
      announce(uphold ? t('appealPage.upheld') : t('appealPage.dismissed'));
      onAnswered();
    } catch (failure) {
      setSigning(false);
      const { byField, general } = fieldErrorsOf(failure, t('status.network'));
      const other = Object.entries(byField).filter(([field]) => field !== 'answer').map(([, message]) => message);
      setErrors({ answer: byField.answer, general: [general, ...other].filter(Boolean).join(' ') || null });
    }
  }

  return (
    <form className="stack narrow" noValidate onSubmit={(event) => void submit(event)} aria-label={t('appealPage.answerTitle')}>
      <FormError message={errors.general ?? null} />
      <fieldset aria-describedby={errors.uphold ? `${appealId}-uphold-error` : undefined}>
        <legend>{t('appealPage.outcome')}</legend>
        <label>
          <input type="radio" name={`uphold-${appealId}`} checked={uphold === true} onChange={() => setUphold(true)} /> {t('appealPage.uphold')}
        </label>
        <label>
          <input type="radio" name={`uphold-${appealId}`} checked={uphold === false} onChange={() => setUphold(false)} /> {t('appealPage.dismiss')}
        </label>
        {errors.uphold ? (
          <p id={`${appealId}-uphold-error`} className="error">
            {errors.uphold}
          </p>
        ) : null}
      </fieldset>
      <TextAreaField name="appealAnswer" label={t('appealPage.answer')} hint={t('appealPage.answerHint')} value={answer} onChange={setAnswer} error={errors.answer} required maxLength={10000} />
      <button type="submit" className="primary" disabled={sending.loading || signing}>
        {signing ? t('officer.signing') : sending.loading ? t('officer.working') : t('appealPage.sign')}
      </button>
    </form>
  );
}

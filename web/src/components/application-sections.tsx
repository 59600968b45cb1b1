import { useMutation } from '@apollo/client/react';
import { type FormEvent, useState } from 'react';
import { fieldErrorsOf, messageOf } from '../api/errors';
import { graphql } from '../gql';
import type { AccrualStatus, AppealSubject, ApplicationStatus, RegistryFetchStatus } from '../gql/graphql';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { useAnnounce } from './announcer';
import { FormError, SelectField, TextAreaField } from './fields';

// The parts of the applicant's application page that act: pay, rate, appeal, withdraw; and what came
// back: receipt, result document, registry documents. Each shows its own errors next to its form.

const START_PAYMENT = graphql(`
  mutation StartPaymentFromBrowser($accrualId: ID!) {
    startPayment(accrualId: $accrualId) { paymentUrl expiresAt }
  }
`);

const RATE = graphql(`
  mutation RateApplicationFromBrowser($applicationId: ID!, $score: Int!, $comment: String) {
    rateApplication(applicationId: $applicationId, score: $score, comment: $comment) { id rating }
  }
`);

const FILE_APPEAL = graphql(`
  mutation FileAppealFromBrowser($applicationId: ID!, $text: String!, $subject: AppealSubject) {
    fileAppeal(applicationId: $applicationId, text: $text, subject: $subject) { id createdAt status subject text dueAt overdue answer answeredAt }
  }
`);

const WITHDRAW = graphql(`
  mutation WithdrawApplicationFromBrowser($applicationId: ID!) {
    withdrawApplication(applicationId: $applicationId) { id status version history { at from to reason actorRole } }
  }
`);

interface Money {
  amountMinor: number;
  currency: string;
}

export interface AccrualView {
  id: string;
  status: AccrualStatus;
  uin: string;
  amount: Money;
  receipt?: { number: string; paidAt: string; downloadUrl: string } | null;
}

/** The fee: what is owed and the way to pay it (the payment system's page, in a new tab), then the receipt. */
export function PaymentSection({ accrual }: { accrual: AccrualView }) {
  const { t, formatMoney, formatDate } = useI18n();
  const announce = useAnnounce();
  const [startPayment, { loading }] = useMutation(START_PAYMENT);
  const [paymentUrl, setPaymentUrl] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  async function pay() {
    setProblem(null);
    try {
      const result = await startPayment({ variables: { accrualId: accrual.id } });
      const url = result.data?.startPayment.paymentUrl;
      if (!url) return;
      setPaymentUrl(url);
      // a new tab: this page stays open and shows the payment arrive (the status is live)
      window.open(url, '_blank', 'noopener');
      announce(t('application.payOpened'));
    } catch (error) {
      setProblem(messageOf(error, t('status.network')));
    }
  }

  return (
    <section aria-labelledby="payment-heading" className="card">
      <h2 id="payment-heading">{t('application.accrual')}</h2>
      <dl className="facts">
        <div>
          <dt>{t('application.fee')}</dt>
          <dd>{formatMoney(accrual.amount)}</dd>
        </div>
        <div>
          <dt>{t('application.accrualStatus')}</dt>
          <dd data-testid="accrual-status">{t(`accrualStatus.${accrual.status}`)}</dd>
        </div>
        <div>
          <dt>{t('application.uin')}</dt>
          <dd>{accrual.uin}</dd>
        </div>
      </dl>
      <FormError message={problem} />
      {accrual.status === 'PENDING' ? (
        <>
          <p>
            <button type="button" className="primary" disabled={loading} onClick={() => void pay()}>
              {loading ? t('application.paying') : t('application.pay', { amount: formatMoney(accrual.amount) })}
            </button>
          </p>
          {paymentUrl ? (
            <p className="notice">
              {t('application.payOpened')}{' '}
              <a href={paymentUrl} target="_blank" rel="noopener noreferrer">
                {t('application.payLink')}
              </a>
            </p>
          ) : null}
        </>
      ) : null}
      {accrual.receipt ? (
        <p data-testid="receipt">
          {t('application.receipt', { number: accrual.receipt.number })}, {formatDate(accrual.receipt.paidAt, true)}:{' '}
          <a href={accrual.receipt.downloadUrl} target="_blank" rel="noopener noreferrer">
            {t('application.receiptLink')} <span className="visually-hidden">{t('application.opensNewTab')}</span>
          </a>
        </p>
      ) : null}
    </section>
  );
}

export interface ResultView {
  number: string;
  issuedAt: string;
  downloadUrl: string;
  verificationCode?: string | null;
}

export function ResultSection({ result }: { result: ResultView }) {
  const { t, formatDate } = useI18n();
  return (
    <section aria-labelledby="result-heading" className="card">
      <h2 id="result-heading">{t('application.result')}</h2>
      <p>{t('application.resultNumber', { number: result.number, date: formatDate(result.issuedAt, true) })}</p>
      {result.verificationCode ? <p>{t('application.verificationCode', { code: result.verificationCode })}</p> : null}
      <p>
        <a href={result.downloadUrl} target="_blank" rel="noopener noreferrer" data-testid="result-link">
          {t('application.resultLink')} <span className="visually-hidden">{t('application.opensNewTab')}</span>
        </a>
      </p>
    </section>
  );
}

export interface RegistryDocumentView {
  code: string;
  title: string;
  registry: string;
  status: RegistryFetchStatus;
  fetchedAt?: string | null;
}

export function RegistryDocumentsSection({ documents }: { documents: RegistryDocumentView[] }) {
  const { t, formatDate } = useI18n();
  if (documents.length === 0) return null;
  return (
    <section aria-labelledby="registry-heading">
      <h2 id="registry-heading">{t('application.registry')}</h2>
      <table className="table" data-testid="registry-documents">
        <thead>
          <tr>
            <th scope="col">{t('application.registryDocument')}</th>
            <th scope="col">{t('application.registrySource')}</th>
            <th scope="col">{t('application.registryState')}</th>
          </tr>
        </thead>
        <tbody>
          {documents.map((document) => (
            <tr key={document.code}>
              <td>{document.title}</td>
              <td>{document.registry}</td>
              <td>
                {t(`registryStatus.${document.status}`)}
                {document.fetchedAt ? <span className="meta"> — {formatDate(document.fetchedAt, true)}</span> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** Rating after the decision: 1 to 5 and a comment; rating again replaces the score. */
export function RatingSection({ applicationId, rating }: { applicationId: string; rating: number | null }) {
  const { t } = useI18n();
  const [score, setScore] = useState(rating ? String(rating) : '');
  const [comment, setComment] = useState('');
  const [errors, setErrors] = useState<{ score?: string; comment?: string; general?: string | null }>({});
  const [done, setDone] = useState<number | null>(null);
  const [rate, { loading }] = useMutation(RATE);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setDone(null);
    if (score === '') return setErrors({ score: t('field.required') });
    setErrors({});
    try {
      const result = await rate({ variables: { applicationId, score: Number(score), comment: comment.trim() || null } });
      const saved = result.data?.rateApplication.rating ?? Number(score);
      setDone(saved); // the success line below is a status region: read once, no extra announcement
    } catch (error) {
      const { byField, general } = fieldErrorsOf(error, t('status.network'));
      setErrors({ score: byField.score, comment: byField.comment, general });
    }
  }

  return (
    <section aria-labelledby="rating-heading" className="card">
      <h2 id="rating-heading">{t('application.rating')}</h2>
      {rating && !done ? <p>{t('application.ratingCurrent', { score: rating })}</p> : null}
      <FormError message={errors.general ?? null} />
      {done ? (
        <p className="success" role="status">
          {t('application.rated', { score: done })}
        </p>
      ) : null}
      <form className="stack narrow" noValidate onSubmit={(event) => void submit(event)}>
        <SelectField
          name="score"
          label={t('application.score')}
          value={score}
          onChange={setScore}
          error={errors.score}
          required
          options={[{ value: '', label: t('field.choose') }, ...['5', '4', '3', '2', '1'].map((value) => ({ value, label: value }))]}
        />
        <TextAreaField name="comment" label={t('application.comment')} value={comment} onChange={setComment} error={errors.comment} maxLength={2000} />
        <button type="submit" className="primary" disabled={loading}>
          {t('application.rate')}
        </button>
      </form>
    </section>
  );
}

export interface AppealView {
  id: string;
  createdAt: string;
  status: string;
  subject: AppealSubject;
  text: string;
  dueAt?: string | null;
  overdue: boolean;
  answer?: string | null;
  answeredAt?: string | null;
}

const APPEAL_SUBJECTS: AppealSubject[] = ['DECISION', 'ACTION', 'INACTION'];

/** A complaint about the provider's decision, an action or its inaction, and the ones filed with their state and answer. */
export function AppealSection({ applicationId, appeals, open, subjects = APPEAL_SUBJECTS, procedure }: { applicationId: string; appeals: AppealView[]; open: boolean; subjects?: AppealSubject[]; procedure: string | null }) {
  const { t, formatDate } = useI18n();
  const announce = useAnnounce();
  const [text, setText] = useState('');
  const [subject, setSubject] = useState<AppealSubject>(subjects[0] ?? 'DECISION');
  const [filed, setFiled] = useState<AppealView[]>([]);
  const [errors, setErrors] = useState<{ text?: string; general?: string | null }>({});
  const [fileAppeal, { loading }] = useMutation(FILE_APPEAL);
  const all = [...appeals, ...filed.filter((appeal) => !appeals.some((known) => known.id === appeal.id))];
  if (!open && all.length === 0) return null;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (text.trim() === '') return setErrors({ text: t('field.required') });
    setErrors({});
    try {
      const result = await fileAppeal({ variables: { applicationId, text: text.trim(), subject } });
      if (result.data) setFiled((previous) => [...previous, result.data!.fileAppeal]);
      setText('');
      announce(t('application.appealFiled'));
    } catch (error) {
      const { byField, general } = fieldErrorsOf(error, t('status.network'));
      setErrors({ text: byField.text ?? general ?? undefined });
    }
  }

  return (
    <section aria-labelledby="appeal-heading" className="card">
      <h2 id="appeal-heading">{t('application.appeal')}</h2>
      {procedure ? <p>{procedure}</p> : null}
      {all.length > 0 ? (
        <>
          <h3>{t('application.appeals')}</h3>
          <ul data-testid="appeals" className="stack">
            {all.map((appeal) => (
              <li key={appeal.id} data-testid={`appeal-${appeal.id}`}>
                <p>
                  <strong>{t(`appealSubject.${appeal.subject}`)}</strong> — {formatDate(appeal.createdAt, true)}
                </p>
                <p>{appeal.text}</p>
                <AppealFacts appeal={appeal} />
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {open ? (
        <form className="stack narrow" noValidate onSubmit={(event) => void submit(event)}>
          <SelectField
            name="appealSubject"
            label={t('appeal.subject')}
            value={subject}
            onChange={(next) => setSubject(next as AppealSubject)}
            options={subjects.map((value) => ({ value, label: t(`appealSubject.${value}`) }))}
            required
          />
          <TextAreaField name="appeal" label={t('application.appealText')} hint={t('application.appealHint')} value={text} onChange={setText} error={errors.text} required maxLength={5000} />
          <button type="submit" className="primary" disabled={loading}>
            {t('application.appealSubmit')}
          </button>
        </form>
      ) : null}
    </section>
  );
}

const APPEAL_STATUSES = ['FILED', 'REGISTERED', 'UNDER_REVIEW', 'UPHELD', 'DISMISSED'] as const;

/** An appeal's state in the user's language; a state this build does not know is shown as it came. */
/** A complaint's status, deadline and answer, as the applicant and the appeal body see them. */
export function AppealFacts({ appeal }: { appeal: { status: string; dueAt?: string | null; overdue?: boolean | null; answer?: string | null; answeredAt?: string | null } }) {
  const { t, formatDate } = useI18n();
  return (
    <dl className="facts">
      <div>
        <dt>{t('appeal.status')}</dt>
        <dd data-testid="appeal-status">{appealStatusLabel(appeal.status, t)}</dd>
      </div>
      {appeal.dueAt ? (
        <div>
          <dt>{t('appeal.due')}</dt>
          <dd>
            {formatDate(appeal.dueAt, true)}
            {appeal.overdue ? <strong className="overdue"> — {t('appeal.overdue')}</strong> : null}
          </dd>
        </div>
      ) : null}
      {appeal.answer ? (
        <div>
          <dt>{appeal.answeredAt ? t('appeal.answeredAt', { date: formatDate(appeal.answeredAt, true) }) : t('appeal.answer')}</dt>
          <dd data-testid="appeal-answer">{appeal.answer}</dd>
        </div>
      ) : null}
    </dl>
  );
}

export function appealStatusLabel(status: string, t: (key: MessageKey) => string): string {
  return (APPEAL_STATUSES as readonly string[]).includes(status) ? t(`appealStatus.${status as (typeof APPEAL_STATUSES)[number]}`) : status;
}

const WITHDRAWABLE: ApplicationStatus[] = ['SUBMITTED', 'AWAITING_PAYMENT', 'IN_REVIEW'];

/** Withdrawing before a decision, asked twice (it cannot be undone). */
export function WithdrawSection({ applicationId, status }: { applicationId: string; status: ApplicationStatus }) {
  const { t } = useI18n();
  const announce = useAnnounce();
  const [asking, setAsking] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [withdraw, { loading }] = useMutation(WITHDRAW);
  if (!WITHDRAWABLE.includes(status)) return null;

  async function confirm() {
    setProblem(null);
    try {
      await withdraw({ variables: { applicationId } });
      setAsking(false);
      announce(t('application.withdrawn'));
    } catch (error) {
      setProblem(messageOf(error, t('status.network')));
    }
  }

  return (
    <section aria-labelledby="withdraw-heading">
      <h2 id="withdraw-heading" className="visually-hidden">
        {t('application.withdraw')}
      </h2>
      <FormError message={problem} />
      {asking ? (
        <div role="group" aria-labelledby="withdraw-question" className="notice">
          <p id="withdraw-question">{t('application.withdrawQuestion')}</p>
          <div className="button-row">
            <button type="button" className="primary" disabled={loading} onClick={() => void confirm()}>
              {t('application.withdrawConfirm')}
            </button>
            <button type="button" onClick={() => setAsking(false)}>
              {t('application.withdrawCancel')}
            </button>
          </div>
        </div>
      ) : (
        <button type="button" onClick={() => setAsking(true)}>
          {t('application.withdraw')}
        </button>
      )}
    </section>
  );
}

export interface StatusChangeView {
  at: string;
  from?: ApplicationStatus | null;
  to: ApplicationStatus;
  reason?: string | null;
  actorRole: string;
  /** Who made the change, where the viewer may know it (the officer's page); the citizen's page shows the role alone. */
  actor?: { fullName: string } | null;
}

/** The application's status history, oldest first as the server gives it: when, from and to which status, by whom, and why. */
export function HistoryTable({ title, history }: { title: string; history: StatusChangeView[] }) {
  const { t, formatDate } = useI18n();
  return (
    <section aria-labelledby="history-heading">
      <h2 id="history-heading">{title}</h2>
      <table className="table" data-testid="application-history">
        <thead>
          <tr>
            <th scope="col">{t('application.historyAt')}</th>
            <th scope="col">{t('application.historyFrom')}</th>
            <th scope="col">{t('application.historyTo')}</th>
            <th scope="col">{t('application.historyBy')}</th>
            <th scope="col">{t('application.historyReason')}</th>
          </tr>
        </thead>
        <tbody>
          {history.map((change) => (
            <tr key={`${change.at}-${change.to}`}>
              <td>{formatDate(change.at, true)}</td>
              <td>{change.from ? t(`appStatus.${change.from}`) : '—'}</td>
              <td>{t(`appStatus.${change.to}`)}</td>
              <td>{change.actor ? `${change.actor.fullName} (${actorLabel(change.actorRole, t)})` : actorLabel(change.actorRole, t)}</td>
              <td>{change.reason ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function actorLabel(role: string, t: (key: MessageKey) => string): string {
  const key = `actor.${role}`;
  return key === 'actor.CITIZEN' || key === 'actor.PROVIDER_OFFICER' || key === 'actor.OPERATOR' || key === 'actor.SYSTEM' ? t(key) : role;
}

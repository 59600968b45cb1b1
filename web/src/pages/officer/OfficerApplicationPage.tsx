import { useMutation, useQuery, useSubscription } from '@apollo/client/react';
import { type ReactNode, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { messageOf } from '../../api/errors';
import { useSession } from '../../api/session-context';
import { useAnnounce } from '../../components/announcer';
import { HistoryTable } from '../../components/application-sections';
import { FormData } from '../../components/officer/FormData';
import { ASSIGN } from '../../components/officer/assign';
import { IntakeActions, ReviewActions } from '../../components/officer/DecisionActions';
import { RegistryDocuments } from '../../components/officer/RegistryDocuments';
import { Loading, LoadError, Page } from '../../components/Page';
import { StatusBadge } from '../../components/status';
import { FormError } from '../../components/fields';
import { graphql } from '../../gql';
import { useI18n } from '../../i18n/i18n';

const OFFICER_APPLICATION = graphql(`
  query OfficerApplication($id: ID!, $lang: Language) {
    application(id: $id) {
      id
      number
      status
      version
      data
      submittedAt
      registeredAt
      intakeDueAt
      dueAt
      overdue
      overdueSince
      refusalReason
      resultFormat
      applicant { id fullName pin }
      executor { id fullName }
      service {
        id
        code
        title(lang: $lang)
        form { steps { id title(lang: $lang) fields { name label(lang: $lang) type options { value label(lang: $lang) } } } }
        resultForm {
          steps {
            id
            title(lang: $lang)
            fields { name type required label(lang: $lang) min max minLength maxLength pattern patternHint(lang: $lang) options { value label(lang: $lang) } }
          }
        }
      }
      registryDocuments { code title(lang: $lang) registry status fetchedAt data lastError waivedAt waiverReason waivedBy { id fullName } }
      accrual { id uin status amount { amountMinor currency } paidAt receipt { number } }
      result { number issuedAt signedBy { id fullName } }
      history { at from to reason actorRole actor { id fullName } }
    }
  }
`);

// the pushed application carries the page's state fields, so the page updates in place
const OFFICER_APPLICATION_CHANGED = graphql(`
  subscription OfficerApplicationChanged($id: ID!, $lang: Language) {
    applicationStatusChanged(applicationId: $id) {
      cursor
      version
      to
      application {
        id
        number
        status
        version
        registeredAt
        intakeDueAt
        dueAt
        overdue
        overdueSince
        refusalReason
        executor { id fullName }
        registryDocuments { code title(lang: $lang) registry status fetchedAt data lastError waivedAt waiverReason waivedBy { id fullName } }
        accrual { id uin status amount { amountMinor currency } paidAt receipt { number } }
        result { number issuedAt signedBy { id fullName } }
        history { at from to reason actorRole actor { id fullName } }
      }
    }
  }
`);

/** One application of the provider as its officer works it: data, registry documents, payment, history, and the actions its status allows. */
export function OfficerApplicationPage() {
  const { id = '' } = useParams();
  const { t, apiLang, formatDate, formatMoney } = useI18n();
  const { session } = useSession();
  const announce = useAnnounce();
  const { data, previousData, loading, error, refetch } = useQuery(OFFICER_APPLICATION, { variables: { id, lang: apiLang } });
  const [assign, assigning] = useMutation(ASSIGN);
  const [assignError, setAssignError] = useState<string | null>(null);
  const announcedVersion = useRef(0);
  useSubscription(OFFICER_APPLICATION_CHANGED, {
    variables: { id, lang: apiLang },
    skip: !data?.application,
    onData: ({ data: event }) => {
      const update = event.data?.applicationStatusChanged;
      // an AWAITING_PAYMENT change is pushed again once its accrual is open: announce a change once
      if (!update || announcedVersion.current >= update.version) return;
      announcedVersion.current = update.version;
      announce(t('application.statusChanged', { status: t(`appStatus.${update.to}`) }));
    },
  });
  // while the other language's labels load, the same application stays on screen (an opened decision form keeps what was typed)
  const application = data?.application ?? (previousData?.application?.id === id ? previousData.application : undefined);

  if (!application) {
    return (
      <Page title={loading ? t('status.loading') : t('application.notFound')}>
        {loading ? <Loading /> : null}
        {error ? <LoadError message={messageOf(error, t('status.network'))} onRetry={() => void refetch()} /> : null}
        <p>
          <Link to="/officer">{t('officer.app.back')}</Link>
        </p>
      </Page>
    );
  }

  const number = application.number ?? application.id;
  async function takeIt() {
    if (!session || !application) return;
    setAssignError(null);
    try {
      await assign({ variables: { applicationId: application.id, executorId: session.user.id } });
      announce(t('officer.assigned', { number }));
    } catch (failure) {
      setAssignError(messageOf(failure, t('status.network')));
    }
  }
  const waitsForProvider = application.status === 'SUBMITTED' || application.status === 'AWAITING_PAYMENT' || application.status === 'IN_REVIEW';

  return (
    <Page title={t('officer.app.title', { number })}>
      <p>
        <Link to="/officer">{t('officer.app.back')}</Link>
      </p>
      <section aria-labelledby="summary-heading" className="card">
        <h2 id="summary-heading">{t('officer.app.summary')}</h2>
        <p className="big-status" data-testid="application-status">
          <StatusBadge status={application.status} />
        </p>
        <p className="meta">{t('application.live')}</p>
        <dl className="facts">
          <Fact label={t('application.service')}>{application.service.title}</Fact>
          <Fact label={t('officer.app.applicant')}>
            {application.applicant.fullName}
            <br />
            <span className="meta">
              {t('officer.app.pin')}: {application.applicant.pin}
            </span>
          </Fact>
          {application.submittedAt ? <Fact label={t('application.submitted')}>{formatDate(application.submittedAt, true)}</Fact> : null}
          {application.status === 'SUBMITTED' && application.intakeDueAt ? <Fact label={t('officer.app.intakeDue')}>{formatDate(application.intakeDueAt, true)}</Fact> : null}
          {application.registeredAt ? <Fact label={t('officer.app.registered')}>{formatDate(application.registeredAt, true)}</Fact> : null}
          {application.dueAt ? <Fact label={t('officer.app.due')}>{formatDate(application.dueAt, true)}</Fact> : null}
          {application.overdue ? (
            <Fact label={t('officer.queue.overdue')}>
              <strong className="overdue" data-testid="overdue-flag">
                {application.overdueSince ? t('officer.app.overdueSince', { date: formatDate(application.overdueSince, true) }) : t('officer.queue.overdue')}
              </strong>
            </Fact>
          ) : null}
          <Fact label={t('officer.app.executor')}>
            <span data-testid="executor">{application.executor ? application.executor.fullName : t('officer.queue.unassigned')}</span>
            {waitsForProvider && application.executor?.id !== session?.user.id ? (
              <>
                {' '}
                <button type="button" disabled={assigning.loading} onClick={() => void takeIt()}>
                  {t('officer.assignToMe')}
                </button>
              </>
            ) : null}
          </Fact>
          <Fact label={t('results.application.format')}>{t(`results.format.${application.resultFormat}`)}</Fact>
          {application.refusalReason ? <Fact label={t('application.refusal')}>{application.refusalReason}</Fact> : null}
        </dl>
        <FormError message={assignError} />
      </section>

      <section aria-labelledby="actions-heading">
        <h2 id="actions-heading">{t('officer.actions.title')}</h2>
        {application.status === 'SUBMITTED' ? (
          <IntakeActions application={{ id: application.id, number }} />
        ) : application.status === 'IN_REVIEW' ? (
          <ReviewActions
            application={{ id: application.id, number, serviceTitle: application.service.title, applicantName: application.applicant.fullName, resultForm: application.service.resultForm ?? null }}
          />
        ) : (
          <p>{t('officer.actions.none')}</p>
        )}
      </section>

      <section aria-labelledby="data-heading">
        <h2 id="data-heading">{t('officer.app.data')}</h2>
        <FormData data={application.data} steps={application.service.form.steps} />
      </section>

      <section aria-labelledby="docs-heading">
        <h2 id="docs-heading">{t('officer.docs.title')}</h2>
        <RegistryDocuments applicationId={application.id} canWaive={application.status === 'SUBMITTED'} documents={application.registryDocuments} />
      </section>

      <section aria-labelledby="payment-heading">
        <h2 id="payment-heading">{t('officer.payment.title')}</h2>
        {application.accrual ? (
          <dl className="facts" data-testid="payment">
            <Fact label={t('officer.payment.uin')}>{application.accrual.uin}</Fact>
            <Fact label={t('officer.payment.amount')}>{formatMoney(application.accrual.amount)}</Fact>
            <Fact label={t('officer.payment.status')}>
              {t(`officer.payment.status.${application.accrual.status}`)}
              {application.accrual.paidAt ? <> — {t('officer.payment.paidAt', { date: formatDate(application.accrual.paidAt, true) })}</> : null}
              {application.accrual.receipt ? <> ({t('officer.payment.receipt', { number: application.accrual.receipt.number })})</> : null}
            </Fact>
          </dl>
        ) : (
          <p>{t('officer.payment.none')}</p>
        )}
      </section>

      {application.result ? (
        <section aria-labelledby="result-heading">
          <h2 id="result-heading">{t('officer.result.title')}</h2>
          <p data-testid="result">
            {t('officer.result.number', { number: application.result.number, date: formatDate(application.result.issuedAt, true), name: application.result.signedBy.fullName })}
          </p>
        </section>
      ) : null}

      <HistoryTable title={t('officer.history')} history={application.history} />
    </Page>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

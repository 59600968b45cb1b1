import { useQuery, useSubscription } from '@apollo/client/react';
import { useEffect } from 'react';
import { Link, useParams } from 'react-router';
import { messageOf } from '../api/errors';
import { useAnnounce } from '../components/announcer';
import { Loading, LoadError, Page } from '../components/Page';
import { AppealSection, HistoryTable, PaymentSection, RatingSection, RegistryDocumentsSection, ResultSection, WithdrawSection } from '../components/application-sections';
import { ReceptionFacts } from '../components/results';
import { StatusBadge } from '../components/status';
import { graphql } from '../gql';
import { useI18n } from '../i18n/i18n';
import type { AppealSubject, ApplicationStatus } from '../gql/graphql';

const APPLICATION = graphql(`
  query ApplicationPage($id: ID!, $lang: Language) {
    application(id: $id) {
      id
      number
      status
      version
      createdAt
      submittedAt
      dueAt
      overdue
      refusalReason
      resultFormat
      service { id code title(lang: $lang) resultDelivery reception { place(lang: $lang) hours(lang: $lang) } }
      accrual { id status uin amount { amountMinor currency } receipt { number paidAt downloadUrl } }
      history { at from to reason actorRole }
      rating
      appealProcedure(lang: $lang)
      appeals { id createdAt status subject text dueAt overdue answer answeredAt }
      result { number issuedAt downloadUrl verificationCode }
      registryDocuments { code title(lang: $lang) registry status fetchedAt }
    }
  }
`);

// the pushed application carries what the page shows of its state, so the cache (and the page) update in place
const STATUS_CHANGED = graphql(`
  subscription ApplicationStatusChanged($id: ID!) {
    applicationStatusChanged(applicationId: $id) {
      cursor
      version
      to
      application {
        id
        number
        status
        version
        submittedAt
        dueAt
        overdue
        refusalReason
        accrual { id status uin amount { amountMinor currency } receipt { number paidAt downloadUrl } }
        history { at from to reason actorRole }
        result { number issuedAt downloadUrl verificationCode }
      }
    }
  }
`);

/** An application with its live status (applicationStatusChanged) and its history. */
export function ApplicationPage() {
  const { id = '' } = useParams();
  const { t, apiLang, formatDate, formatMoney } = useI18n();
  const announce = useAnnounce();
  const { data, loading, error, refetch, startPolling, stopPolling } = useQuery(APPLICATION, { variables: { id, lang: apiLang } });
  // what other services add after a status change (the accrual, its receipt, the result) may come after the pushed event: read again until it is there
  const current = data?.application;
  const awaitingMore = Boolean(
    current &&
      ((current.status === 'AWAITING_PAYMENT' && !current.accrual) || (current.accrual?.status === 'PAID' && !current.accrual.receipt) || (current.status === 'APPROVED' && !current.result)),
  );
  useEffect(() => {
    if (!awaitingMore) return undefined;
    startPolling(2000);
    return () => stopPolling();
  }, [awaitingMore, startPolling, stopPolling]);
  useSubscription(STATUS_CHANGED, {
    variables: { id },
    skip: !data?.application,
    onData: ({ data: event }) => {
      const status = event.data?.applicationStatusChanged.to;
      if (status) announce(t('application.statusChanged', { status: t(`appStatus.${status}`) }));
    },
  });
  const application = data?.application;

  if (!application) {
    return (
      <Page title={loading ? t('status.loading') : t('application.notFound')}>
        {loading ? <Loading /> : null}
        {error ? <LoadError message={messageOf(error, t('status.network'))} onRetry={() => void refetch()} /> : null}
        <p>
          <Link to="/applications">{t('nav.applications')}</Link>
        </p>
      </Page>
    );
  }

  return (
    <Page title={application.number ? t('application.title', { number: application.number }) : t('application.titleDraft')}>
      <section aria-labelledby="state-heading" className="card">
        <h2 id="state-heading">{t('application.status')}</h2>
        <p className="big-status" data-testid="application-status">
          <StatusBadge status={application.status} />
        </p>
        <p className="meta">{t('application.live')}</p>
        <dl className="facts">
          <div>
            <dt>{t('application.service')}</dt>
            <dd>
              <Link to={`/services/${encodeURIComponent(application.service.code)}`}>{application.service.title}</Link>
            </dd>
          </div>
          <div>
            <dt>{t('application.created')}</dt>
            <dd>{formatDate(application.createdAt, true)}</dd>
          </div>
          {application.submittedAt ? (
            <div>
              <dt>{t('application.submitted')}</dt>
              <dd>{formatDate(application.submittedAt, true)}</dd>
            </div>
          ) : null}
          {application.dueAt ? (
            <div>
              <dt>{t('application.due')}</dt>
              <dd>
                {formatDate(application.dueAt)}
                {application.overdue ? <strong className="overdue"> — {t('application.overdue')}</strong> : null}
              </dd>
            </div>
          ) : null}
          {application.accrual ? (
            <div>
              <dt>{t('application.fee')}</dt>
              <dd>{formatMoney(application.accrual.amount)}</dd>
            </div>
          ) : null}
          <div>
            <dt>{t('results.application.format')}</dt>
            <dd data-testid="result-format">{t(`results.format.${application.resultFormat}`)}</dd>
          </div>
          {application.refusalReason ? (
            <div>
              <dt>{t('application.refusal')}</dt>
              <dd>{application.refusalReason}</dd>
            </div>
          ) : null}
        </dl>
      </section>
      {application.status === 'DRAFT' ? (
        <p>
          <Link className="button-link" to={`/applications/${application.id}/form`}>
            {t('application.continue')}
          </Link>
        </p>
      ) : null}
      {application.accrual ? <PaymentSection accrual={application.accrual} /> : null}
      {application.result ? <ResultSection result={application.result} /> : null}
      {application.status === 'APPROVED' && application.service.resultDelivery === 'IN_PERSON' && application.service.reception ? (
        <section aria-labelledby="collect-heading" className="card" data-testid="collect-result">
          <h2 id="collect-heading">{t('results.application.collect')}</h2>
          <p>{t('results.application.collectIntro')}</p>
          <ReceptionFacts reception={application.service.reception} />
        </section>
      ) : null}
      <RegistryDocumentsSection documents={application.registryDocuments} />
      {application.status === 'APPROVED' || application.status === 'REFUSED' ? <RatingSection applicationId={application.id} rating={application.rating ?? null} /> : null}
      <AppealSection
        applicationId={application.id}
        appeals={application.appeals}
        open={appealSubjects(application).length > 0}
        subjects={appealSubjects(application)}
        procedure={application.appealProcedure ?? null}
      />
      <WithdrawSection applicationId={application.id} status={application.status} />
      <HistoryTable title={t('application.history')} history={application.history} />
    </Page>
  );
}

/** What a complaint may be about now: a rejection or refusal, an action once submitted, inaction once overdue; the server checks the filing period. */
function appealSubjects(application: { status: ApplicationStatus; submittedAt?: string | null; overdue: boolean }): AppealSubject[] {
  const subjects: AppealSubject[] = [];
  if (application.status === 'REJECTED' || application.status === 'REFUSED') subjects.push('DECISION');
  if (application.submittedAt && application.status !== 'DRAFT') subjects.push('ACTION');
  if (application.overdue) subjects.push('INACTION');
  return subjects;
}

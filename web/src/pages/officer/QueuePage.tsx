import { useMutation, useQuery, useSubscription } from '@apollo/client/react';
import { type FormEvent, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { messageOf } from '../../api/errors';
import { useSession } from '../../api/session-context';
import { useAnnounce } from '../../components/announcer';
import { Checkbox, FormError, SelectField } from '../../components/fields';
import { Loading, LoadError, Page } from '../../components/Page';
import { StatusBadge } from '../../components/status';
import { graphql } from '../../gql';
import type { ApplicationFilter, ApplicationStatus } from '../../gql/graphql';
import { useI18n } from '../../i18n/i18n';
import { ASSIGN } from '../../components/officer/assign';

const PAGE_SIZE = 20;
/** What waits for the provider: intake, payment (to watch) and review. */
const OPEN_STATUSES: ApplicationStatus[] = ['SUBMITTED', 'AWAITING_PAYMENT', 'IN_REVIEW'];
const ALL_STATUSES: ApplicationStatus[] = ['SUBMITTED', 'AWAITING_PAYMENT', 'IN_REVIEW', 'APPROVED', 'REFUSED', 'REJECTED', 'WITHDRAWN'];

const OFFICER_PROVIDER = graphql(`
  query OfficerProvider($lang: Language) {
    me { id provider { id name(lang: $lang) services { id title(lang: $lang) } } }
  }
`);

const QUEUE = graphql(`
  query OfficerQueue($filter: ApplicationFilter, $first: Int, $after: String, $lang: Language) {
    applicationQueue(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          id
          number
          status
          version
          submittedAt
          intakeDueAt
          dueAt
          overdue
          applicant { id fullName }
          service { id title(lang: $lang) }
          executor { id fullName }
        }
      }
    }
  }
`);

// the pushed application carries a queue row's fields, so a row already shown updates in place
const QUEUE_UPDATES = graphql(`
  subscription OfficerQueueUpdates($lang: Language) {
    providerQueueUpdates {
      cursor
      version
      from
      to
      application {
        id
        number
        status
        version
        submittedAt
        intakeDueAt
        dueAt
        overdue
        applicant { id fullName }
        service { id title(lang: $lang) }
        executor { id fullName }
      }
    }
  }
`);

/** Filters as they live in the address (?status=&service=&overdue=&mine=1), so a view can be linked and survives a reload. */
function filterOf(params: URLSearchParams): ApplicationFilter {
  const status = params.get('status');
  const statuses = status === 'all' ? ALL_STATUSES : status && ALL_STATUSES.includes(status as ApplicationStatus) ? [status as ApplicationStatus] : OPEN_STATUSES;
  const overdue = params.get('overdue');
  return {
    status: statuses,
    ...(params.get('service') ? { serviceId: params.get('service') } : {}),
    ...(overdue === 'true' || overdue === 'false' ? { overdue: overdue === 'true' } : {}),
    ...(params.get('mine') === '1' ? { assignedToMe: true } : {}),
  };
}

/** The provider's live queue: filters, deadline order, overdue flags, taking an application, pages; new and changed applications come in by themselves. */
export function QueuePage() {
  const { t, apiLang, formatDate } = useI18n();
  const { session } = useSession();
  const announce = useAnnounce();
  const [params, setParams] = useSearchParams();
  const [status, setStatus] = useState(params.get('status') ?? '');
  const [serviceId, setServiceId] = useState(params.get('service') ?? '');
  const [overdue, setOverdue] = useState(params.get('overdue') ?? '');
  const [mine, setMine] = useState(params.get('mine') === '1');
  // cursors of the pages before this one: "previous" goes back without keeping every row in memory
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  const after = cursors[cursors.length - 1] ?? null;
  const [actionError, setActionError] = useState<string | null>(null);
  const announced = useRef(new Set<string>());

  const provider = useQuery(OFFICER_PROVIDER, { variables: { lang: apiLang } });
  const filter = filterOf(params);
  const queue = useQuery(QUEUE, { variables: { filter, first: PAGE_SIZE, after, lang: apiLang }, notifyOnNetworkStatusChange: true });
  const [assign, assigning] = useMutation(ASSIGN);

  useSubscription(QUEUE_UPDATES, {
    variables: { lang: apiLang },
    onData: ({ data: event }) => {
      const update = event.data?.providerQueueUpdates;
      if (!update) return;
      // an AWAITING_PAYMENT change is pushed again once its accrual is open: announce a change once
      const change = `${update.application.id}:${update.version}:${update.to}`;
      const repeated = announced.current.has(change);
      announced.current.add(change);
      // which rows the page holds may change (a new one, one leaving the filter): read the page again
      void queue.refetch();
      if (repeated) return;
      const number = update.application.number ?? '';
      // a submission is what reaches the queue first; everything after is a change of status
      if (update.to === 'SUBMITTED') announce(t('officer.queue.arrived', { number, service: update.application.service.title }));
      else announce(t('officer.queue.changed', { number, status: t(`appStatus.${update.to}`) }));
    },
  });

  function apply(event: FormEvent) {
    event.preventDefault();
    const next = new URLSearchParams();
    if (status) next.set('status', status);
    if (serviceId) next.set('service', serviceId);
    if (overdue) next.set('overdue', overdue);
    if (mine) next.set('mine', '1');
    setCursors([null]);
    setParams(next);
  }

  async function takeIt(applicationId: string, number: string) {
    if (!session) return;
    setActionError(null);
    try {
      await assign({ variables: { applicationId, executorId: session.user.id } });
      announce(t('officer.assigned', { number }));
    } catch (error) {
      setActionError(messageOf(error, t('status.network')));
    }
  }

  const connection = queue.data?.applicationQueue;
  const services = provider.data?.me?.provider?.services ?? [];
  return (
    <Page title={t('officer.queue.title')}>
      {provider.data?.me?.provider ? <p className="lead">{t('officer.queue.provider', { name: provider.data.me.provider.name })}</p> : null}
      <p className="meta">{t('officer.queue.live')}</p>
      <form onSubmit={apply} aria-label={t('officer.queue.filters')}>
        <fieldset className="queue-filters">
          <legend>{t('officer.queue.filters')}</legend>
          <SelectField
            name="status"
            label={t('officer.queue.status')}
            value={status}
            onChange={setStatus}
            options={[
              { value: '', label: t('officer.queue.statusOpen') },
              ...ALL_STATUSES.map((code) => ({ value: code, label: t(`appStatus.${code}`) })),
              { value: 'all', label: t('officer.queue.statusAll') },
            ]}
          />
          <SelectField
            name="service"
            label={t('officer.queue.service')}
            value={serviceId}
            onChange={setServiceId}
            options={[{ value: '', label: t('officer.queue.anyService') }, ...services.map((service) => ({ value: service.id, label: service.title }))]}
          />
          <SelectField
            name="overdue"
            label={t('officer.queue.deadline')}
            value={overdue}
            onChange={setOverdue}
            options={[
              { value: '', label: t('officer.queue.anyDeadline') },
              { value: 'true', label: t('officer.queue.overdueOnly') },
              { value: 'false', label: t('officer.queue.onTimeOnly') },
            ]}
          />
          <Checkbox name="mine" label={t('officer.queue.assignedToMe')} checked={mine} onChange={setMine} />
          <div>
            <button type="submit" className="primary">
              {t('officer.queue.apply')}
            </button>
          </div>
        </fieldset>
      </form>
      <FormError message={actionError} />
      {queue.error ? <LoadError message={messageOf(queue.error, t('status.network'))} onRetry={() => void queue.refetch()} /> : null}
      {!connection && queue.loading ? <Loading /> : null}
      {connection ? (
        <section aria-labelledby="queue-heading">
          <h2 id="queue-heading">{t('officer.queue.table')}</h2>
          <p data-testid="queue-count">{t('officer.queue.count', { count: connection.totalCount })}</p>
          <p className="meta">{t('officer.queue.sorted')}</p>
          {connection.edges.length === 0 ? (
            <p>{t('officer.queue.none')}</p>
          ) : (
            <table className="table queue-table" data-testid="queue">
              <thead>
                <tr>
                  <th scope="col">{t('officer.queue.number')}</th>
                  <th scope="col">{t('officer.queue.applicant')}</th>
                  <th scope="col">{t('officer.queue.serviceCol')}</th>
                  <th scope="col">{t('officer.queue.statusCol')}</th>
                  <th scope="col" aria-sort="ascending">
                    {t('officer.queue.due')}
                  </th>
                  <th scope="col">{t('officer.queue.executor')}</th>
                </tr>
              </thead>
              <tbody>
                {connection.edges.map(({ node }) => {
                  const due = node.status === 'SUBMITTED' ? node.intakeDueAt : node.dueAt;
                  const number = node.number ?? node.id;
                  return (
                    <tr key={node.id} className={node.overdue ? 'overdue-row' : undefined} data-testid={`queue-row-${node.number ?? node.id}`}>
                      <th scope="row">
                        <Link to={`/officer/applications/${node.id}`}>{number}</Link>
                      </th>
                      <td>{node.applicant.fullName}</td>
                      <td>{node.service.title}</td>
                      <td>
                        <StatusBadge status={node.status} />
                      </td>
                      <td>
                        {due ? formatDate(due, true) : '—'}
                        {node.overdue ? <strong className="overdue">{t('officer.queue.overdue')}</strong> : null}
                      </td>
                      <td>
                        {node.executor ? (
                          node.executor.fullName
                        ) : (
                          <>
                            <span className="meta">{t('officer.queue.unassigned')}</span>{' '}
                            <button type="button" disabled={assigning.loading} aria-label={t('officer.assignToMeLabel', { number })} onClick={() => void takeIt(node.id, number)}>
                              {t('officer.assignToMe')}
                            </button>
                          </>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
          {cursors.length > 1 || connection.pageInfo.hasNextPage ? (
            <nav className="pager" aria-label={t('officer.queue.pages')}>
              <button type="button" disabled={cursors.length <= 1} onClick={() => setCursors((previous) => previous.slice(0, -1))}>
                {t('officer.queue.previous')}
              </button>
              <span>{t('officer.queue.page', { page: cursors.length })}</span>
              <button
                type="button"
                disabled={!connection.pageInfo.hasNextPage}
                onClick={() => {
                  const end = connection.pageInfo.endCursor;
                  if (end) setCursors((previous) => [...previous, end]);
                }}
              >
                {t('officer.queue.next')}
              </button>
            </nav>
          ) : null}
        </section>
      ) : null}
    </Page>
  );
}

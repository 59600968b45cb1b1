import { useMutation, useQuery } from '@apollo/client/react';
import { useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { messageOf } from '../api/errors';
import { useSession } from '../api/session-context';
import { FormError } from '../components/fields';
import { Loading, LoadError, Page } from '../components/Page';
import { ReceptionFacts } from '../components/results';
import { graphql } from '../gql';
import { useI18n } from '../i18n/i18n';

const SERVICE = graphql(`
  query ServiceStandard($code: String!, $lang: Language) {
    service(code: $code) {
      id
      code
      version
      publishedAt
      title(lang: $lang)
      description(lang: $lang)
      categoryName(lang: $lang)
      kind
      automationLevel
      signatureLevel
      resultDelivery
      personalVisitRequired
      reception { place(lang: $lang) hours(lang: $lang) }
      resultAsRecordAllowed
      deadlineWorkingDays
      fee { amountMinor currency }
      statusCheckMethod(lang: $lang)
      appealProcedure(lang: $lang)
      provider { id name(lang: $lang) }
      requiredDocuments { code title(lang: $lang) obtainedByPortal }
      rating { average count }
      form { steps { fields { type required } } }
    }
  }
`);

const START_DRAFT = graphql(`
  mutation StartDraft($input: SaveDraftInput!) {
    saveDraft(input: $input) { id status }
  }
`);

/** A service's full standard (S-18, S-21): what it gives, what it costs, how long, what documents. */
export function ServicePage() {
  const { code = '' } = useParams();
  const { t, apiLang, formatMoney, formatDate } = useI18n();
  const { data, loading, error, refetch } = useQuery(SERVICE, { variables: { code, lang: apiLang } });
  const service = data?.service;

  if (!service) {
    return (
      <Page title={loading ? t('status.loading') : t('service.notFound')}>
        {loading ? <Loading /> : null}
        {error ? <LoadError message={messageOf(error, t('status.network'))} onRetry={() => void refetch()} /> : null}
        <p>
          <Link to="/">{t('service.back')}</Link>
        </p>
      </Page>
    );
  }

  const facts: Array<[string, string]> = [
    [t('service.provider'), service.provider.name],
    [t('service.category'), service.categoryName],
    [t('service.fee'), service.fee ? formatMoney(service.fee) : t('catalogue.free')],
    [t('service.deadline'), t('service.deadlineDays', { days: service.deadlineWorkingDays })],
    [t('service.kind'), t(`service.kind.${service.kind}`)],
    [t('service.signature'), t(`service.signature.${service.signatureLevel}`)],
    [t('service.delivery'), t(`service.delivery.${service.resultDelivery}`)],
    [t('service.visit'), service.personalVisitRequired ? t('service.visitRequired') : t('service.visitNotRequired')],
    [t('results.service.asRecord'), service.resultAsRecordAllowed ? t('results.service.asRecordAllowed') : t('results.service.asRecordNotAllowed')],
    [t('service.automation'), t(`service.automation.${service.automationLevel}`)],
    [
      t('service.rating'),
      service.rating.average === null || service.rating.average === undefined
        ? t('service.ratingNone')
        : t('service.ratingValue', { average: service.rating.average, count: service.rating.count }),
    ],
  ];

  return (
    <Page title={service.title}>
      <p className="lead">{service.description}</p>
      <ApplyAction
        serviceId={service.id}
        code={service.code}
        qualified={service.signatureLevel === 'QUALIFIED'}
        needsFiles={service.form.steps.some((step) => step.fields.some((field) => field.type === 'FILE' && field.required))}
      />
      <section aria-labelledby="standard-heading">
        <h2 id="standard-heading">{t('service.standard')}</h2>
        <dl className="facts">
          {facts.map(([term, value]) => (
            <div key={term}>
              <dt>{term}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
        <p className="meta">{t('service.version', { version: service.version, date: formatDate(service.publishedAt) })}</p>
      </section>
      {service.reception || service.personalVisitRequired ? (
        <section aria-labelledby="reception-heading">
          <h2 id="reception-heading">{t('results.reception.title')}</h2>
          {service.personalVisitRequired ? <p className="notice">{t('results.reception.visit')}</p> : null}
          {service.resultDelivery === 'IN_PERSON' ? <p>{t('results.reception.inPerson')}</p> : null}
          {service.reception ? <ReceptionFacts reception={service.reception} /> : null}
        </section>
      ) : null}
      <section aria-labelledby="documents-heading">
        <h2 id="documents-heading">{t('service.documents')}</h2>
        {service.requiredDocuments.length === 0 ? (
          <p>{t('service.documentsNone')}</p>
        ) : (
          <ul>
            {service.requiredDocuments.map((document) => (
              <li key={document.code}>
                {document.title} — <span className="meta">{document.obtainedByPortal ? t('service.obtainedByPortal') : t('service.fromApplicant')}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="status-check-heading">
        <h2 id="status-check-heading">{t('service.statusCheck')}</h2>
        <p>{service.statusCheckMethod}</p>
      </section>
      <section aria-labelledby="appeal-heading">
        <h2 id="appeal-heading">{t('service.appeal')}</h2>
        <p>{service.appealProcedure}</p>
      </section>
      <p>
        <Link to="/">{t('service.back')}</Link>
      </p>
    </Page>
  );
}

/**
 * "Apply": starts a draft (a retried press returns the same draft: one idempotency key per page) and
 * opens the form; says instead why the web app cannot take the application when it cannot.
 */
function ApplyAction({ serviceId, code, qualified, needsFiles }: { serviceId: string; code: string; qualified: boolean; needsFiles: boolean }) {
  const { t } = useI18n();
  const { session } = useSession();
  const navigate = useNavigate();
  const idempotencyKey = useRef(crypto.randomUUID());
  const [startDraft, { loading }] = useMutation(START_DRAFT);
  const [problem, setProblem] = useState<string | null>(null);

  if (qualified) return <p className="notice">{t('service.applyQualified')}</p>;
  if (needsFiles) return <p className="notice">{t('service.applyFiles')}</p>;
  if (!session) {
    return (
      <p>
        <Link className="button-link" to={`/login?next=${encodeURIComponent(`/services/${code}`)}`}>
          {t('service.applySignIn')}
        </Link>
      </p>
    );
  }

  async function apply() {
    setProblem(null);
    try {
      const result = await startDraft({ variables: { input: { serviceId, data: {}, idempotencyKey: idempotencyKey.current } } });
      if (result.data) navigate(`/applications/${result.data.saveDraft.id}/form`);
    } catch (error) {
      setProblem(messageOf(error, t('status.network')));
    }
  }

  return (
    <div>
      <FormError message={problem} />
      <p>
        <button type="button" className="primary" disabled={loading} onClick={() => void apply()}>
          {loading ? t('service.applying') : t('service.apply')}
        </button>
      </p>
    </div>
  );
}

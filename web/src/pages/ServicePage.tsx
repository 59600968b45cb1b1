import { useQuery } from '@apollo/client/react';
import { Link, useParams } from 'react-router';
import { messageOf } from '../api/errors';
import { Loading, LoadError, Page } from '../components/Page';
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
      deadlineWorkingDays
      fee { amountMinor currency }
      statusCheckMethod(lang: $lang)
      appealProcedure(lang: $lang)
      provider { id name(lang: $lang) }
      requiredDocuments { code title(lang: $lang) obtainedByPortal }
      rating { average count }
    }
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

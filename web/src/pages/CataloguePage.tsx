import { useQuery } from '@apollo/client/react';
import { type FormEvent, useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { messageOf } from '../api/errors';
import { useAnnounce } from '../components/announcer';
import { SelectField, TextField } from '../components/fields';
import { Loading, LoadError, Page } from '../components/Page';
import { graphql } from '../gql';
import { useI18n } from '../i18n/i18n';

const PAGE_SIZE = 20;

const FILTERS = graphql(`
  query CatalogueFilters($lang: Language) {
    serviceCategories { code name(lang: $lang) }
    providers { id code name(lang: $lang) }
  }
`);

const SERVICES = graphql(`
  query CatalogueServices($filter: ServiceFilter, $first: Int, $after: String, $lang: Language) {
    services(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          id
          code
          title(lang: $lang)
          description(lang: $lang)
          categoryName(lang: $lang)
          fee { amountMinor currency }
          deadlineWorkingDays
          provider { id name(lang: $lang) }
        }
      }
    }
  }
`);

/** Catalogue search: the query and filters live in the address (?q=&category=&provider=), so a search can be linked and goes back with the browser. */
export function CataloguePage() {
  const { t, apiLang, formatMoney } = useI18n();
  const announce = useAnnounce();
  const [params, setParams] = useSearchParams();
  const applied = { search: params.get('q') ?? '', category: params.get('category') ?? '', providerId: params.get('provider') ?? '' };
  const [search, setSearch] = useState(applied.search);
  const [category, setCategory] = useState(applied.category);
  const [providerId, setProviderId] = useState(applied.providerId);

  const filters = useQuery(FILTERS, { variables: { lang: apiLang } });
  const filter = {
    ...(applied.search ? { search: applied.search } : {}),
    ...(applied.category ? { category: applied.category } : {}),
    ...(applied.providerId ? { providerId: applied.providerId } : {}),
  };
  const services = useQuery(SERVICES, { variables: { filter, first: PAGE_SIZE, lang: apiLang }, notifyOnNetworkStatusChange: true });
  const connection = services.data?.services;

  useEffect(() => {
    if (connection && !services.loading) announce(t('catalogue.results', { count: connection.totalCount }));
  }, [connection, services.loading, announce, t]);

  function submit(event: FormEvent) {
    event.preventDefault();
    const next = new URLSearchParams();
    if (search.trim()) next.set('q', search.trim());
    if (category) next.set('category', category);
    if (providerId) next.set('provider', providerId);
    setParams(next);
  }

  function loadMore() {
    if (!connection?.pageInfo.endCursor) return;
    void services.fetchMore({
      variables: { after: connection.pageInfo.endCursor },
      updateQuery: (previous, { fetchMoreResult }) => ({
        services: { ...fetchMoreResult.services, edges: [...previous.services.edges, ...fetchMoreResult.services.edges] },
      }),
    });
  }

  const any = { value: '', label: t('catalogue.any') };
  return (
    <Page title={t('catalogue.title')}>
      <form role="search" className="search-form" onSubmit={submit}>
        <TextField type="search" name="q" label={t('catalogue.searchLabel')} hint={t('catalogue.searchHint')} value={search} onChange={setSearch} maxLength={200} />
        <SelectField
          name="category"
          label={t('catalogue.category')}
          value={category}
          onChange={setCategory}
          options={[any, ...(filters.data?.serviceCategories ?? []).map((c) => ({ value: c.code, label: c.name }))]}
        />
        <SelectField
          name="provider"
          label={t('catalogue.provider')}
          value={providerId}
          onChange={setProviderId}
          options={[any, ...(filters.data?.providers ?? []).map((p) => ({ value: p.id, label: p.name }))]}
        />
        <button type="submit" className="primary">
          {t('catalogue.search')}
        </button>
      </form>

      <section aria-labelledby="results-heading" aria-busy={services.loading}>
        <h2 id="results-heading">{t('catalogue.resultsHeading')}</h2>
        {services.error ? <LoadError message={messageOf(services.error, t('status.network'))} onRetry={() => void services.refetch()} /> : null}
        {!connection && services.loading ? <Loading /> : null}
        {connection ? (
          <>
            <p data-testid="results-count">{t('catalogue.results', { count: connection.totalCount })}</p>
            {connection.edges.length === 0 ? <p>{t('catalogue.none')}</p> : null}
            <ul className="service-list">
              {connection.edges.map(({ node }) => (
                <li key={node.id} className="card">
                  <h3>
                    <Link to={`/services/${encodeURIComponent(node.code)}`}>{node.title}</Link>
                  </h3>
                  <p className="meta">
                    {node.provider.name} · {node.categoryName}
                  </p>
                  <p>{node.description}</p>
                  <p className="meta">
                    {node.fee ? formatMoney(node.fee) : t('catalogue.free')} · {t('service.deadlineDays', { days: node.deadlineWorkingDays })}
                  </p>
                </li>
              ))}
            </ul>
            {connection.pageInfo.hasNextPage ? (
              <button type="button" onClick={loadMore} disabled={services.loading}>
                {t('catalogue.more')}
              </button>
            ) : null}
          </>
        ) : null}
      </section>
    </Page>
  );
}

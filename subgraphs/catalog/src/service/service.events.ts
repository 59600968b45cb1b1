import type { EntityManager } from '@mikro-orm/postgresql';
import { domainEvent, type NewEvent, recordEvents } from '@portal/kit';
import type { Provider } from '../provider/provider.entity';
import type { ServiceStandard } from './service.rules';

export interface PublishedVersion {
  serviceId: string;
  version: number;
  code: string;
  provider: Provider;
  standard: ServiceStandard;
}

/**
 * ServiceVersionPublished: everything applications, payments and notifications keep about a
 * service version (form, fee, deadline, signature level, appeal procedure, required documents), so none calls back.
 */
export function serviceVersionPublished(published: PublishedVersion): NewEvent {
  const { standard, provider } = published;
  return domainEvent(
    'ServiceVersionPublished',
    { type: 'Service', id: published.serviceId, version: published.version },
    {
      serviceId: published.serviceId,
      version: published.version,
      code: published.code,
      providerId: provider.id,
      providerCode: provider.code,
      providerName: { ky: provider.nameKy, ru: provider.nameRu },
      title: standard.title,
      feeMinor: standard.feeAmountMinor,
      feeReturnedOnRefusal: standard.feeReturnedOnRefusal === true,
      budgetCode: standard.budgetCode,
      deadlineWorkingDays: standard.deadlineWorkingDays,
      signatureLevel: standard.signatureLevel,
      appealProcedure: standard.appealProcedure,
      form: standard.form,
      personalVisitRequired: standard.personalVisitRequired,
      resultDelivery: standard.resultDelivery,
      resultForm: standard.resultForm ?? null,
      reception: standard.reception ?? null,
      resultAsRecordAllowed: standard.resultAsRecordAllowed === true,
      requiredDocuments: standard.requiredDocuments.map(({ code, title, obtainedByPortal }) => ({ code, title, obtainedByPortal })),
    },
  );
}

/** Records the events in the catalog outbox; call inside the transaction that publishes the versions. */
export async function recordServiceVersionsPublished(em: EntityManager, published: PublishedVersion[]): Promise<void> {
  await recordEvents(em, published.map(serviceVersionPublished));
}

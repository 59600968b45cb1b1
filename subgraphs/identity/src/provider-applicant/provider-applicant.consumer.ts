import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { type BackgroundTask, type BusEvent, payloadOf, startEventConsumer } from '@portal/kit';
import { applicantRelationOf, appealBodyRelationOf } from './provider-applicant.rules';

/** The consumer's name in identity's inbox and cursor tables; replicas share it. */
export const PROVIDER_APPLICANT_CONSUMER = 'identity.provider-applicants';

/**
 * Keeps identity's projection of who applied to which provider, from the applications subgraph's
 * ApplicationStatusChanged events, and the appeal bodies hearing complaints from AppealChanged
 * (identity never reads another subgraph's tables). Wakes on the
 * event log's NOTIFY, so the relation follows a submission within moments.
 */
export function startProviderApplicantProjection(orm: MikroORM, options: { databaseUrl: string }): BackgroundTask {
  return startEventConsumer(orm, {
    databaseUrl: options.databaseUrl,
    name: PROVIDER_APPLICANT_CONSUMER,
    types: ['ApplicationStatusChanged', 'AppealChanged'],
    handle: projectApplicantRelation,
  });
}

/** Runs in the consumer's transaction; idempotent (the first application to the provider is kept). */
export async function projectApplicantRelation(event: BusEvent, em: EntityManager): Promise<void> {
  // a complaint registered with an appeal body makes its officers readers of the case too
  const relation =
    event.type === 'AppealChanged'
      ? appealBodyRelationOf(payloadOf(event, 'AppealChanged'), event.occurredAt)
      : applicantRelationOf(payloadOf(event, 'ApplicationStatusChanged'), event.occurredAt);
  if (!relation) return;
  await em.execute(
    `insert into identity.provider_applicant (provider_id, applicant_id, first_application_id, since)
     values (?, ?, ?, ?) on conflict (provider_id, applicant_id) do nothing`,
    [relation.providerId, relation.applicantId, relation.applicationId, relation.since],
  );
}

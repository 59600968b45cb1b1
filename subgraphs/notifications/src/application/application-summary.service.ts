import type { EntityManager } from '@mikro-orm/postgresql';
import type { ApplicationSummary, StatusChange } from '../notice/notice-triggers.rules';
import { ApplicationSummaryEntity } from './application-summary.entity';

/** Keeps the summary of an application current; an older version never overwrites a newer one. */
export async function rememberApplication(em: EntityManager, change: StatusChange, version: number): Promise<void> {
  await em.execute(
    `insert into notifications.application_summary
       (application_id, applicant_id, number, service_title_ky, service_title_ru, status, version, updated_at)
     values (?, ?, ?, ?, ?, ?, ?, now())
     on conflict (application_id) do update set
       applicant_id = excluded.applicant_id,
       number = coalesce(excluded.number, application_summary.number),
       service_title_ky = excluded.service_title_ky,
       service_title_ru = excluded.service_title_ru,
       status = excluded.status,
       version = excluded.version,
       updated_at = now()
     where application_summary.version <= excluded.version`,
    [change.applicationId, change.applicantId, change.number, change.serviceTitle.ky, change.serviceTitle.ru, change.to, version],
  );
}

export async function applicationSummary(em: EntityManager, applicationId: string): Promise<ApplicationSummary | null> {
  const row = await em.findOne(ApplicationSummaryEntity, { applicationId: applicationId.toLowerCase() });
  if (!row) return null;
  return { applicationId: row.applicationId, applicantId: row.applicantId, number: row.number, serviceTitle: { ky: row.serviceTitleKy, ru: row.serviceTitleRu } };
}

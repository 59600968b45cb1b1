import type { EntityManager } from '@mikro-orm/postgresql';
import { type FormDefinitionData, isUuid, orderByKeys, type SubgraphContext } from '@portal/kit';
import type DataLoader from 'dataloader';
import { ServiceVersion } from './service.entity';
import {
  type AutomationLevelCode,
  categoryName,
  type RequiredDocumentData,
  type ResultDeliveryCode,
  type ReceptionData,
  type ServiceKindCode,
  type ServiceSnapshot,
  type ServiceStandard,
  type SignatureLevelCode,
} from './service.rules';

/** Columns of a service joined with one of its versions (aliases s and v). */
const SERVICE_COLUMNS = `s.id, s.code, s.provider_id, v.version, v.kind, v.title_ky, v.title_ru,
  v.description_ky, v.description_ru, v.category, v.category_name_ky, v.category_name_ru,
  v.fee_amount_minor, v.fee_returned_on_refusal, v.budget_code, v.deadline_working_days, v.required_documents, v.form, v.automation_level,
  v.signature_level, v.personal_visit_required, v.result_delivery, v.status_check_method_ky,
  v.status_check_method_ru, v.appeal_procedure_ky, v.appeal_procedure_ru, v.result_form, v.reception, v.result_as_record_allowed, v.published_at`;

/** Services joined with their current versions (aliases s and v). */
export const CURRENT_VERSIONS = `"catalog".service s join "catalog".service_version v on v.service_id = s.id and v.version = s.current_version`;

interface ServiceRow {
  id: string;
  code: string;
  provider_id: string;
  version: number;
  kind: ServiceKindCode;
  title_ky: string;
  title_ru: string;
  description_ky: string;
  description_ru: string;
  category: string;
  category_name_ky: string;
  category_name_ru: string;
  fee_amount_minor: number | null;
  budget_code: string | null;
  deadline_working_days: number;
  required_documents: RequiredDocumentData[];
  form: FormDefinitionData;
  automation_level: AutomationLevelCode;
  signature_level: SignatureLevelCode;
  personal_visit_required: boolean;
  fee_returned_on_refusal: boolean;
  result_delivery: ResultDeliveryCode;
  status_check_method_ky: string;
  status_check_method_ru: string;
  appeal_procedure_ky: string;
  appeal_procedure_ru: string;
  result_form: FormDefinitionData | null;
  reception: ReceptionData | null;
  result_as_record_allowed: boolean;
  /** MikroORM's pg driver hands timestamps over as text, e.g. "2026-11-22 17:45:10.123+00". */
  published_at: string | Date;
}

function parseTimestamp(value: string | Date): Date {
  if (value instanceof Date) return value;
  const match = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2}(?:\.\d+)?)([+-]\d{2})(?::?(\d{2}))?$/.exec(value);
  const parsed = match ? new Date(`${match[1]}T${match[2]}${match[3]}:${match[4] ?? '00'}`) : new Date(value);
  if (Number.isNaN(parsed.getTime())) throw new Error(`unreadable timestamp "${value}"`);
  return parsed;
}

function toSnapshot(row: ServiceRow): ServiceSnapshot {
  return {
    id: row.id,
    code: row.code,
    providerId: row.provider_id,
    version: row.version,
    kind: row.kind,
    title: { ky: row.title_ky, ru: row.title_ru },
    description: { ky: row.description_ky, ru: row.description_ru },
    category: row.category,
    categoryName: { ky: row.category_name_ky, ru: row.category_name_ru },
    feeAmountMinor: row.fee_amount_minor,
    feeReturnedOnRefusal: row.fee_returned_on_refusal,
    budgetCode: row.budget_code,
    deadlineWorkingDays: row.deadline_working_days,
    requiredDocuments: row.required_documents,
    form: row.form,
    automationLevel: row.automation_level,
    signatureLevel: row.signature_level,
    personalVisitRequired: row.personal_visit_required,
    resultDelivery: row.result_delivery,
    statusCheckMethod: { ky: row.status_check_method_ky, ru: row.status_check_method_ru },
    appealProcedure: { ky: row.appeal_procedure_ky, ru: row.appeal_procedure_ru },
    resultForm: row.result_form,
    reception: row.reception,
    resultAsRecordAllowed: row.result_as_record_allowed,
    publishedAt: parseTimestamp(row.published_at),
  };
}

async function selectServices(em: EntityManager, sql: string, params: unknown[]): Promise<ServiceSnapshot[]> {
  const rows = await em.execute<ServiceRow[]>(sql, params);
  return rows.map(toSnapshot);
}

/** Current versions of services by id: one statement for the whole batch. */
export function findCurrentServices(em: EntityManager, ids: readonly string[]): Promise<ServiceSnapshot[]> {
  const valid = ids.filter(isUuid);
  if (valid.length === 0) return Promise.resolve([]);
  return selectServices(em, `select ${SERVICE_COLUMNS} from ${CURRENT_VERSIONS} where s.id in (?)`, [valid]);
}

export async function findCurrentServiceByCode(em: EntityManager, code: string): Promise<ServiceSnapshot | null> {
  const [service] = await selectServices(em, `select ${SERVICE_COLUMNS} from ${CURRENT_VERSIONS} where s.code = ?`, [code]);
  return service ?? null;
}

export interface VersionKey {
  id: string;
  version: number;
}

export const versionKeyString = (key: VersionKey): string => `${key.id}@${key.version}`;

/** Exact versions of services, current or not: one statement for the whole batch. */
export function findServiceVersions(em: EntityManager, keys: readonly VersionKey[]): Promise<ServiceSnapshot[]> {
  const valid = keys.filter((key) => isUuid(key.id) && Number.isInteger(key.version) && key.version >= 1);
  if (valid.length === 0) return Promise.resolve([]);
  const pairs = valid.map(() => '(?::uuid, ?::integer)').join(', ');
  const params = valid.flatMap((key) => [key.id, key.version]);
  return selectServices(
    em,
    `select ${SERVICE_COLUMNS} from "catalog".service s join "catalog".service_version v on v.service_id = s.id
     where (v.service_id, v.version) in (${pairs})`,
    params,
  );
}

/** Current versions of the services of each provider, by code: one statement for the whole batch. */
export function findServicesOfProviders(em: EntityManager, providerIds: readonly string[]): Promise<ServiceSnapshot[]> {
  const valid = providerIds.filter(isUuid);
  if (valid.length === 0) return Promise.resolve([]);
  return selectServices(em, `select ${SERVICE_COLUMNS} from ${CURRENT_VERSIONS} where s.provider_id in (?) order by s.code`, [valid]);
}

/** Per-request loader of current service versions by id (null for an unknown id). */
export function currentServiceLoader(ctx: SubgraphContext): DataLoader<string, ServiceSnapshot | null> {
  return ctx.loaders.get<string, ServiceSnapshot | null>('catalog.service.current', async (ids) =>
    orderByKeys(ids, await findCurrentServices(ctx.em, ids), (service) => service.id),
  );
}

/** Per-request loader of exact service versions; keys are versionKeyString({ id, version }). */
export function serviceVersionLoader(ctx: SubgraphContext): DataLoader<string, ServiceSnapshot | null> {
  return ctx.loaders.get<string, ServiceSnapshot | null>('catalog.service.version', async (keys) => {
    const parsed = keys.map(parseVersionKey);
    const found = await findServiceVersions(ctx.em, parsed.filter((key): key is VersionKey => key !== null));
    return orderByKeys(keys, found, versionKeyString);
  });
}

function parseVersionKey(key: string): VersionKey | null {
  const at = key.lastIndexOf('@');
  const version = Number(key.slice(at + 1));
  return at > 0 && Number.isInteger(version) ? { id: key.slice(0, at), version } : null;
}

/** Per-request loader of a provider's current services. */
export function providerServicesLoader(ctx: SubgraphContext): DataLoader<string, ServiceSnapshot[]> {
  return ctx.loaders.get<string, ServiceSnapshot[]>('catalog.provider.services', async (providerIds) => {
    const services = await findServicesOfProviders(ctx.em, providerIds);
    return providerIds.map((providerId) => services.filter((service) => service.providerId === providerId));
  });
}

export interface NewServiceVersion {
  serviceId: string;
  version: number;
  standard: ServiceStandard;
  proposalId?: string | null;
  publishedBy?: string | null;
  publishedAt?: Date;
}

/** Adds a published version to the unit of work (written on flush); versions are never updated. */
export function createServiceVersion(em: EntityManager, data: NewServiceVersion): ServiceVersion {
  const { standard } = data;
  const category = categoryName(standard.category);
  return em.create(ServiceVersion, {
    serviceId: data.serviceId,
    version: data.version,
    kind: standard.kind,
    titleKy: standard.title.ky,
    titleRu: standard.title.ru,
    descriptionKy: standard.description.ky,
    descriptionRu: standard.description.ru,
    category: standard.category,
    categoryNameKy: category.ky,
    categoryNameRu: category.ru,
    feeAmountMinor: standard.feeAmountMinor,
    feeReturnedOnRefusal: standard.feeReturnedOnRefusal === true,
    budgetCode: standard.budgetCode,
    deadlineWorkingDays: standard.deadlineWorkingDays,
    requiredDocuments: standard.requiredDocuments,
    form: standard.form,
    automationLevel: standard.automationLevel,
    signatureLevel: standard.signatureLevel,
    personalVisitRequired: standard.personalVisitRequired,
    resultDelivery: standard.resultDelivery,
    statusCheckMethodKy: standard.statusCheckMethod.ky,
    statusCheckMethodRu: standard.statusCheckMethod.ru,
    appealProcedureKy: standard.appealProcedure.ky,
    appealProcedureRu: standard.appealProcedure.ru,
    resultForm: standard.resultForm ?? null,
    reception: standard.reception ?? null,
    resultAsRecordAllowed: standard.resultAsRecordAllowed === true,
    proposalId: data.proposalId ?? null,
    publishedBy: data.publishedBy ?? null,
    publishedAt: data.publishedAt ?? new Date(),
  });
}

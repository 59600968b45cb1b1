import type { EntityManager } from '@mikro-orm/postgresql';
import { type BusEvent, isUuid, log, orderByKeys, payloadOf, type SubgraphContext } from '@portal/kit';
import { ApplicantProfileEntity, ServiceVersionEntity, SigningKeyEntity } from './projection.entity';

/**
 * Projections of other subgraphs' events (identity: profiles and signing keys; catalog: published
 * service versions). Upserts are idempotent and ordered by version, so a replayed or late event
 * never undoes a newer one; the inbox already drops exact duplicates.
 */

const arrayLiteral = (values: readonly string[]): string => `{${values.map((value) => `"${value.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;

export async function projectUserProfile(em: EntityManager, event: BusEvent): Promise<void> {
  const profile = payloadOf(event, 'UserProfileChanged');
  await em.execute(
    `insert into applications.applicant_profile
       (user_id, kind, pin, full_name, birth_date, address, email, phone, preferred_language, roles, provider_id, blocked, profile_version, updated_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::text[], ?, ?, ?, now())
     on conflict (user_id) do update set
       kind = excluded.kind, pin = excluded.pin, full_name = excluded.full_name, birth_date = excluded.birth_date,
       address = excluded.address, email = excluded.email, phone = excluded.phone,
       preferred_language = excluded.preferred_language, roles = excluded.roles, provider_id = excluded.provider_id,
       blocked = excluded.blocked, profile_version = excluded.profile_version, updated_at = now()
     where applicant_profile.profile_version <= excluded.profile_version`,
    [
      profile.userId,
      profile.kind,
      profile.pin,
      profile.fullName,
      profile.birthDate,
      profile.address,
      profile.email,
      profile.phone,
      profile.preferredLanguage,
      arrayLiteral(profile.roles),
      profile.providerId,
      profile.blocked,
      event.aggregateVersion,
    ],
  );
}

export async function projectSigningKeyRegistered(em: EntityManager, event: BusEvent): Promise<void> {
  const key = payloadOf(event, 'SigningKeyRegistered');
  // a key's public part never changes once registered
  // (events from before certificates were carried have no chain: such a QUALIFIED key cannot sign until registered again)
  await em.execute(
    `insert into applications.signing_key
       (id, user_id, level, public_key_jwk, certificate_subject, certificate_serial_number, certificate_not_after, certificate_chain_pem, registered_at)
     values (?, ?, ?, ?::jsonb, ?, ?, ?, ?::jsonb, ?) on conflict (id) do nothing`,
    [
      key.keyId,
      key.userId,
      key.level,
      JSON.stringify(key.publicKeyJwk),
      key.certificateSubject,
      key.certificateSerialNumber ?? null,
      key.certificateNotAfter ? new Date(key.certificateNotAfter) : null,
      key.certificateChainPem ? JSON.stringify(key.certificateChainPem) : null,
      event.occurredAt,
    ],
  );
}

export async function projectSigningKeyRevoked(em: EntityManager, event: BusEvent): Promise<void> {
  const revoked = payloadOf(event, 'SigningKeyRevoked');
  const rows = await em.execute<Array<{ id: string }>>(
    `update applications.signing_key set revoked_at = coalesce(revoked_at, ?) where id = ? returning id`,
    [new Date(revoked.revokedAt), revoked.keyId],
  );
  // the log is ordered, so registration came first; a key unknown here was registered before this
  // subgraph listened and has nothing to refuse
  if (rows.length === 0) log.warn({ subgraph: 'applications' }, `revocation of unknown signing key ${revoked.keyId}`);
}

export async function projectServiceVersion(em: EntityManager, event: BusEvent): Promise<void> {
  const service = payloadOf(event, 'ServiceVersionPublished');
  // published versions are immutable: the first copy wins
  await em.execute(
    `insert into applications.service_version
       (service_id, version, code, provider_id, provider_code, provider_name, title, fee_minor, budget_code,
        deadline_working_days, signature_level, appeal_procedure, form, required_documents,
        personal_visit_required, result_delivery, result_form, reception, result_as_record_allowed, published_at)
     values (?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?::jsonb, ?, ?, ?::jsonb, ?::jsonb, ?, ?)
     on conflict (service_id, version) do nothing`,
    [
      service.serviceId,
      service.version,
      service.code,
      service.providerId,
      service.providerCode,
      JSON.stringify(service.providerName),
      JSON.stringify(service.title),
      service.feeMinor,
      service.budgetCode,
      service.deadlineWorkingDays,
      service.signatureLevel,
      JSON.stringify(service.appealProcedure),
      JSON.stringify(service.form),
      JSON.stringify(service.requiredDocuments ?? []),
      // absent in events from before result forms: no visit, a portal result, free-form, no record option
      service.personalVisitRequired === true,
      service.resultDelivery ?? 'PORTAL',
      service.resultForm ? JSON.stringify(service.resultForm) : null,
      service.reception ? JSON.stringify(service.reception) : null,
      service.resultAsRecordAllowed === true,
      event.occurredAt,
    ],
  );
}

// ------------------------------------------------------------------ reads

export const serviceVersionKey = (serviceId: string, version: number): string => `${serviceId}:${version}`;

/** Exact service versions of many applications in ONE query. */
export function serviceVersionLoader(ctx: SubgraphContext) {
  return ctx.loaders.get<string, ServiceVersionEntity | null>('serviceVersion', async (keys) => {
    const pairs = keys.map((key) => {
      const [serviceId, version] = key.split(':');
      return { serviceId, version: Number(version) };
    });
    const rows = await ctx.em.find(ServiceVersionEntity, { $or: pairs });
    return orderByKeys(keys, rows, (row) => serviceVersionKey(row.serviceId, row.version));
  });
}

/** The latest published version of many services in ONE query. */
export function latestServiceVersionLoader(ctx: SubgraphContext) {
  return ctx.loaders.get<string, ServiceVersionEntity | null>('latestServiceVersion', async (ids) => {
    const rows = await latestServiceVersions(ctx.em, ids);
    return orderByKeys(ids.map((id) => id.toLowerCase()), rows, (row) => row.serviceId);
  });
}

export async function latestServiceVersions(em: EntityManager, serviceIds: readonly string[]): Promise<ServiceVersionEntity[]> {
  const ids = [...new Set(serviceIds.filter(isUuid).map((id) => id.toLowerCase()))];
  if (ids.length === 0) return [];
  const rows = await em.execute(
    `select distinct on (service_id) * from applications.service_version where service_id = any(?::uuid[]) order by service_id, version desc`,
    [`{${ids.join(',')}}`],
  );
  return rows.map((row) => em.map(ServiceVersionEntity, row));
}

/** The version a new draft is bound to: the latest published one, or null for an unknown service. */
export async function currentServiceVersion(em: EntityManager, serviceId: string): Promise<ServiceVersionEntity | null> {
  const [latest] = await latestServiceVersions(em, [serviceId]);
  return latest ?? null;
}

export async function serviceVersionOf(em: EntityManager, serviceId: string, version: number): Promise<ServiceVersionEntity> {
  return em.findOneOrFail(ServiceVersionEntity, { serviceId, version });
}

export async function applicantProfile(em: EntityManager, userId: string): Promise<ApplicantProfileEntity | null> {
  return isUuid(userId) ? em.findOne(ApplicantProfileEntity, { userId }) : null;
}

export async function signingKey(em: EntityManager, keyId: string): Promise<SigningKeyEntity | null> {
  return isUuid(keyId) ? em.findOne(SigningKeyEntity, { id: keyId }) : null;
}

/** Signer keys of many documents in ONE query. */
export function signingKeyLoader(ctx: SubgraphContext) {
  return ctx.loaders.get<string, SigningKeyEntity | null>('signingKey', async (ids) => {
    const rows = await ctx.em.find(SigningKeyEntity, { id: { $in: ids.filter(isUuid) } });
    return orderByKeys(ids.map((id) => id.toLowerCase()), rows, (row) => row.id);
  });
}

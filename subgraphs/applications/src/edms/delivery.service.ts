import type { EntityManager } from '@mikro-orm/postgresql';
import type { DeliveryDocument } from '@portal/edms';
import { EDMS_PROTOCOL } from '@portal/edms';
import { type BusEvent, forbidden, isUuid, orderByKeys, pageSize, payloadOf, requireRole, type SubgraphContext } from '@portal/kit';
import { randomUUID } from 'node:crypto';
import type { ApplicationRecord } from '../application/application.entity';
import { ApplicationEntity } from '../application/application.entity';
import type { ApplicationsContext } from '../context';
import { applicantProfile, serviceVersionOf, signingKey } from '../projection/projection.service';
import { RegistryDocumentEntity } from '../registry/registry-document.entity';
import { ProviderChannelEntity, ProviderDeliveryEntity } from './edms.entity';

/**
 * Deliveries to providers' EDMS: the catalog's channels projected here, a delivery created with each
 * submission to an EDMS provider, what is delivered, and who may read a delivery's state.
 */

/** ProviderChannelConfigured (catalog): upsert ordered by the channel version, so a late event never undoes a newer one. */
export async function projectProviderChannel(em: EntityManager, event: BusEvent): Promise<void> {
  const channel = payloadOf(event, 'ProviderChannelConfigured');
  await em.execute(
    `insert into applications.provider_channel (provider_id, provider_code, channel, endpoint_url, public_key_jwk, channel_version, updated_at)
     values (?, ?, ?, ?, ?::jsonb, ?, now())
     on conflict (provider_id) do update set
       provider_code = excluded.provider_code, channel = excluded.channel, endpoint_url = excluded.endpoint_url,
       public_key_jwk = excluded.public_key_jwk, channel_version = excluded.channel_version, updated_at = now()
     where provider_channel.channel_version < excluded.channel_version`,
    [channel.providerId, channel.providerCode, channel.channel, channel.endpointUrl, channel.publicKeyJwk ? JSON.stringify(channel.publicKeyJwk) : null, channel.version],
  );
}

export async function providerChannel(em: EntityManager, providerId: string): Promise<ProviderChannelEntity | null> {
  return isUuid(providerId) ? em.findOne(ProviderChannelEntity, { providerId }) : null;
}

/** At submission, in its transaction: a PENDING delivery, due now, when the provider is served through its EDMS. */
export async function createDeliveryIfServedByEdms(tx: EntityManager, application: ApplicationRecord, now: Date): Promise<void> {
  const channel = await providerChannel(tx, application.providerId);
  if (channel?.channel !== 'EDMS') return;
  await tx.execute(
    `insert into applications.provider_delivery (id, application_id, provider_id, status, attempts, next_attempt_at, created_at, updated_at)
     values (?, ?, ?, 'PENDING', 0, ?, ?, ?) on conflict (application_id) do nothing`,
    [randomUUID(), application.id, application.providerId, now, now, now],
  );
}

/** Per-request loader of the delivery of each application (null: its provider works in the portal). */
export function deliveryLoader(ctx: SubgraphContext) {
  return ctx.loaders.get<string, ProviderDeliveryEntity | null>('providerDelivery', async (applicationIds) => {
    const rows = await ctx.em.find(ProviderDeliveryEntity, { applicationId: { $in: [...applicationIds] } });
    return orderByKeys(applicationIds, rows, (row) => row.applicationId);
  });
}

export interface DeliveryViewer {
  userId: string | null;
  roles: readonly string[];
  providerId: string | null;
}

/** Who sees a delivery's state: the operator (metadata only), the provider's officers, and the applicant; only the first two see the EDMS's error text. */
export function deliveryVisibility(viewer: DeliveryViewer, application: Pick<ApplicationRecord, 'applicantId' | 'providerId'>): 'FULL' | 'STATUS' | 'NONE' {
  if (viewer.roles.includes('OPERATOR')) return 'FULL';
  if (viewer.roles.includes('PROVIDER_OFFICER') && viewer.providerId !== null && viewer.providerId === application.providerId) return 'FULL';
  if (viewer.userId !== null && viewer.userId === application.applicantId) return 'STATUS';
  return 'NONE';
}

/** OPERATOR: deliveries not acknowledged within the overdue time, oldest first, with their application's number (no personal data). */
export async function listOverdueDeliveries(ctx: ApplicationsContext, first: number | null | undefined): Promise<ProviderDeliveryEntity[]> {
  const caller = requireRole(ctx, 'OPERATOR', 'PROVIDER_OFFICER');
  const isOperator = caller.roles.includes('OPERATOR');
  if (!isOperator && !caller.providerId) throw forbidden('Your officer account is not linked to a provider, so it has no deliveries to see.');
  const limit = pageSize(first);
  const before = new Date(ctx.runtime.now().getTime() - ctx.runtime.edms.overdueMs);
  return ctx.em.find(
    ProviderDeliveryEntity,
    { status: { $ne: 'ACKNOWLEDGED' }, createdAt: { $lt: before }, ...(isOperator ? {} : { providerId: caller.providerId! }) },
    { orderBy: { createdAt: 'asc' }, limit },
  );
}

/** Per-request loader of application numbers by id (the overdue list shows them). */
export function applicationNumberLoader(ctx: SubgraphContext) {
  return ctx.loaders.get<string, string | null>('applicationNumber', async (ids) => {
    const rows = await ctx.em.find(ApplicationEntity, { id: { $in: [...ids] } }, { fields: ['id', 'number'] });
    return ids.map((id) => rows.find((row) => row.id === id)?.number ?? null);
  });
}

/**
 * What is delivered: the application as submitted (number, service, data), the applicant's
 * signature with the key it verifies with, and the registry documents the portal fetched.
 */
export async function deliveryDocumentOf(em: EntityManager, delivery: Pick<ProviderDeliveryEntity, 'id' | 'applicationId' | 'createdAt'>): Promise<DeliveryDocument | null> {
  const application = await em.findOne(ApplicationEntity, { id: delivery.applicationId });
  if (!application || !application.number || !application.submittedAt || !application.signature || !application.signingKeyId) return null;
  const [service, profile, key, registryDocuments] = await Promise.all([
    serviceVersionOf(em, application.serviceId, application.serviceVersion),
    applicantProfile(em, application.applicantId),
    signingKey(em, application.signingKeyId),
    em.find(RegistryDocumentEntity, { applicationId: application.id }, { orderBy: { code: 'asc' } }),
  ]);
  return {
    protocol: EDMS_PROTOCOL,
    deliveryId: delivery.id,
    createdAt: delivery.createdAt.toISOString(),
    application: {
      id: application.id,
      number: application.number,
      serviceId: application.serviceId,
      serviceVersion: application.serviceVersion,
      serviceTitle: service.title,
      providerId: application.providerId,
      providerCode: service.providerCode,
      submittedAt: application.submittedAt.toISOString(),
      applicant: { id: application.applicantId, pin: profile?.pin ?? null, fullName: profile?.fullName ?? null },
      data: application.data as Record<string, unknown>,
    },
    applicantSignature: { jws: application.signature, signingKeyId: application.signingKeyId, publicKeyJwk: key?.publicKeyJwk ?? null },
    // the once-only documents as the portal fetched them, each with the X-Road-Id of its message-log entry
    registryDocuments: registryDocuments.map((document) => ({
      code: document.code,
      registry: document.registry,
      service: document.service,
      status: document.status,
      fetchedAt: document.fetchedAt?.toISOString() ?? null,
      messageId: document.messageId,
      data: document.data,
      waiverReason: document.waiverReason ?? null,
    })),
  };
}

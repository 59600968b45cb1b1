import {
  type BusEvent,
  LinkSigner,
  DEV_CERTIFICATION_AUTHORITY_URL,
  revocationCheckerFrom,
  startEventConsumer,
  startOutboxRelay,
  startPeriodicTask,
  type SubgraphDefinition,
  trustedRootsFrom,
} from '@portal/kit';
import type { EntityManager } from '@mikro-orm/postgresql';
import { TundukClient, type TundukClientConfig } from '@portal/tunduk';
import { confirmPayment } from './application/application.service';
import { workingCalendarFromJson } from './calendar/working-calendar.rules';
import { APPLICATIONS_DEV_SECRETS, type ApplicationsConfig, DEFAULT_PUBLIC_GATEWAY_URL, type edmsEnvSpec, retentionPolicyOf, type retentionEnvSpec } from './config';
import type { ApplicationsContext, ApplicationsRuntime, EdmsRuntime } from './context';
import { edmsJwksRoute } from './edms/jwks.route';
import { edmsUpdateRoute } from './edms/update.route';
import { startEdmsDeliveryWorker } from './edms/delivery.worker';
import { registerEdmsMetrics } from './edms/delivery.metrics';
import { projectProviderChannel } from './edms/delivery.service';
import { announceOverdueAppeals, projectProviderAppealBody } from './appeal/appeal.service';
import { parsePortalSigningJwk, publicPartOf } from '@portal/edms';
import { createPrivateKey, type JsonWebKey } from 'node:crypto';
import { DocumentLinks, RequestLinks } from './document/document-link.rules';
import { type AttachmentStore, PostgresAttachmentStore, S3AttachmentStore } from './attachment/attachment-store';
import { attachmentDownloadRoute, attachmentUploadRoute } from './attachment/attachment.route';
import { DEFAULT_ATTACHMENT_MAX_BYTES, DEFAULT_ATTACHMENT_TYPES, parseAllowedTypes } from './attachment/attachment.rules';

/** Upload and attachment download links work this long. */
const ATTACHMENT_LINK_TTL_SECONDS = 15 * 60;
import { documentDownloadRoute, FILES_PREFIX, printableRequestRoute } from './document/document.route';
import { applicationsEntities } from './entities';
import { applicationsMigrations } from './migrations';
import { announceOverdueApplications } from './overdue/overdue.service';
import { DEFAULT_RETENTION_POLICY } from './retention/retention.rules';
import { applyRetention } from './retention/retention.service';
import { projectServiceVersion, projectSigningKeyRegistered, projectSigningKeyRevoked, projectUserProfile } from './projection/projection.service';
import { RegisterPrefill } from './registry/register-prefill';
import { fetchDueRegistryDocuments, newLeaseOwner } from './registry/registry-document.service';
import { NO_REGISTRIES, type RegistryFetcher } from './registry/registry-fetcher';
import { TundukRegistryFetcher } from './registry/tunduk-registry-fetcher';
import { buildApplicationsSchema } from './schema';
import { serviceStatisticsRoutes } from './statistics/statistics.route';
import { OPEN_DATA_EVENT_TYPES, projectOpenData } from './statistics/statistics.service';

export type ApplicationsSubgraphSettings = Pick<
  ApplicationsConfig,
  | 'PUBLIC_GATEWAY_URL'
  | 'ATTACHMENT_MAX_BYTES'
  | 'ATTACHMENT_ALLOWED_TYPES'
  | 'ATTACHMENT_STORE'
  | 'ATTACHMENT_S3_BUCKET'
  | 'ATTACHMENT_S3_PREFIX'
  | 'ATTACHMENT_S3_REGION'
  | 'ATTACHMENT_S3_ENDPOINT'
  | 'DOCUMENT_LINK_SECRET'
  | 'WORKING_CALENDAR_JSON'
  | 'TRUSTED_ROOT_CA_PEM'
  | 'CA_CRL_URL'
  | 'CA_CRL_ALLOWED_URLS'
  | 'CA_CRL_MAX_AGE_SECONDS'
  | 'REGISTRY_FETCH_POLL_MS'
  | 'REGISTRY_FETCH_RETRY_INITIAL_MS'
  | 'REGISTRY_FETCH_RETRY_MAX_MS'
  | 'REGISTRY_FETCH_MAX_FORGED_ATTEMPTS'
  | 'REGISTRY_FETCH_LEASE_MS'
  | 'PREFILL_REGISTER_CACHE_SECONDS'
  | 'APPEAL_FILING_DAYS'
  | 'APPEAL_ANSWER_WORKING_DAYS'
  | EdmsSettingKey
  | RetentionSettingKey
>;

/** Settings with the Tunduk client's (loadApplicationsConfig gives them); without them no registry is called. */
export type ApplicationsSubgraphConfig = ApplicationsSubgraphSettings & { tunduk?: TundukClientConfig };

type EdmsSettingKey = keyof typeof edmsEnvSpec;
type RetentionSettingKey = keyof typeof retentionEnvSpec;

/** The retention settings' defaults, as the config module has them. */
export const RETENTION_DEVELOPMENT_SETTINGS: Pick<ApplicationsConfig, RetentionSettingKey> = {
  DRAFT_RETENTION_MONTHS: DEFAULT_RETENTION_POLICY.draftMonths,
  DRAFT_EXPIRY_NOTICE_DAYS: DEFAULT_RETENTION_POLICY.draftNoticeDays,
  SUBMITTED_RETENTION_MONTHS: DEFAULT_RETENTION_POLICY.submittedMonths,
  ARCHIVE_AFTER_RETENTION: DEFAULT_RETENTION_POLICY.archiveAfterRetention,
  RETENTION_SCAN_MS: 3_600_000,
};

/** The EDMS settings' defaults, as the config module has them. */
export const EDMS_DEVELOPMENT_SETTINGS: Pick<ApplicationsConfig, EdmsSettingKey> = {
  EDMS_SIGNING_KEY_JWK: APPLICATIONS_DEV_SECRETS.EDMS_SIGNING_KEY_JWK,
  EDMS_SIGNING_KEY_ID: 'portal-edms-1',
  EDMS_DELIVERY_TIMEOUT_MS: 10_000,
  EDMS_DELIVERY_MAX_ATTEMPTS: 20,
  EDMS_DELIVERY_MAX_AGE_SECONDS: 172_800,
  EDMS_RETRY_INITIAL_MS: 5_000,
  EDMS_RETRY_MAX_MS: 900_000,
  EDMS_LEASE_MS: 60_000,
  EDMS_POLL_MS: 1_000,
  EDMS_ACK_OVERDUE_SECONDS: 3_600,
  EDMS_UPDATE_MAX_SKEW_SECONDS: 300,
};

/** Without settings (tests, composition): the development defaults (no trusted root: qualified signatures are refused). */
export const DEVELOPMENT_SETTINGS: ApplicationsSubgraphSettings = {
  PUBLIC_GATEWAY_URL: DEFAULT_PUBLIC_GATEWAY_URL,
  ATTACHMENT_MAX_BYTES: DEFAULT_ATTACHMENT_MAX_BYTES,
  ATTACHMENT_ALLOWED_TYPES: DEFAULT_ATTACHMENT_TYPES.join(','),
  ATTACHMENT_STORE: 'postgres',
  ATTACHMENT_S3_BUCKET: '',
  ATTACHMENT_S3_PREFIX: 'attachments/',
  ATTACHMENT_S3_REGION: 'us-east-1',
  ATTACHMENT_S3_ENDPOINT: '',
  DOCUMENT_LINK_SECRET: APPLICATIONS_DEV_SECRETS.DOCUMENT_LINK_SECRET,
  WORKING_CALENDAR_JSON: '',
  TRUSTED_ROOT_CA_PEM: '',
  CA_CRL_URL: `${DEV_CERTIFICATION_AUTHORITY_URL}/crl`,
  CA_CRL_ALLOWED_URLS: '',
  CA_CRL_MAX_AGE_SECONDS: '300',
  REGISTRY_FETCH_POLL_MS: 5_000,
  REGISTRY_FETCH_RETRY_INITIAL_MS: 2_000,
  REGISTRY_FETCH_RETRY_MAX_MS: 600_000,
  REGISTRY_FETCH_MAX_FORGED_ATTEMPTS: 3,
  REGISTRY_FETCH_LEASE_MS: 60_000,
  PREFILL_REGISTER_CACHE_SECONDS: 300,
  APPEAL_FILING_DAYS: 30,
  APPEAL_ANSWER_WORKING_DAYS: 15,
  ...EDMS_DEVELOPMENT_SETTINGS,
  ...RETENTION_DEVELOPMENT_SETTINGS,
};

export interface ApplicationsSubgraphOptions {
  /** The current time (default: the system clock); tests move it. */
  now?: () => Date;
  /** How often the overdue scan runs, in milliseconds (default 60 000); tests shorten it. */
  overdueScanMs?: number;
  /** The state registries (once-only documents, prefill); default: none configured, so nothing is fetched. */
  registryFetcher?: RegistryFetcher;
  /** The jitter's random numbers (default Math.random); tests fix them. */
  random?: () => number;
}

/** A missed deadline is announced within a minute of it (R-34: users are told within one working day). */
const DEFAULT_OVERDUE_SCAN_MS = 60_000;

/** The events this subgraph consumes, with what each does here. */
const HANDLERS: Record<string, (em: EntityManager, event: BusEvent, runtime: ApplicationsRuntime) => Promise<void>> = {
  UserProfileChanged: (em, event) => projectUserProfile(em, event),
  SigningKeyRegistered: (em, event) => projectSigningKeyRegistered(em, event),
  SigningKeyRevoked: (em, event) => projectSigningKeyRevoked(em, event),
  ServiceVersionPublished: (em, event) => projectServiceVersion(em, event),
  ProviderChannelConfigured: (em, event) => projectProviderChannel(em, event),
  ProviderAppealBodyConfigured: (em, event, runtime) => projectProviderAppealBody(em, event, runtime),
  PaymentConfirmed: (em, event, runtime) => confirmPayment(em, event, runtime),
};

export interface ApplicationsSubgraphDefinition extends SubgraphDefinition<ApplicationsContext> {
  /**
   * Makes file links at the gateway's origin when it is known only once the gateway listens (port 0
   * in tests): `definition.useGatewayUrl(gateway.url)`. Otherwise PUBLIC_GATEWAY_URL applies.
   * Subgraph tests pass the subgraph's own URL: it serves the same paths.
   */
  useGatewayUrl(url: string): void;
}

/** Where attachment bytes are kept (ATTACHMENT_STORE). */
function attachmentStoreFrom(config: ApplicationsSubgraphSettings): AttachmentStore {
  if (config.ATTACHMENT_STORE !== 's3') return new PostgresAttachmentStore();
  const endpoint = config.ATTACHMENT_S3_ENDPOINT.trim() || undefined;
  return new S3AttachmentStore({ bucket: config.ATTACHMENT_S3_BUCKET, prefix: config.ATTACHMENT_S3_PREFIX, region: config.ATTACHMENT_S3_REGION, endpoint, forcePathStyle: endpoint !== undefined });
}

/** This subgraph's file routes at the gateway's origin (the gateway forwards /files/applications/… here unchanged). */
function filesBaseUrlOf(gatewayUrl: string): string {
  return `${new URL(gatewayUrl).origin}${FILES_PREFIX}`;
}

function edmsRuntimeFrom(config: ApplicationsSubgraphSettings): EdmsRuntime {
  const jwk = parsePortalSigningJwk(config.EDMS_SIGNING_KEY_JWK);
  return {
    signingKey: createPrivateKey({ key: jwk as JsonWebKey, format: 'jwk' }),
    publicJwk: publicPartOf(jwk, config.EDMS_SIGNING_KEY_ID),
    keyId: config.EDMS_SIGNING_KEY_ID,
    timeoutMs: config.EDMS_DELIVERY_TIMEOUT_MS,
    policy: {
      maxAttempts: config.EDMS_DELIVERY_MAX_ATTEMPTS,
      maxAgeMs: config.EDMS_DELIVERY_MAX_AGE_SECONDS * 1000,
      initialDelayMs: config.EDMS_RETRY_INITIAL_MS,
      maxDelayMs: config.EDMS_RETRY_MAX_MS,
    },
    leaseMs: config.EDMS_LEASE_MS,
    pollMs: config.EDMS_POLL_MS,
    overdueMs: config.EDMS_ACK_OVERDUE_SECONDS * 1000,
    updateSkewMs: config.EDMS_UPDATE_MAX_SKEW_SECONDS * 1000,
  };
}

/** The applications subgraph as the launcher, composition and tests run it. */
export function createApplicationsSubgraph(
  config: ApplicationsSubgraphConfig = DEVELOPMENT_SETTINGS,
  options: ApplicationsSubgraphOptions = {},
): ApplicationsSubgraphDefinition {
  const overdueScanMs = options.overdueScanMs ?? DEFAULT_OVERDUE_SCAN_MS;
  if (!Number.isInteger(overdueScanMs) || overdueScanMs < 1) throw new Error(`overdueScanMs must be a whole number of milliseconds, at least 1; got ${overdueScanMs}.`);
  const tunduk = config.tunduk ? new TundukClient(config.tunduk) : null;
  const registryFetcher = options.registryFetcher ?? (tunduk ? new TundukRegistryFetcher(tunduk) : NO_REGISTRIES);
  const runtime: ApplicationsRuntime = {
    calendar: workingCalendarFromJson(config.WORKING_CALENDAR_JSON),
    documentsBaseUrl: `${filesBaseUrlOf(config.PUBLIC_GATEWAY_URL)}/documents`,
    filesBaseUrl: filesBaseUrlOf(config.PUBLIC_GATEWAY_URL),
    qualified: { trustedRootsPem: trustedRootsFrom(config.TRUSTED_ROOT_CA_PEM), revocation: revocationCheckerFrom(config) },
    documentLinks: new DocumentLinks(config.DOCUMENT_LINK_SECRET),
    requestLinks: new RequestLinks(config.DOCUMENT_LINK_SECRET),
    attachments: {
      limits: { maxBytes: config.ATTACHMENT_MAX_BYTES, allowedTypes: parseAllowedTypes(config.ATTACHMENT_ALLOWED_TYPES) },
      store: attachmentStoreFrom(config),
      uploadLinks: new LinkSigner(config.DOCUMENT_LINK_SECRET, 'attachment-upload', ATTACHMENT_LINK_TTL_SECONDS),
      downloadLinks: new LinkSigner(config.DOCUMENT_LINK_SECRET, 'attachment-download', ATTACHMENT_LINK_TTL_SECONDS),
    },
    registry: {
      fetcher: registryFetcher,
      policy: {
        initialDelayMs: config.REGISTRY_FETCH_RETRY_INITIAL_MS,
        maxDelayMs: config.REGISTRY_FETCH_RETRY_MAX_MS,
        maxForgedAttempts: config.REGISTRY_FETCH_MAX_FORGED_ATTEMPTS,
      },
      leaseMs: config.REGISTRY_FETCH_LEASE_MS,
      batchSize: 20,
      random: options.random ?? Math.random,
      owner: newLeaseOwner(),
    },
    prefill: new RegisterPrefill(registryFetcher, config.PREFILL_REGISTER_CACHE_SECONDS * 1000),
    messageLogKey: tunduk?.portalPublicKey ?? null,
    now: options.now ?? (() => new Date()),
    appeals: { filingDays: config.APPEAL_FILING_DAYS ?? 30, answerWorkingDays: config.APPEAL_ANSWER_WORKING_DAYS ?? 15 },
    edms: edmsRuntimeFrom({ ...EDMS_DEVELOPMENT_SETTINGS, ...config }),
    retention: retentionPolicyOf({ ...RETENTION_DEVELOPMENT_SETTINGS, ...config }),
  };
  return {
    name: 'applications',
    schema: 'applications',
    entities: applicationsEntities,
    migrations: applicationsMigrations,
    buildSchema: buildApplicationsSchema,
    // an upload is one request body: room for the largest file and the request around it
    maxBodyBytes: Math.max(1024 * 1024, config.ATTACHMENT_MAX_BYTES + 64 * 1024),
    extendContext: (base) => ({ ...base, runtime }),
    routes: (orm) => [documentDownloadRoute(orm, runtime), printableRequestRoute(orm, runtime), attachmentUploadRoute(orm, runtime), attachmentDownloadRoute(orm, runtime), edmsJwksRoute(runtime), edmsUpdateRoute(orm, runtime), ...serviceStatisticsRoutes(orm, runtime)],
    background: (orm, { databaseUrl, metrics }) => [
      startEdmsDeliveryWorker(orm, runtime, registerEdmsMetrics(metrics.registry, orm, runtime)),
      // before the relay: a drain() scans, then relays what the scan announced
      // applications' deadlines, then the appeal bodies' answer deadlines
      startPeriodicTask({
        name: 'overdue-scan:applications',
        everyMs: overdueScanMs,
        work: async () => (await announceOverdueApplications(orm, runtime)) || (await announceOverdueAppeals(orm.em, runtime)),
      }),
      startPeriodicTask({ name: 'retention:applications', everyMs: config.RETENTION_SCAN_MS, work: () => applyRetention(orm, runtime) }),
      startPeriodicTask({ name: 'registry-fetch:applications', everyMs: config.REGISTRY_FETCH_POLL_MS, work: () => fetchDueRegistryDocuments(orm.em, runtime.registry) }),
      startOutboxRelay(orm, { databaseUrl, source: 'applications' }),
      startEventConsumer(orm, {
        databaseUrl,
        name: 'applications',
        types: Object.keys(HANDLERS),
        handle: (event, em) => HANDLERS[event.type](em, event, runtime),
      }),
      // its own cursor: a new projection reads the whole log from the start (L-12 open data)
      startEventConsumer(orm, {
        databaseUrl,
        name: 'applications-open-data',
        types: [...OPEN_DATA_EVENT_TYPES],
        handle: (event, em) => projectOpenData(em, event, runtime.calendar),
      }),
    ],
    useGatewayUrl(url: string) {
      runtime.filesBaseUrl = filesBaseUrlOf(url);
      runtime.documentsBaseUrl = `${runtime.filesBaseUrl}/documents`;
    },
  };
}

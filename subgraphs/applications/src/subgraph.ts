import {
  type BusEvent,
  DEV_CERTIFICATION_AUTHORITY_URL,
  revocationCheckerFrom,
  startEventConsumer,
  startOutboxRelay,
  startPeriodicTask,
  type SubgraphDefinition,
  trustedRootsFrom,
} from '@portal/kit';
import type { EntityManager } from '@mikro-orm/postgresql';
import { confirmPayment } from './application/application.service';
import { workingCalendarFromJson } from './calendar/working-calendar.rules';
import { APPLICATIONS_DEV_SECRETS, type ApplicationsConfig, DEFAULT_DOCUMENTS_BASE_URL } from './config';
import type { ApplicationsContext, ApplicationsRuntime } from './context';
import { DocumentLinks } from './document/document-link.rules';
import { documentDownloadRoute } from './document/document.route';
import { applicationsEntities } from './entities';
import { applicationsMigrations } from './migrations';
import { announceOverdueApplications } from './overdue/overdue.service';
import { projectServiceVersion, projectSigningKeyRegistered, projectSigningKeyRevoked, projectUserProfile } from './projection/projection.service';
import { buildApplicationsSchema } from './schema';
import { serviceStatisticsRoutes } from './statistics/statistics.route';
import { OPEN_DATA_EVENT_TYPES, projectOpenData } from './statistics/statistics.service';

export type ApplicationsSubgraphSettings = Pick<
  ApplicationsConfig,
  'DOCUMENTS_BASE_URL' | 'DOCUMENT_LINK_SECRET' | 'WORKING_CALENDAR_JSON' | 'TRUSTED_ROOT_CA_PEM' | 'CA_CRL_URL' | 'CA_CRL_ALLOWED_URLS' | 'CA_CRL_MAX_AGE_SECONDS'
>;

/** Without settings (tests, composition): the development defaults (no trusted root: qualified signatures are refused). */
export const DEVELOPMENT_SETTINGS: ApplicationsSubgraphSettings = {
  DOCUMENTS_BASE_URL: DEFAULT_DOCUMENTS_BASE_URL,
  DOCUMENT_LINK_SECRET: APPLICATIONS_DEV_SECRETS.DOCUMENT_LINK_SECRET,
  WORKING_CALENDAR_JSON: '',
  TRUSTED_ROOT_CA_PEM: '',
  CA_CRL_URL: `${DEV_CERTIFICATION_AUTHORITY_URL}/crl`,
  CA_CRL_ALLOWED_URLS: '',
  CA_CRL_MAX_AGE_SECONDS: '300',
};

export interface ApplicationsSubgraphOptions {
  /** The current time (default: the system clock); tests move it. */
  now?: () => Date;
  /** How often the overdue scan runs, in milliseconds (default 60 000); tests shorten it. */
  overdueScanMs?: number;
}

/** A missed deadline is announced within a minute of it (R-34: users are told within one working day). */
const DEFAULT_OVERDUE_SCAN_MS = 60_000;

/** The events this subgraph consumes, with what each does here. */
const HANDLERS: Record<string, (em: EntityManager, event: BusEvent, runtime: ApplicationsRuntime) => Promise<void>> = {
  UserProfileChanged: (em, event) => projectUserProfile(em, event),
  SigningKeyRegistered: (em, event) => projectSigningKeyRegistered(em, event),
  SigningKeyRevoked: (em, event) => projectSigningKeyRevoked(em, event),
  ServiceVersionPublished: (em, event) => projectServiceVersion(em, event),
  PaymentConfirmed: (em, event, runtime) => confirmPayment(em, event, runtime),
};

export interface ApplicationsSubgraphDefinition extends SubgraphDefinition<ApplicationsContext> {
  /**
   * Serves ResultDocument.downloadUrl from where the subgraph actually listens (port 0 in tests):
   * `definition.usePublicUrl(running.url)` makes it `${url}/documents/…`. Otherwise DOCUMENTS_BASE_URL applies.
   */
  usePublicUrl(url: string): void;
}

/** The applications subgraph as the launcher, composition and tests run it. */
export function createApplicationsSubgraph(
  config: ApplicationsSubgraphSettings = DEVELOPMENT_SETTINGS,
  options: ApplicationsSubgraphOptions = {},
): ApplicationsSubgraphDefinition {
  const overdueScanMs = options.overdueScanMs ?? DEFAULT_OVERDUE_SCAN_MS;
  if (!Number.isInteger(overdueScanMs) || overdueScanMs < 1) throw new Error(`overdueScanMs must be a whole number of milliseconds, at least 1; got ${overdueScanMs}.`);
  const runtime: ApplicationsRuntime = {
    calendar: workingCalendarFromJson(config.WORKING_CALENDAR_JSON),
    documentsBaseUrl: config.DOCUMENTS_BASE_URL,
    qualified: { trustedRootsPem: trustedRootsFrom(config.TRUSTED_ROOT_CA_PEM), revocation: revocationCheckerFrom(config) },
    documentLinks: new DocumentLinks(config.DOCUMENT_LINK_SECRET),
    now: options.now ?? (() => new Date()),
  };
  return {
    name: 'applications',
    schema: 'applications',
    entities: applicationsEntities,
    migrations: applicationsMigrations,
    buildSchema: buildApplicationsSchema,
    extendContext: (base) => ({ ...base, runtime }),
    routes: (orm) => [documentDownloadRoute(orm, runtime), ...serviceStatisticsRoutes(orm, runtime)],
    background: (orm, { databaseUrl }) => [
      // before the relay: a drain() scans, then relays what the scan announced
      startPeriodicTask({ name: 'overdue-scan:applications', everyMs: overdueScanMs, work: () => announceOverdueApplications(orm, runtime) }),
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
    usePublicUrl(url: string) {
      runtime.documentsBaseUrl = `${url.replace(/\/+$/, '')}/documents`;
    },
  };
}

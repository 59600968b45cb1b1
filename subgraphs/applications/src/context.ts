import type { RevocationChecker, SubgraphContext } from '@portal/kit';
import type { WorkingCalendar } from './calendar/working-calendar.rules';
import type { DocumentLinks } from './document/document-link.rules';
import type { RegisterPrefill } from './registry/register-prefill';
import type { RegistryFetchSettings } from './registry/registry-document.service';

/** Settings and services every request of the applications subgraph shares. */
export interface ApplicationsRuntime {
  calendar: WorkingCalendar;
  documentsBaseUrl: string;
  /** Qualified signatures: the trusted root(s) and the CA's revocation list, checked at the time of signing. */
  qualified: { trustedRootsPem: string | null; revocation: RevocationChecker };
  /** Signs ResultDocument.downloadUrl and checks it at GET /documents/:number. */
  documentLinks: DocumentLinks;
  /** Once-only documents: the registry client, retry policy and lease of the fetch job. */
  registry: RegistryFetchSettings;
  /** Prefill from the population register, cached per citizen for a short time. */
  prefill: RegisterPrefill;
  /** The current time; tests move it. */
  now(): Date;
}

/** Per-request context of the applications subgraph. */
export interface ApplicationsContext extends SubgraphContext {
  runtime: ApplicationsRuntime;
}

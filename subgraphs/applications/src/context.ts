import type { RevocationChecker, SubgraphContext } from '@portal/kit';
import type { WorkingCalendar } from './calendar/working-calendar.rules';
import type { DocumentLinks } from './document/document-link.rules';

/** Settings and services every request of the applications subgraph shares. */
export interface ApplicationsRuntime {
  calendar: WorkingCalendar;
  documentsBaseUrl: string;
  /** Qualified signatures: the trusted root(s) and the CA's revocation list, checked at the time of signing. */
  qualified: { trustedRootsPem: string | null; revocation: RevocationChecker };
  /** Signs ResultDocument.downloadUrl and checks it at GET /documents/:number. */
  documentLinks: DocumentLinks;
  /** The current time; tests move it. */
  now(): Date;
}

/** Per-request context of the applications subgraph. */
export interface ApplicationsContext extends SubgraphContext {
  runtime: ApplicationsRuntime;
}

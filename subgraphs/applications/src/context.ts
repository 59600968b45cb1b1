import type { RetentionPolicy } from './retention/retention.rules';
import type { PublicJwk } from '@portal/edms';
import type { RetryPolicy, RevocationChecker, SubgraphContext } from '@portal/kit';
import type { KeyObject } from 'node:crypto';
import type { AttachmentRuntime } from './attachment/attachment.service';
import type { WorkingCalendar } from './calendar/working-calendar.rules';
import type { DocumentLinks, RequestLinks } from './document/document-link.rules';
import type { RegisterPrefill } from './registry/register-prefill';
import type { RegistryFetchSettings } from './registry/registry-document.service';

/** Settings and services every request of the applications subgraph shares. */
export interface ApplicationsRuntime {
  calendar: WorkingCalendar;
  /** `filesBaseUrl` + /documents: where ResultDocument.downloadUrl points. */
  documentsBaseUrl: string;
  /** This subgraph's files at the gateway's origin, e.g. http://127.0.0.1:4000/files/applications. */
  filesBaseUrl: string;
  /** Qualified signatures: the trusted root(s) and the CA's revocation list, checked at the time of signing. */
  qualified: { trustedRootsPem: string | null; revocation: RevocationChecker };
  /** Signs ResultDocument.downloadUrl and checks it at GET /documents/:number. */
  documentLinks: DocumentLinks;
  /** Signs Application.printUrl and checks it at GET /files/applications/requests/:id. */
  requestLinks: RequestLinks;
  /** Uploads for FILE fields: limits, where the bytes are kept, and their signed links. */
  attachments: AttachmentRuntime;
  /** Once-only documents: the registry client, retry policy and lease of the fetch job. */
  registry: RegistryFetchSettings;
  /** Prefill from the population register, cached per citizen for a short time. */
  prefill: RegisterPrefill;
  /** The public key of the portal's signatures on this subgraph's Tunduk message log (null: no registry configured). */
  messageLogKey: KeyObject | null;
  /** The current time; tests move it. */
  now(): Date;
  /** Complaints: the filing period after a decision, in calendar days, and the answer deadline, in working days. */
  appeals: { filingDays: number; answerWorkingDays: number };
  edms: EdmsRuntime;
  /** How long drafts and final applications are kept. */
  retention: RetentionPolicy;
}

/** Deliveries to providers' EDMS and their updates back. */
export interface EdmsRuntime {
  /** The portal's ES256 key signing deliveries, and its public part as published. */
  signingKey: KeyObject;
  publicJwk: PublicJwk;
  keyId: string;
  timeoutMs: number;
  policy: RetryPolicy;
  leaseMs: number;
  pollMs: number;
  /** Not acknowledged this long after submission: overdue. */
  overdueMs: number;
  /** An update's issuedAt may differ from the portal's clock by at most this. */
  updateSkewMs: number;
}

/** Per-request context of the applications subgraph. */
export interface ApplicationsContext extends SubgraphContext {
  runtime: ApplicationsRuntime;
}

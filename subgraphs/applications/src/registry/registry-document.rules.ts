/**
 * Once-only documents (L-20, L-22, R-27.4): which documents of a submitted application the portal
 * fetches from the state registries, what one fetch attempt leaves behind, and when the provider may
 * register the application without them. Pure: no GraphQL, no ORM, no I/O (the caller passes the
 * clock and the random number of the jitter).
 */
import { type BackoffPolicy, type LanguageCode, type LocalizedText, localize, retryDelayMs, shortReason } from '@portal/kit';

export type RegistryFetchStatusCode = 'PENDING' | 'FETCHED' | 'NOT_FOUND' | 'FAILED' | 'WAIVED';

/** A required document as the service version lists it (catalog's standard). */
export interface RequiredDocument {
  code: string;
  title: LocalizedText;
  obtainedByPortal: boolean;
}

/** Where a document comes from: the registry service that answers it and whose identifier it is keyed by. */
export interface RegistrySource {
  /** X-Road service id, e.g. KG/GOV/70000002/population/birth-record */
  service: string;
  /** The registry's display name, e.g. "State Registration Service (GRS)". */
  registry: string;
  keyedBy: 'pin' | 'taxNumber';
}

/** The portal's own record, not a registry's: the fee payment is already on the application (accrual, receipt). */
export const PORTAL_OWN_DOCUMENTS: readonly string[] = ['payment-confirmation'];

/**
 * Documents some forms name another person by: the document is the registry's answer about the
 * person whose PIN the applicant gave in that form field (e.g. the other party of a marriage).
 */
export const DOCUMENTS_ABOUT_ANOTHER_PERSON: Readonly<Record<string, { document: string; keyField: string }>> = {
  'partner-passport-data': { document: 'passport-data', keyField: 'partnerPin' },
};

export interface PlannedRegistryDocument {
  code: string;
  title: LocalizedText;
  source: RegistrySource;
  /** The form field holding the PIN the document is about; null: the applicant's own. */
  keyField: string | null;
}

/**
 * The registry documents to fetch for a submitted application: every required document marked
 * obtainedByPortal that a registry answers (the portal's own payment confirmation is skipped: the
 * accrual and its receipt are the application's already). Documents no registry answers are listed
 * in `unknown` so the caller can log them: they cannot be fetched, and are not asked for either.
 */
export function plannedRegistryDocuments(
  required: readonly RequiredDocument[],
  sourceOf: (code: string) => RegistrySource | null,
): { planned: PlannedRegistryDocument[]; unknown: string[] } {
  const planned: PlannedRegistryDocument[] = [];
  const unknown: string[] = [];
  const seen = new Set<string>();
  for (const document of required) {
    if (!document.obtainedByPortal || PORTAL_OWN_DOCUMENTS.includes(document.code) || seen.has(document.code)) continue;
    seen.add(document.code);
    const aboutAnother = DOCUMENTS_ABOUT_ANOTHER_PERSON[document.code];
    const source = sourceOf(aboutAnother?.document ?? document.code);
    if (!source) {
      unknown.push(document.code);
      continue;
    }
    planned.push({ code: document.code, title: document.title, source, keyField: aboutAnother?.keyField ?? null });
  }
  return { planned, unknown };
}

/** The identifier a document is fetched by: the applicant's PIN/tax number, or the PIN the form names. */
export function registryKeyOf(document: { keyField: string | null }, applicantKey: string | null, data: Record<string, unknown>): string | null {
  if (document.keyField === null) return applicantKey;
  const value = data[document.keyField];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

/** What one attempt to fetch a document came to. */
export type FetchOutcome =
  | { kind: 'found'; data: unknown; messageId: string }
  | { kind: 'not-found'; messageId: string }
  /** The registry did not answer (down, timeout, breaker open): always tried again, never given up. */
  | { kind: 'unavailable'; reason: string }
  /** The answer's signature did not verify: tried again a few times, then FAILED. */
  | { kind: 'forged'; reason: string }
  /** The registry refused the request (not a not-found): asking again cannot help, FAILED at once. */
  | { kind: 'rejected'; reason: string }
  /** Nothing to fetch by yet (e.g. the applicant's profile has not reached this service): tried again. */
  | { kind: 'not-ready'; reason: string };

export interface RegistryRetryPolicy extends BackoffPolicy {
  /** Attempts in all before a document whose answers keep failing verification is FAILED. */
  maxForgedAttempts: number;
}

export const DEFAULT_REGISTRY_RETRY_POLICY: RegistryRetryPolicy = { initialDelayMs: 2_000, maxDelayMs: 10 * 60_000, maxForgedAttempts: 3 };

export type FetchAttemptResult =
  | { status: 'FETCHED'; data: unknown; messageId: string; lastError: null; nextAttemptAt: null }
  | { status: 'NOT_FOUND'; data: null; messageId: string; lastError: null; nextAttemptAt: null }
  | { status: 'PENDING'; data: null; messageId: null; lastError: string; nextAttemptAt: Date }
  | { status: 'FAILED'; data: null; messageId: null; lastError: string; nextAttemptAt: null };

/** The document's state after attempt number `attempts` (counted from 1) ended with `outcome`. */
export function afterFetchAttempt(input: { outcome: FetchOutcome; attempts: number; now: Date; random: number; policy: RegistryRetryPolicy }): FetchAttemptResult {
  const { outcome, attempts, now, policy } = input;
  switch (outcome.kind) {
    case 'found':
      return { status: 'FETCHED', data: outcome.data ?? null, messageId: outcome.messageId, lastError: null, nextAttemptAt: null };
    case 'not-found':
      return { status: 'NOT_FOUND', data: null, messageId: outcome.messageId, lastError: null, nextAttemptAt: null };
    case 'rejected':
      return { status: 'FAILED', data: null, messageId: null, lastError: shortReason(`The registry refused the request: ${outcome.reason}`), nextAttemptAt: null };
    case 'forged':
      if (attempts >= policy.maxForgedAttempts) {
        return { status: 'FAILED', data: null, messageId: null, lastError: shortReason(`Gave up after ${attempts} answers that failed verification: ${outcome.reason}`), nextAttemptAt: null };
      }
      break;
    default:
      break;
  }
  const nextAttemptAt = new Date(now.getTime() + retryDelayMs(attempts, policy, input.random));
  return { status: 'PENDING', data: null, messageId: null, lastError: shortReason(outcome.reason), nextAttemptAt };
}

/** Statuses that hold up the registration of the application until the officer waives them. */
export const BLOCKING_STATUSES: readonly RegistryFetchStatusCode[] = ['PENDING', 'FAILED'];

/**
 * Why the provider may not register (accept) the application yet, or null: a registry document
 * still being fetched, or one that could not be, that the officer has not explicitly waived.
 */
export function whyIntakeWaits(documents: ReadonlyArray<{ code: string; status: RegistryFetchStatusCode }>, language: LanguageCode): string | null {
  const waiting = documents.filter((document) => BLOCKING_STATUSES.includes(document.status));
  if (waiting.length === 0) return null;
  const list = waiting.map((document) => `${document.code} (${document.status})`).join(', ');
  return localize(
    {
      ru: `Документы из государственных реестров ещё не получены: ${list}. Подождите, пока портал их получит (запрос повторяется автоматически), или явно примите заявление без них: waiveRegistryDocument с причиной.`,
      ky: `Мамлекеттик реестрлерден документтер али алына элек: ${list}. Портал аларды алганча күтүңүз (суроо-талап автоматтык түрдө кайталанат) же арызды аларсыз кабыл алууну ачык тандаңыз: waiveRegistryDocument себеби менен.`,
    },
    language,
  );
}

/** Why the document cannot be waived now (CONFLICT), or null: only one still blocking the intake can be. */
export function whyNotWaivable(document: { code: string; status: RegistryFetchStatusCode }, applicationStatus: string): string | null {
  if (applicationStatus !== 'SUBMITTED') {
    return `Registry documents can be waived only at intake, while the application is SUBMITTED; it is ${applicationStatus}.`;
  }
  if (!BLOCKING_STATUSES.includes(document.status)) {
    return `The document ${document.code} is ${document.status}: only a PENDING or FAILED document can be waived.`;
  }
  return null;
}

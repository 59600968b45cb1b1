import type { EntityManager } from '@mikro-orm/postgresql';
import { type LanguageCode, type LocalizedText, localize, rateLimited } from '@portal/kit';
import { ApplicationEntity } from '../application/application.entity';
import { ServiceVersionEntity, SigningKeyEntity } from '../projection/projection.entity';
import { checkIssuedDocument } from './document.rules';
import { verificationCodeMatches } from './verification-code.rules';
import { TOO_MANY_WRONG_CODES, VERIFICATION_FAILURE_WINDOW_SECONDS, verificationThrottleVerdict } from './verification-throttle.rules';
import { ResultDocumentEntity } from './result-document.entity';

export interface DocumentLookup {
  document: ResultDocumentEntity;
  signerKey: SigningKeyEntity | null;
  serviceTitle: LocalizedText | null;
  issuer: LocalizedText | null;
}

const MAX_NUMBER_LENGTH = 64;

/** An issued document with what verification and the download show about it, or null. */
export async function findIssuedDocument(em: EntityManager, number: string): Promise<DocumentLookup | null> {
  const trimmed = number.trim();
  if (trimmed === '' || trimmed.length > MAX_NUMBER_LENGTH) return null;
  const document = await em.findOne(ResultDocumentEntity, { number: trimmed });
  if (!document) return null;
  const application = await em.findOneOrFail(ApplicationEntity, { id: document.applicationId });
  const [service, signerKey] = await Promise.all([
    em.findOne(ServiceVersionEntity, { serviceId: application.serviceId, version: application.serviceVersion }),
    em.findOne(SigningKeyEntity, { id: document.signingKeyId }),
  ]);
  return { document, signerKey, serviceTitle: service?.title ?? null, issuer: service?.providerName ?? null };
}

export interface Verification {
  valid: boolean;
  number: string;
  issuedAt: Date | null;
  serviceTitle: LocalizedText | null;
  issuer: LocalizedText | null;
  reason: LocalizedText | null;
}

/** Who asks verifyDocument, as far as the throttle on wrong codes goes. */
export interface VerifyingClient {
  /** The client's address (throttleClientKey). */
  key: string;
  language: LanguageCode;
  now: Date;
}

/**
 * verifyDocument: public (decree item 4). Without the verification code printed on the document
 * (or with a wrong one) it answers only whether a document with this number was issued and is
 * intact, and the number: numbers run in sequence, so they must tell nothing more.
 * With the code it also names the date, the service, the issuer and why it is not valid.
 * Personal data is never part of the answer. Too many wrong codes from one address: RATE_LIMITED.
 */
export async function verifyDocument(em: EntityManager, number: string, code: string | null | undefined, client: VerifyingClient): Promise<Verification> {
  const codeGiven = typeof code === 'string' && code.trim() !== '';
  if (codeGiven) await refuseWhileThrottled(em, client);
  const bare = (valid: boolean, shownNumber: string): Verification => ({ valid, number: shownNumber, issuedAt: null, serviceTitle: null, issuer: null, reason: null });
  const found = await findIssuedDocument(em, number);
  const matches = found !== null && verificationCodeMatches(found.document.verificationCode, code);
  if (codeGiven && !matches) await recordWrongCode(em, client);
  if (!found) return bare(false, number);
  const { document } = found;
  const check = await checkIssuedDocument(document, found.signerKey?.publicKeyJwk ?? null);
  if (!matches) return bare(check.valid, document.number);
  return {
    valid: check.valid,
    number: document.number,
    issuedAt: document.issuedAt,
    serviceTitle: found.serviceTitle,
    issuer: found.issuer,
    reason: check.reason,
  };
}

async function refuseWhileThrottled(em: EntityManager, client: VerifyingClient): Promise<void> {
  const [row] = await em.execute<Array<{ window_started_at: Date; failures: number }>>(
    'select window_started_at, failures from applications.verification_failure where client = ?',
    [client.key],
  );
  const verdict = verificationThrottleVerdict(row ? { windowStartedAt: new Date(row.window_started_at), failures: Number(row.failures) } : null, client.now);
  if (verdict.limited) throw rateLimited(localize(TOO_MANY_WRONG_CODES(Math.ceil(verdict.retryAfterSeconds / 60)), client.language), verdict.retryAfterSeconds);
}

/** Counts a wrong code in the address's window (a new window once the last one ended); forgets ended windows. */
async function recordWrongCode(em: EntityManager, client: VerifyingClient): Promise<void> {
  const windowEndedBefore = new Date(client.now.getTime() - VERIFICATION_FAILURE_WINDOW_SECONDS * 1000);
  await em.execute(
    `insert into applications.verification_failure as f (client, window_started_at, failures) values (?, ?, 1)
     on conflict (client) do update set
       failures = case when f.window_started_at <= ? then 1 else f.failures + 1 end,
       window_started_at = case when f.window_started_at <= ? then excluded.window_started_at else f.window_started_at end`,
    [client.key, client.now, windowEndedBefore, windowEndedBefore],
  );
  await em.execute('delete from applications.verification_failure where window_started_at <= ? and client <> ?', [windowEndedBefore, client.key]);
}

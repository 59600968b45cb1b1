import type { EntityManager } from '@mikro-orm/postgresql';
import type { LocalizedText } from '@portal/kit';
import { ApplicationEntity } from '../application/application.entity';
import { ServiceVersionEntity, SigningKeyEntity } from '../projection/projection.entity';
import { checkIssuedDocument, DOCUMENT_REASONS } from './document.rules';
import { normalizeVerificationCode, verificationCodeMatches } from './verification-code.rules';
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

/**
 * verifyDocument: public (decree item 4). By number alone it answers only whether such a document
 * was issued and is intact: numbers run in sequence, so a number tells nothing more.
 * With the verification code printed on the document it also names the service, the issuer, the
 * date and why it is not valid. Personal data is never part of the answer.
 */
export async function verifyDocument(em: EntityManager, number: string, code: string | null | undefined): Promise<Verification> {
  const found = await findIssuedDocument(em, number);
  // an unknown number costs a code comparison too, so timing does not tell numbers apart
  const codeMatches = verificationCodeMatches(found?.document.verificationCode ?? UNKNOWN_DOCUMENT_CODE, code);
  if (!found) {
    // a code was typed but the number is no document's: say so, the typo is in the number
    const reason = normalizeVerificationCode(code) !== null ? DOCUMENT_REASONS.UNKNOWN_NUMBER : null;
    return { valid: false, number, issuedAt: null, serviceTitle: null, issuer: null, reason };
  }
  const { document } = found;
  const check = await checkIssuedDocument(document, found.signerKey?.publicKeyJwk ?? null);
  if (!codeMatches) return { valid: check.valid, number: document.number, issuedAt: null, serviceTitle: null, issuer: null, reason: null };
  return {
    valid: check.valid,
    number: document.number,
    issuedAt: document.issuedAt,
    serviceTitle: found.serviceTitle,
    issuer: found.issuer,
    reason: check.reason,
  };
}

/** Compared against when the number is unknown; no document has it (the code of a real one is random). */
const UNKNOWN_DOCUMENT_CODE = 'AAAA-AAAA-AAAA-AAAA-AAAA';

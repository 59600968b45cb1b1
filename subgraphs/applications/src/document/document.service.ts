import type { EntityManager } from '@mikro-orm/postgresql';
import type { LocalizedText } from '@portal/kit';
import { ApplicationEntity } from '../application/application.entity';
import { ServiceVersionEntity, SigningKeyEntity } from '../projection/projection.entity';
import { checkIssuedDocument } from './document.rules';
import { verificationCodeMatches } from './verification-code.rules';
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
 * verifyDocument: public (decree item 4). Without the verification code printed on the document
 * (or with a wrong one) it answers only whether a document with this number was issued and is
 * intact, and the number: numbers run in sequence, so they must tell nothing more.
 * With the code it also names the date, the service, the issuer and why it is not valid.
 * Personal data is never part of the answer.
 */
export async function verifyDocument(em: EntityManager, number: string, code: string | null | undefined): Promise<Verification> {
  const bare = (valid: boolean, shownNumber: string): Verification => ({ valid, number: shownNumber, issuedAt: null, serviceTitle: null, issuer: null, reason: null });
  const found = await findIssuedDocument(em, number);
  if (!found) return bare(false, number);
  const { document } = found;
  const check = await checkIssuedDocument(document, found.signerKey?.publicKeyJwk ?? null);
  if (!verificationCodeMatches(document.verificationCode, code)) return bare(check.valid, document.number);
  return {
    valid: check.valid,
    number: document.number,
    issuedAt: document.issuedAt,
    serviceTitle: found.serviceTitle,
    issuer: found.issuer,
    reason: check.reason,
  };
}

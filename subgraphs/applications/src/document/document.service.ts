import type { EntityManager } from '@mikro-orm/postgresql';
import type { LocalizedText } from '@portal/kit';
import { ApplicationEntity } from '../application/application.entity';
import { ServiceVersionEntity, SigningKeyEntity } from '../projection/projection.entity';
import { checkIssuedDocument, DOCUMENT_REASONS } from './document.rules';
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

/** verifyDocument: public, by number (decree item 4). */
export async function verifyDocument(em: EntityManager, number: string): Promise<Verification> {
  const found = await findIssuedDocument(em, number);
  if (!found) return { valid: false, number, issuedAt: null, serviceTitle: null, issuer: null, reason: DOCUMENT_REASONS.UNKNOWN_NUMBER };
  const { document } = found;
  const check = await checkIssuedDocument(document, found.signerKey?.publicKeyJwk ?? null);
  return {
    valid: check.valid,
    number: document.number,
    issuedAt: document.issuedAt,
    serviceTitle: found.serviceTitle,
    issuer: found.issuer,
    reason: check.reason,
  };
}

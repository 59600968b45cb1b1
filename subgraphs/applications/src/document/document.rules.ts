/**
 * Checking a result document issued through the portal (decree item 4: anyone can verify a
 * document's authenticity and signature by its number). Pure apart from the signature check.
 */
import type { LocalizedText } from '@portal/kit';
import { canonicalJson, sha256Hex, verifyCompactJws } from '../signature/signature.rules';

export const DOCUMENT_REASONS = {
  SIGNER_KEY_UNKNOWN: {
    ru: 'Ключ, которым подписан документ, порталу неизвестен: подлинность документа подтвердить нельзя.',
    ky: 'Документке кол коюлган ачкыч порталга белгисиз: документтин аныктыгын ырастоого болбойт.',
  },
  SIGNATURE_INVALID: {
    ru: 'Электронная подпись документа недействительна: она не сделана ключом должностного лица, выдавшего документ.',
    ky: 'Документтин электрондук колу жараксыз: ал документти берген кызмат адамынын ачкычы менен коюлган эмес.',
  },
  ALTERED: {
    ru: 'Содержимое документа не совпадает с подписанным: документ был изменён после подписания.',
    ky: 'Документтин мазмуну кол коюлганы менен дал келбейт: документ кол коюлгандан кийин өзгөртүлгөн.',
  },
} as const satisfies Record<string, LocalizedText>;

export interface IssuedDocument {
  number: string;
  document: unknown;
  sha256: string;
  signature: string;
  signingKeyId: string;
}

export type DocumentCheck = { valid: true; reason: null } | { valid: false; reason: LocalizedText };

/**
 * Re-verifies an issued document as stored: its signature against the signer's registered key,
 * the signed payload against the canonical JSON of the stored document, and the stored sha256.
 * A key revoked after the document was issued leaves it valid: it was valid when signed.
 */
export async function checkIssuedDocument(issued: IssuedDocument, signerPublicKeyJwk: Record<string, unknown> | null): Promise<DocumentCheck> {
  if (!signerPublicKeyJwk) return { valid: false, reason: DOCUMENT_REASONS.SIGNER_KEY_UNKNOWN };
  const canonical = canonicalJson(issued.document);
  const check = await verifyCompactJws(issued.signature, signerPublicKeyJwk, issued.signingKeyId, canonical, `document ${issued.number}`);
  if (!check.ok) return { valid: false, reason: check.problem === 'PAYLOAD_MISMATCH' ? DOCUMENT_REASONS.ALTERED : DOCUMENT_REASONS.SIGNATURE_INVALID };
  if (sha256Hex(canonical) !== issued.sha256) return { valid: false, reason: DOCUMENT_REASONS.ALTERED };
  return { valid: true, reason: null };
}

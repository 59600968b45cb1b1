import { CompactSign, exportJWK, generateKeyPair } from 'jose';
import { canonicalJson, sha256Hex } from '../signature/signature.rules';
import { checkIssuedDocument, DOCUMENT_REASONS } from './document.rules';

describe('checkIssuedDocument', () => {
  const document = { title: 'Справка о несудимости', holder: 'Асанова Айгүл', number: 'KG-2026-000001' };
  let jwk: Record<string, unknown>;
  let signature: string;

  beforeAll(async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
    jwk = (await exportJWK(publicKey)) as Record<string, unknown>;
    signature = await new CompactSign(new TextEncoder().encode(canonicalJson(document))).setProtectedHeader({ alg: 'ES256' }).sign(privateKey);
  });

  const issued = () => ({ number: 'DOC-2026-000001', document, sha256: sha256Hex(canonicalJson(document)), signature, signingKeyId: 'k1' });

  it('accepts the document as issued, whatever the order of its keys', async () => {
    await expect(checkIssuedDocument(issued(), jwk)).resolves.toEqual({ valid: true, reason: null });
    const reordered = { number: document.number, holder: document.holder, title: document.title };
    await expect(checkIssuedDocument({ ...issued(), document: reordered }, jwk)).resolves.toEqual({ valid: true, reason: null });
  });

  it('finds an altered document', async () => {
    await expect(checkIssuedDocument({ ...issued(), document: { ...document, holder: 'Someone else' } }, jwk)).resolves.toEqual({ valid: false, reason: DOCUMENT_REASONS.ALTERED });
    await expect(checkIssuedDocument({ ...issued(), sha256: '0'.repeat(64) }, jwk)).resolves.toEqual({ valid: false, reason: DOCUMENT_REASONS.ALTERED });
  });

  it('finds a signature by another key, and an unknown signer key', async () => {
    const other = await generateKeyPair('ES256', { extractable: true });
    await expect(checkIssuedDocument(issued(), (await exportJWK(other.publicKey)) as Record<string, unknown>)).resolves.toEqual({ valid: false, reason: DOCUMENT_REASONS.SIGNATURE_INVALID });
    await expect(checkIssuedDocument(issued(), null)).resolves.toEqual({ valid: false, reason: DOCUMENT_REASONS.SIGNER_KEY_UNKNOWN });
  });
});

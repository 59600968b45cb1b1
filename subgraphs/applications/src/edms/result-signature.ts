/**
 * A result document decided in the provider's EDMS must carry the provider's qualified signature:
 * a compact JWS (ES256) over the document's RFC 8785 canonical JSON with the certificate chain in
 * x5c (leaf first), the leaf a QUALIFIED certificate from the trusted CA whose O names the provider
 * and whose subject serialNumber is the PIN of one of the provider's officers (ResultDocument.signedBy).
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { type CertifiedPublicJwk, checkQualifiedCertificate, qualifiedProblemError, subjectFieldsOf } from '@portal/kit';
import * as x509 from '@peculiar/x509';
import { createHash, X509Certificate } from 'node:crypto';
import { decodeProtectedHeader } from 'jose';
import type { ApplicationsRuntime } from '../context';
import { canonicalJson, verifyCompactJws } from '../signature/signature.rules';

export interface CertifiedResultKey {
  signedBy: string;
  signingKeyId: string;
  jwk: Record<string, unknown>;
  subject: string;
  serialNumber: string;
  notAfter: Date;
  chainPem: string[];
}

export type ResultSignatureCheck =
  | ({ ok: true } & CertifiedResultKey)
  | { ok: false; httpStatus: 422 | 503; problem: string; message: string };

const toPem = (der: string) => `-----BEGIN CERTIFICATE-----\n${der.match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----`;

/** A stable id for the certified key of a leaf certificate (UUID-shaped), so the same certificate is one key. */
function keyIdOfCertificate(leafDer: Buffer): string {
  const hex = createHash('sha256').update(leafDer).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export async function verifyResultSignature(
  em: EntityManager,
  runtime: ApplicationsRuntime,
  result: { document: Record<string, unknown>; signature: string },
  provider: { id: string; code: string },
): Promise<ResultSignatureCheck> {
  const refuse = (problem: string, message: string, httpStatus: 422 | 503 = 422): ResultSignatureCheck => ({ ok: false, httpStatus, problem, message });
  let x5c: unknown;
  try {
    x5c = decodeProtectedHeader(result.signature.trim()).x5c;
  } catch {
    return refuse('MALFORMED_RESULT_SIGNATURE', 'result.signature is not a compact JWS.');
  }
  if (!Array.isArray(x5c) || x5c.length === 0 || !x5c.every((entry) => typeof entry === 'string')) {
    return refuse('NO_CERTIFICATE', "result.signature must carry the provider's qualified certificate chain in its x5c header (base64 DER, leaf first).");
  }
  let leaf: X509Certificate;
  let chainPem: string[];
  try {
    chainPem = (x5c as string[]).map(toPem);
    leaf = new X509Certificate(chainPem[0]);
  } catch {
    return refuse('NO_CERTIFICATE', 'The x5c header of result.signature does not hold X.509 certificates.');
  }
  const jwk = leaf.publicKey.export({ format: 'jwk' }) as Record<string, unknown>;
  const signatureCheck = await verifyCompactJws(result.signature, jwk, 'x5c', canonicalJson(result.document), 'result.document');
  if (!signatureCheck.ok) return refuse(`RESULT_${signatureCheck.problem}`, `The result document's signature is not valid: ${signatureCheck.message}`);

  const subject = subjectFieldsOf(new x509.X509Certificate(chainPem[0]));
  const certificate = await checkQualifiedCertificate({
    keyId: 'x5c',
    chainPem,
    trustedRootsPem: runtime.qualified.trustedRootsPem,
    jwk: jwk as unknown as CertifiedPublicJwk,
    at: runtime.now(),
    // the signer is whoever the certificate names; that they are the provider's officer is checked below
    signer: { identifier: subject.serialNumber ?? '', providerCode: provider.code },
    revocation: runtime.qualified.revocation,
  });
  if (!certificate.ok) {
    const words = qualifiedProblemError(certificate.problem, 'RU');
    return refuse(certificate.problem.kind, `The result document's certificate is not acceptable: ${words.message}`, certificate.problem.kind === 'REVOCATION_UNKNOWN' ? 503 : 422);
  }
  const [officer] = await em.execute<Array<{ user_id: string }>>(
    `select user_id from applications.applicant_profile where pin = ? and provider_id = ? and 'PROVIDER_OFFICER' = any(roles) and not blocked`,
    [subject.serialNumber, provider.id],
  );
  if (!officer) {
    return refuse('UNKNOWN_SIGNER', `The certificate of the result document names ${subject.commonName ?? 'a person'} (serialNumber ${subject.serialNumber}), who is not an officer of provider ${provider.code} on the portal.`);
  }
  return {
    ok: true,
    signedBy: officer.user_id,
    signingKeyId: keyIdOfCertificate(Buffer.from(leaf.raw)),
    jwk,
    subject: leaf.subject.replace(/\n/g, ', '),
    serialNumber: leaf.serialNumber.toLowerCase(),
    notAfter: new Date(leaf.validTo),
    chainPem,
  };
}

/** In the update's transaction: the certified key joins the projected keys, so the document verifies like one an officer signed in the cabinet. */
export async function recordCertifiedKey(tx: EntityManager, key: CertifiedResultKey): Promise<void> {
  await tx.execute(
    `insert into applications.signing_key (id, user_id, level, public_key_jwk, certificate_subject, certificate_serial_number, certificate_not_after, certificate_chain_pem, registered_at)
     values (?, ?, 'QUALIFIED', ?::jsonb, ?, ?, ?, ?::jsonb, now()) on conflict (id) do nothing`,
    [key.signingKeyId, key.signedBy, JSON.stringify(key.jwk), key.subject, key.serialNumber, key.notAfter, JSON.stringify(key.chainPem)],
  );
}

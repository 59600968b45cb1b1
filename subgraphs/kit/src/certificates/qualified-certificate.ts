/**
 * Whether a qualified certificate may sign for a person at a given moment: its chain
 * leads to a trusted root, it is valid at that moment, its subject is that person (serialNumber,
 * OID 2.5.4.5, is their PIN or tax number) and, for a provider's officer, its O is the provider's
 * code, and the authority has not revoked it. Problems are typed; `qualifiedProblemError` words them
 * in Kyrgyz or Russian with the contract's error code.
 */
import * as x509 from '@peculiar/x509';
import type { LanguageCode } from '../caller';
import { type ErrorCode } from '../errors';
import { type CertifiedKey, type CertifiedPublicJwk, parseCertificates, verifyCertificateChain } from './certificate-chain';
import type { RevocationChecker } from './revocation';

/** OID of the subject attribute serialNumber (X.520), which carries the holder's PIN or tax number. */
export const SUBJECT_SERIAL_NUMBER_OID = '2.5.4.5';

export interface CertificateSubjectFields {
  commonName: string | null;
  /** PIN of a person, or the tax number of a legal entity. */
  serialNumber: string | null;
  /** For officers: the provider code. */
  organization: string | null;
}

export function subjectFieldsOf(certificate: x509.X509Certificate): CertificateSubjectFields {
  const first = (id: string) => certificate.subjectName.getField(id)[0]?.trim() || null;
  return { commonName: first('CN'), serialNumber: first(SUBJECT_SERIAL_NUMBER_OID), organization: first('O') };
}

export interface QualifiedSigner {
  /** The signer's PIN, or a legal entity's tax number. */
  identifier: string;
  /** For a provider's officer signing a result: the provider code the certificate's O must name. */
  providerCode?: string | null;
}

export type QualifiedProblem =
  | { kind: 'NOT_QUALIFIED'; keyId: string }
  | { kind: 'NO_CERTIFICATE'; keyId: string }
  | { kind: 'UNTRUSTED_CHAIN'; detail: string }
  | { kind: 'NOT_YET_VALID'; notBefore: Date }
  | { kind: 'EXPIRED'; notAfter: Date }
  | { kind: 'NOT_THE_SIGNER'; subject: string }
  | { kind: 'NOT_AN_OFFICER_OF'; providerCode: string; organization: string | null }
  | { kind: 'REVOKED'; revokedAt: Date }
  | { kind: 'REVOCATION_UNKNOWN'; reason: string };

export type QualifiedCheck = { ok: true; certified: CertifiedKey; subject: CertificateSubjectFields } | { ok: false; problem: QualifiedProblem };

export interface QualifiedCheckInput {
  keyId: string;
  /** PEMs, leaf first, as registered (the trusted root may be left out). */
  chainPem: readonly string[] | null;
  trustedRootsPem: string | null;
  jwk: CertifiedPublicJwk;
  /** The moment of signing. */
  at: Date;
  signer: QualifiedSigner;
  revocation: RevocationChecker;
}

/** Checks, in this order: a chain is there, the leaf is valid at `at`, the chain verifies, the subject, revocation (last: it may fetch). */
export async function checkQualifiedCertificate(input: QualifiedCheckInput): Promise<QualifiedCheck> {
  const fail = (problem: QualifiedProblem): QualifiedCheck => ({ ok: false, problem });
  if (!input.chainPem || input.chainPem.length === 0) return fail({ kind: 'NO_CERTIFICATE', keyId: input.keyId });
  if (!input.trustedRootsPem) return fail({ kind: 'UNTRUSTED_CHAIN', detail: 'no trusted root certification authority is configured (TRUSTED_ROOT_CA_PEM)' });
  let leaf: x509.X509Certificate;
  try {
    [leaf] = parseCertificates(input.chainPem[0]);
  } catch {
    return fail({ kind: 'UNTRUSTED_CHAIN', detail: 'certificateChainPem[0] is not a PEM-encoded X.509 certificate.' });
  }
  if (input.at < leaf.notBefore) return fail({ kind: 'NOT_YET_VALID', notBefore: leaf.notBefore });
  if (input.at > leaf.notAfter) return fail({ kind: 'EXPIRED', notAfter: leaf.notAfter });

  const chain = await verifyCertificateChain(input.chainPem, input.trustedRootsPem, input.jwk, input.at);
  if (!chain.ok) return fail({ kind: 'UNTRUSTED_CHAIN', detail: chain.message });

  const subject = subjectFieldsOf(leaf);
  if (subject.serialNumber === null || subject.serialNumber !== input.signer.identifier.trim()) {
    return fail({ kind: 'NOT_THE_SIGNER', subject: leaf.subject });
  }
  const providerCode = input.signer.providerCode;
  if (providerCode !== undefined && providerCode !== null && subject.organization?.toUpperCase() !== providerCode.trim().toUpperCase()) {
    return fail({ kind: 'NOT_AN_OFFICER_OF', providerCode, organization: subject.organization });
  }

  const issuer = issuerOf(leaf, chain.certified.chainPem, input.trustedRootsPem);
  if (!issuer) return fail({ kind: 'UNTRUSTED_CHAIN', detail: `the issuer "${leaf.issuer}" of the certificate is not known` });
  const revocation = await input.revocation.check(leaf, issuer);
  if (revocation.status === 'REVOKED') return fail({ kind: 'REVOKED', revokedAt: revocation.revokedAt });
  if (revocation.status === 'UNKNOWN') return fail({ kind: 'REVOCATION_UNKNOWN', reason: revocation.reason });
  return { ok: true, certified: chain.certified, subject };
}

/** The certificate that issued the (already verified) leaf: the next in the chain, else the trusted root. */
function issuerOf(leaf: x509.X509Certificate, chainPem: readonly string[], trustedRootsPem: string): x509.X509Certificate | null {
  if (chainPem.length > 1) return parseCertificates(chainPem[1])[0];
  return parseCertificates(trustedRootsPem).find((root) => root.subject === leaf.issuer) ?? null;
}

const day = (date: Date) => date.toISOString().slice(0, 10);

/** The contract's error code and a message in the asked language for a refused qualified signature. */
export function qualifiedProblemError(problem: QualifiedProblem, language: LanguageCode): { code: ErrorCode; message: string } {
  const say = (code: ErrorCode, ru: string, ky: string) => ({ code, message: language === 'RU' ? ru : ky });
  switch (problem.kind) {
    case 'NOT_QUALIFIED':
      return say(
        'BAD_USER_INPUT',
        `Простой ключ ${problem.keyId} не может подписать документ-результат: нужна квалифицированная электронная подпись (R-33.1). Зарегистрируйте ключ с сертификатом удостоверяющего центра, в котором указаны ваш ПИН и код вашего поставщика услуг, и подпишите им.`,
        `Жөнөкөй ${problem.keyId} ачкычы жыйынтык документине кол коё албайт: квалификацияланган электрондук кол тамга керек (R-33.1). Күбөлөндүрүүчү борбордун ПИНиңиз жана кызмат көрсөтүүчүңүздүн коду жазылган сертификаты менен ачкычты каттап, аны менен кол коюңуз.`,
      );
    case 'NO_CERTIFICATE':
      return say(
        'BAD_USER_INPUT',
        `Для ключа ${problem.keyId} не сохранена цепочка сертификатов, поэтому его квалифицированный сертификат нельзя проверить. Зарегистрируйте ключ заново с certificateChainPem и подпишите им.`,
        `${problem.keyId} ачкычынын сертификаттар чынжыры сакталган эмес, ошондуктан анын квалификацияланган сертификатын текшерүүгө болбойт. Ачкычты certificateChainPem менен кайра каттап, аны менен кол коюңуз.`,
      );
    case 'UNTRUSTED_CHAIN':
      return say('BAD_USER_INPUT', `Цепочка сертификатов ключа не прошла проверку: ${problem.detail}`, `Ачкычтын сертификаттар чынжыры текшерүүдөн өткөн жок: ${problem.detail}`);
    case 'NOT_YET_VALID':
      return say(
        'BAD_USER_INPUT',
        `Сертификат ключа подписи действует только с ${day(problem.notBefore)}; подпишите ключом с действующим сертификатом.`,
        `Кол тамга ачкычынын сертификаты ${day(problem.notBefore)} баштап гана жарактуу; жарактуу сертификаты бар ачкыч менен кол коюңуз.`,
      );
    case 'EXPIRED':
      return say(
        'BAD_USER_INPUT',
        `Срок действия сертификата ключа подписи истёк ${day(problem.notAfter)}: подпись не квалифицированная. Получите новый сертификат в удостоверяющем центре, зарегистрируйте ключ и подпишите снова.`,
        `Кол тамга ачкычынын сертификатынын мөөнөтү ${day(problem.notAfter)} бүттү: кол тамга квалификацияланган эмес. Күбөлөндүрүүчү борбордон жаңы сертификат алып, ачкычты каттап, кайра кол коюңуз.`,
      );
    case 'REVOKED':
      return say(
        'BAD_USER_INPUT',
        `Сертификат ключа подписи отозван удостоверяющим центром ${day(problem.revokedAt)}: подписывать им нельзя. Получите новый сертификат и зарегистрируйте новый ключ.`,
        `Кол тамга ачкычынын сертификатын күбөлөндүрүүчү борбор ${day(problem.revokedAt)} кайтарып алган: аны менен кол коюуга болбойт. Жаңы сертификат алып, жаңы ачкычты каттаңыз.`,
      );
    case 'REVOCATION_UNKNOWN':
      return say(
        'CONFLICT',
        `Не удалось проверить, не отозван ли сертификат ключа (${problem.reason}), поэтому квалифицированная подпись не принята. Повторите попытку позже.`,
        `Ачкычтын сертификаты кайтарылып алынбаганын текшерүү мүмкүн болгон жок (${problem.reason}), ошондуктан квалификацияланган кол тамга кабыл алынган жок. Кийинчерээк кайра аракет кылыңыз.`,
      );
    case 'NOT_THE_SIGNER':
      return say(
        'FORBIDDEN',
        `Сертификат ключа выдан другому лицу (${problem.subject}): серийный номер в нём не совпадает с ПИН (ИНН) вашей учётной записи. Подписывайте ключом, сертификат которого выдан вам.`,
        `Ачкычтын сертификаты башка адамга берилген (${problem.subject}): андагы сериялык номер эсептик жазууңуздун ПИНи (ИСНи) менен дал келбейт. Өзүңүзгө берилген сертификаты бар ачкыч менен кол коюңуз.`,
      );
    case 'NOT_AN_OFFICER_OF':
      return say(
        'FORBIDDEN',
        `Сертификат ключа не подтверждает, что вы сотрудник поставщика услуг ${problem.providerCode} (организация в сертификате: ${problem.organization ?? 'не указана'}). Документ-результат подписывает сотрудник этого поставщика ключом с сертификатом, выданным ему как сотруднику.`,
        `Ачкычтын сертификаты сиздин ${problem.providerCode} кызмат көрсөтүүчүсүнүн кызматкери экениңизди ырастабайт (сертификаттагы уюм: ${problem.organization ?? 'көрсөтүлгөн эмес'}). Жыйынтык документине ушул кызмат көрсөтүүчүнүн кызматкери ага кызматкер катары берилген сертификаты бар ачкыч менен кол коёт.`,
      );
  }
}

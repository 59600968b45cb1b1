/**
 * Test fixtures of the applications subgraph: people, keys and services created the way production
 * creates them here, by the events of identity and catalog (publishTestEvent), plus a client's
 * signing of the canonical payload. Used by the subgraph tests only.
 */
import { randomUUID } from 'node:crypto';
import canonicalize from 'canonicalize';
import { CompactSign, exportJWK, generateKeyPair } from 'jose';
import * as x509 from '@peculiar/x509';
import { type Caller, type EventPayloads, type FormDefinitionData, type GraphQLResult, publishTestEvent, type TestSubgraph } from '@portal/kit';
import { type CertificationAuthorityStandin, type IssueCertificateOptions, startCertificationAuthorityStandin } from '@portal/standins';
import { type ApplicationsSubgraphSettings, DEVELOPMENT_SETTINGS } from '../subgraph';

const text = (ru: string, ky: string) => ({ ru, ky });

export type PrivateSigningKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

/** Two steps: identity data (prefilled) and the request itself. */
export const TEST_FORM: FormDefinitionData = {
  steps: [
    {
      id: 'applicant',
      title: text('Заявитель', 'Арыз берүүчү'),
      fields: [
        { name: 'fullName', label: text('ФИО', 'Аты-жөнү'), type: 'TEXT', required: true, minLength: 3, prefillFrom: 'user.fullName' },
        { name: 'pin', label: text('ПИН', 'ПИН'), type: 'PIN', required: true, prefillFrom: 'user.pin' },
        { name: 'birthDate', label: text('Дата рождения', 'Туулган күнү'), type: 'DATE', required: true, prefillFrom: 'user.birthDate' },
      ],
    },
    {
      id: 'request',
      title: text('Запрос', 'Суроо-талап'),
      fields: [
        {
          name: 'passportNumber',
          label: text('Номер паспорта', 'Паспорттун номери'),
          type: 'TEXT',
          required: true,
          pattern: '[A-Z]{2}\\d{7}',
          patternHint: text('две латинские буквы и 7 цифр, например AN1234567', 'эки латын тамгасы жана 7 сан, мисалы AN1234567'),
        },
        { name: 'copies', label: text('Количество копий', 'Нускалардын саны'), type: 'NUMBER', required: true, min: 1, max: 3 },
        {
          name: 'delivery',
          label: text('Способ получения', 'Алуу ыкмасы'),
          type: 'SELECT',
          required: true,
          options: [
            { value: 'PORTAL', label: text('На портале', 'Порталда') },
            { value: 'IN_PERSON', label: text('Лично', 'Жеке өзү') },
          ],
        },
      ],
    },
  ],
};

/** Data that passes TEST_FORM, beside the prefilled identity fields. */
export const VALID_REQUEST = { passportNumber: 'AN1234567', copies: 2, delivery: 'PORTAL' };

export const APPEAL_PROCEDURE = text('Жалоба подаётся руководителю ведомства в течение 30 дней.', 'Даттануу 30 күндүн ичинде мекеменин жетекчисине берилет.');

export interface TestPerson {
  id: string;
  pin: string;
  caller: Partial<Caller>;
  keyId: string;
  privateKey: PrivateSigningKey;
  publicKeyJwk: Record<string, unknown>;
}

export interface TestSigningKey {
  keyId: string;
  privateKey: PrivateSigningKey;
  publicKeyJwk: Record<string, unknown>;
  /** QUALIFIED keys: the certificate chain (leaf first) and the leaf's serial number. */
  chainPem: string[] | null;
  serialNumber: string | null;
}

export interface QualifiedKeyOptions extends Pick<IssueCertificateOptions, 'notBefore' | 'notAfter' | 'viaIntermediate'> {
  /** The subject's serialNumber (default: the person's PIN). */
  pin?: string;
  /** The subject's O (default: for officers, their provider's code). */
  organization?: string;
  name?: string;
}

/** Certificates of the test world are valid from 2020 to 2040, so tests may move the clock freely. */
const CERTIFICATE_VALIDITY = { notBefore: new Date('2020-01-01T00:00:00Z'), notAfter: new Date('2040-01-01T00:00:00Z') };

/** The provider code the test world gives a provider id (services publish it, officers' certificates name it). */
export const providerCodeOf = (providerId: string): string => `PRV-${providerId.slice(0, 8).toUpperCase()}`;

/**
 * A certification-authority stand-in and the subgraph settings that trust it (CRL fetched at every
 * check, so a revocation counts at once): pass both to createApplicationsSubgraph and the world.
 */
export async function startTestCertificationAuthority(): Promise<{ ca: CertificationAuthorityStandin; settings: ApplicationsSubgraphSettings }> {
  const ca = await startCertificationAuthorityStandin({ port: 0, authoritiesValidFrom: CERTIFICATE_VALIDITY.notBefore });
  return { ca, settings: { ...DEVELOPMENT_SETTINGS, TRUSTED_ROOT_CA_PEM: ca.rootPem, CA_CRL_URL: ca.crlUrl, CA_CRL_MAX_AGE_SECONDS: '0' } };
}

export interface TestService {
  id: string;
  version: number;
  providerId: string;
  title: { ru: string; ky: string };
}

export function canonical(value: unknown): string {
  const result = canonicalize(value);
  if (result === undefined) throw new Error('not JSON');
  return result;
}

export class ApplicationsWorld {
  private profileVersions = new Map<string, number>();

  /** With a certification authority, officers get QUALIFIED keys certified for their provider. */
  constructor(
    readonly subgraph: TestSubgraph,
    readonly ca: CertificationAuthorityStandin | null = null,
  ) {}

  request<T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}, caller?: Partial<Caller>): Promise<GraphQLResult<T>> {
    return this.subgraph.request<T>(query, variables, caller);
  }

  async profile(person: { id: string; pin: string; fullName: string; roles: EventPayloads['UserProfileChanged']['roles']; providerId: string | null; blocked?: boolean }): Promise<void> {
    const version = (this.profileVersions.get(person.id) ?? 0) + 1;
    this.profileVersions.set(person.id, version);
    await publishTestEvent(this.subgraph.databaseUrl, 'UserProfileChanged', { type: 'User', id: person.id, version }, {
      userId: person.id,
      kind: 'INDIVIDUAL',
      pin: person.pin,
      fullName: person.fullName,
      birthDate: '1990-03-12',
      address: 'Бишкек, ул. Киевская 1',
      email: null,
      phone: '+996555123456',
      preferredLanguage: 'KY',
      roles: person.roles,
      providerId: person.providerId,
      blocked: person.blocked ?? false,
    });
  }

  /** A key registered as identity announces it; a QUALIFIED one carries a certificate of the world's authority. */
  async signingKey(userId: string, level: 'SIMPLE' | 'QUALIFIED' = 'SIMPLE', holder: QualifiedKeyOptions & { pin?: string } = {}): Promise<TestSigningKey> {
    const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
    const publicKeyJwk = (await exportJWK(publicKey)) as Record<string, unknown>;
    const keyId = randomUUID();
    let chainPem: string[] | null = null;
    let leaf: x509.X509Certificate | null = null;
    if (level === 'QUALIFIED') {
      if (!this.ca) throw new Error('a QUALIFIED test key needs the world to have a certification authority (startTestCertificationAuthority)');
      chainPem = await this.ca.issue(holder.name ?? 'Test Person', publicKey as unknown as CryptoKey, {
        pin: holder.pin,
        organization: holder.organization,
        notBefore: holder.notBefore ?? CERTIFICATE_VALIDITY.notBefore,
        notAfter: holder.notAfter ?? CERTIFICATE_VALIDITY.notAfter,
        viaIntermediate: holder.viaIntermediate,
      });
      leaf = new x509.X509Certificate(chainPem[0]);
    }
    await publishTestEvent(this.subgraph.databaseUrl, 'SigningKeyRegistered', { type: 'SigningKey', id: keyId, version: 1 }, {
      keyId,
      userId,
      level,
      publicKeyJwk,
      certificateSubject: leaf?.subject ?? null,
      certificateIssuer: leaf?.issuer ?? null,
      certificateSerialNumber: leaf?.serialNumber ?? null,
      certificateNotAfter: leaf?.notAfter.toISOString() ?? null,
      certificateChainPem: chainPem,
    });
    return { keyId, privateKey, publicKeyJwk, chainPem, serialNumber: leaf?.serialNumber ?? null };
  }

  /** Another key for a test person (e.g. with a certificate of someone else, or expired). */
  async qualifiedKey(person: TestPerson, options: QualifiedKeyOptions = {}): Promise<TestSigningKey> {
    const organization = options.organization ?? (person.caller.providerId ? providerCodeOf(person.caller.providerId) : undefined);
    return this.signingKey(person.id, 'QUALIFIED', { ...options, pin: options.pin ?? person.pin, organization });
  }

  async revokeKey(person: TestPerson, keyId = person.keyId): Promise<void> {
    await publishTestEvent(this.subgraph.databaseUrl, 'SigningKeyRevoked', { type: 'SigningKey', id: keyId, version: 2 }, {
      keyId,
      userId: person.id,
      revokedAt: new Date('2026-01-15T00:00:00Z').toISOString(),
    });
  }

  async citizen(fullName = 'Асанова Айгүл', level: 'SIMPLE' | 'QUALIFIED' = 'SIMPLE'): Promise<TestPerson> {
    const id = randomUUID();
    const pin = '11203199000123';
    await this.profile({ id, pin, fullName, roles: ['CITIZEN'], providerId: null });
    const { keyId, privateKey, publicKeyJwk } = await this.signingKey(id, level, { pin, name: fullName });
    return { id, pin, caller: { userId: id, roles: ['CITIZEN'], providerId: null, acceptLanguage: null, preferredLanguage: 'KY' }, keyId, privateKey, publicKeyJwk };
  }

  /** An officer of the provider; with the world's authority their key is QUALIFIED, certified for that provider. */
  async officer(providerId: string, fullName = 'Officer'): Promise<TestPerson> {
    const id = randomUUID();
    const pin = '21203199000123';
    await this.profile({ id, pin, fullName, roles: ['PROVIDER_OFFICER'], providerId });
    const level = this.ca ? 'QUALIFIED' : 'SIMPLE';
    const { keyId, privateKey, publicKeyJwk } = await this.signingKey(id, level, { pin, name: fullName, organization: providerCodeOf(providerId) });
    return { id, pin, caller: { userId: id, roles: ['PROVIDER_OFFICER'], providerId, acceptLanguage: null, preferredLanguage: 'RU' }, keyId, privateKey, publicKeyJwk };
  }

  async service(
    options: { providerId: string; feeMinor?: number | null; signatureLevel?: 'SIMPLE' | 'QUALIFIED'; deadlineWorkingDays?: number; id?: string; version?: number; title?: string; form?: FormDefinitionData } & Pick<
      EventPayloads['ServiceVersionPublished'],
      'requiredDocuments' | 'resultForm' | 'reception' | 'resultAsRecordAllowed' | 'resultDelivery' | 'personalVisitRequired'
    >,
  ): Promise<TestService> {
    const id = options.id ?? randomUUID();
    const version = options.version ?? 1;
    const title = text(options.title ?? 'Справка о несудимости', `${options.title ?? 'Соттолбогондугу'} жөнүндө маалымкат`);
    await publishTestEvent(this.subgraph.databaseUrl, 'ServiceVersionPublished', { type: 'Service', id, version }, {
      serviceId: id,
      version,
      code: `svc-${id.slice(0, 8)}`,
      providerId: options.providerId,
      providerCode: providerCodeOf(options.providerId),
      providerName: text('Министерство внутренних дел', 'Ички иштер министрлиги'),
      title,
      feeMinor: options.feeMinor ?? null,
      budgetCode: options.feeMinor ? '14221100' : null,
      deadlineWorkingDays: options.deadlineWorkingDays ?? 3,
      signatureLevel: options.signatureLevel ?? 'SIMPLE',
      appealProcedure: APPEAL_PROCEDURE,
      form: options.form ?? TEST_FORM,
      requiredDocuments: options.requiredDocuments ?? [],
      resultForm: options.resultForm ?? null,
      reception: options.reception ?? null,
      resultAsRecordAllowed: options.resultAsRecordAllowed ?? false,
      resultDelivery: options.resultDelivery ?? 'PORTAL',
      personalVisitRequired: options.personalVisitRequired ?? false,
    });
    return { id, version, providerId: options.providerId, title };
  }

  /** The catalog moved the provider to its EDMS (or back to the portal with endpointUrl null), as ProviderChannelConfigured announces. */
  async providerChannel(providerId: string, endpointUrl: string | null, publicKeyJwk: Record<string, unknown> | null, version = 1): Promise<void> {
    await publishTestEvent(this.subgraph.databaseUrl, 'ProviderChannelConfigured', { type: 'Provider', id: providerId, version }, {
      providerId,
      providerCode: providerCodeOf(providerId),
      version,
      channel: endpointUrl ? 'EDMS' : 'PORTAL',
      endpointUrl,
      publicKeyJwk,
      changedBy: randomUUID(),
      at: new Date().toISOString(),
    });
  }

  drain(): Promise<void> {
    return this.subgraph.drain();
  }

  /** A compact ES256 JWS over `payload` with the person's key (or another private key). */
  sign(payload: string, privateKey: PrivateSigningKey): Promise<string> {
    return new CompactSign(new TextEncoder().encode(payload)).setProtectedHeader({ alg: 'ES256' }).sign(privateKey);
  }

  /** What a client signs to submit: the canonical JSON of the application as stored. */
  submissionPayload(application: { id: string; data: unknown }, serviceId: string): string {
    return canonical({ applicationId: application.id, serviceId, data: application.data });
  }
}

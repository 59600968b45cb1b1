/**
 * Every registry service the portal calls through Tunduk, in one place. A service id is the X-Road
 * service identifier `{instance}/{memberClass}/{memberCode}/{subsystemCode}/{serviceCode}`; the key
 * (PIN or tax number) goes into the request path.
 */

/** The registry holders (X-Road members) the portal talks to. */
export const REGISTRY_MEMBERS = {
  /** Population and civil status, real estate cadastre, vehicles: the State Registration Service. */
  GRS: { memberCode: '70000002', name: { ru: 'Государственная регистрационная служба', ky: 'Мамлекеттик каттоо кызматы' } },
  /** The state register of legal entities: the Ministry of Justice. */
  MINJUST: { memberCode: '70000003', name: { ru: 'Министерство юстиции', ky: 'Юстиция министрлиги' } },
  /** Taxpayers and tax arrears: the State Tax Service. */
  STS: { memberCode: '70000004', name: { ru: 'Государственная налоговая служба', ky: 'Мамлекеттик салык кызматы' } },
  /** Criminal records: the Ministry of Internal Affairs. */
  MVD: { memberCode: '70000005', name: { ru: 'Министерство внутренних дел', ky: 'Ички иштер министрлиги' } },
} as const;

export type RegistryMember = keyof typeof REGISTRY_MEMBERS;

const service = (member: RegistryMember, subsystem: string, code: string): string => `KG/GOV/${REGISTRY_MEMBERS[member].memberCode}/${subsystem}/${code}`;

/** The registry services; every one is `GET {service}/{key}` answering JSON (404 when the key is unknown). */
export const REGISTRY_SERVICES = {
  /** PIN -> PopulationPerson */
  populationPerson: service('GRS', 'population', 'person'),
  /** PIN -> AddressRegistration */
  addressRegistration: service('GRS', 'population', 'address-registration'),
  /** PIN -> PassportData (the current identity document) */
  passportData: service('GRS', 'population', 'passport-data'),
  /** PIN -> BirthRecord */
  birthRecord: service('GRS', 'civil-status', 'birth-record'),
  /** PIN -> MarriageRecord (the current marriage; 404 when none) */
  marriageRecord: service('GRS', 'civil-status', 'marriage-record'),
  /** owner PIN -> RealEstateTitles */
  realEstateByOwner: service('GRS', 'cadastre', 'real-estate-by-owner'),
  /** owner PIN -> Vehicles */
  vehiclesByOwner: service('GRS', 'transport', 'vehicles-by-owner'),
  /** tax number -> LegalEntity */
  legalEntity: service('MINJUST', 'legal-entities', 'legal-entity'),
  /** PIN or tax number -> TaxpayerRecord */
  taxpayer: service('STS', 'tax', 'taxpayer'),
  /** PIN or tax number -> TaxArrears */
  taxArrears: service('STS', 'tax', 'tax-arrears'),
  /** PIN -> CriminalRecordCheck */
  criminalRecordCheck: service('MVD', 'criminal-records', 'criminal-record-check'),
} as const;

export type RegistryServiceName = keyof typeof REGISTRY_SERVICES;

export interface RegistryDocumentService {
  service: string;
  /** The registry's display name (Russian), shown with a fetched document. */
  registry: string;
  registryKy: string;
  keyedBy: 'pin' | 'taxNumber';
}

const documentService = (name: RegistryServiceName, member: RegistryMember, keyedBy: 'pin' | 'taxNumber'): RegistryDocumentService => ({
  service: REGISTRY_SERVICES[name],
  registry: REGISTRY_MEMBERS[member].name.ru,
  registryKy: REGISTRY_MEMBERS[member].name.ky,
  keyedBy,
});

/**
 * The registry documents a service standard may mark `obtainedByPortal` (the catalogue's
 * REGISTRY_DOCUMENTS codes, plus the criminal-record check and tax arrears), by document code.
 * `payment-confirmation` is the portal's own and is not fetched through Tunduk.
 */
export const REGISTRY_DOCUMENT_SERVICES = {
  'passport-data': documentService('passportData', 'GRS', 'pin'),
  'address-registration': documentService('addressRegistration', 'GRS', 'pin'),
  'birth-record': documentService('birthRecord', 'GRS', 'pin'),
  'marriage-record': documentService('marriageRecord', 'GRS', 'pin'),
  'legal-entity-record': documentService('legalEntity', 'MINJUST', 'taxNumber'),
  'real-estate-title': documentService('realEstateByOwner', 'GRS', 'pin'),
  'taxpayer-record': documentService('taxpayer', 'STS', 'pin'),
  'criminal-record-check': documentService('criminalRecordCheck', 'MVD', 'pin'),
  'tax-arrears': documentService('taxArrears', 'STS', 'pin'),
} as const satisfies Record<string, RegistryDocumentService>;

export type RegistryDocumentCode = keyof typeof REGISTRY_DOCUMENT_SERVICES;

export function isTundukRegistryDocument(code: string): code is RegistryDocumentCode {
  return Object.prototype.hasOwnProperty.call(REGISTRY_DOCUMENT_SERVICES, code);
}

// ---- What the registries answer (JSON bodies) ----

export type Sex = 'MALE' | 'FEMALE';

export interface IdentityDocument {
  /** e.g. "ID1234567" (ID card) or "AC1234567" (passport) */
  number: string;
  /** YYYY-MM-DD */
  issuedAt: string;
  /** YYYY-MM-DD */
  validUntil: string;
  issuedBy: string;
}

export interface PopulationPerson {
  pin: string;
  surname: string;
  name: string;
  /** Empty string when the person has none. */
  patronymic: string;
  /** YYYY-MM-DD */
  birthDate: string;
  sex: Sex;
  /** The registered address (propiska). */
  address: string;
  identityDocument: IdentityDocument;
  deceased: boolean;
}

export interface AddressRegistration {
  pin: string;
  address: string;
  /** YYYY-MM-DD */
  registeredAt: string;
}

export interface PassportData extends IdentityDocument {
  pin: string;
  surname: string;
  name: string;
  patronymic: string;
  birthDate: string;
}

export interface BirthRecord {
  pin: string;
  recordNumber: string;
  /** YYYY-MM-DD */
  registeredAt: string;
  registryOffice: string;
  birthDate: string;
  birthPlace: string;
  fullName: string;
  fatherFullName: string | null;
  motherFullName: string | null;
}

export interface MarriageRecord {
  pin: string;
  recordNumber: string;
  registeredAt: string;
  registryOffice: string;
  spousePin: string;
  spouseFullName: string;
  spouseBirthDate: string;
}

export interface RealEstateTitle {
  cadastralNumber: string;
  address: string;
  kind: 'APARTMENT' | 'HOUSE' | 'LAND' | 'NON_RESIDENTIAL';
  areaSquareMetres: number;
  share: string;
  registeredAt: string;
}

export interface RealEstateTitles {
  ownerPin: string;
  titles: RealEstateTitle[];
}

export interface Vehicle {
  plate: string;
  vin: string;
  make: string;
  model: string;
  year: number;
  registeredAt: string;
}

export interface Vehicles {
  ownerPin: string;
  vehicles: Vehicle[];
}

export type LegalEntityStatus = 'ACTIVE' | 'LIQUIDATED' | 'IN_LIQUIDATION' | 'REORGANIZED';

export interface LegalEntity {
  taxNumber: string;
  name: string;
  /** e.g. "ОсОО" (LLC), "ОАО", "ИП" */
  legalForm: string;
  address: string;
  status: LegalEntityStatus;
  directorPin: string;
  registeredAt: string;
}

export interface TaxpayerRecord {
  taxNumber: string;
  name: string;
  taxOffice: string;
  registeredAt: string;
}

export interface TaxArrears {
  taxNumber: string;
  /** Soms; 0 when none. */
  totalArrears: number;
  items: Array<{ tax: string; amount: number; since: string }>;
  asOf: string;
}

export interface CriminalRecordCheck {
  pin: string;
  fullName: string;
  hasRecord: boolean;
  /** Empty when none. */
  records: Array<{ article: string; sentencedAt: string; expungedAt: string | null }>;
  checkedAt: string;
}

/** The full name as the population register writes it: surname, name, patronymic. */
export function registerFullName(person: Pick<PopulationPerson, 'surname' | 'name' | 'patronymic'>): string {
  return [person.surname, person.name, person.patronymic].filter((part) => part.trim() !== '').join(' ');
}

/** The registry holder (X-Road member) that provides a service id, or null for one the portal does not call. */
export function registryMemberOfService(serviceId: string): (typeof REGISTRY_MEMBERS)[RegistryMember] | null {
  const memberCode = serviceId.split('/')[2];
  return Object.values(REGISTRY_MEMBERS).find((member) => member.memberCode === memberCode) ?? null;
}

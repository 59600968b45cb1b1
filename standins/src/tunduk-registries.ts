/**
 * The base registries behind the Tunduk stand-in: population and civil status, legal entities, real
 * estate, vehicles, tax and criminal records, held in memory. Seeded from given people (the demo
 * accounts) and a deterministic generator of Kyrgyz and Russian names, so every run holds the same
 * data.
 */

export type Sex = 'MALE' | 'FEMALE';

export interface RegisterPerson {
  pin: string;
  surname: string;
  name: string;
  patronymic: string;
  birthDate: string;
  sex: Sex;
  address: string;
  identityDocument: { number: string; issuedAt: string; validUntil: string; issuedBy: string };
  deceased: boolean;
}

/** What a caller gives to add a person; the rest is derived from the PIN. */
export interface RegisterPersonInput {
  pin: string;
  surname: string;
  name: string;
  patronymic?: string;
  birthDate: string;
  address?: string;
  sex?: Sex;
  deceased?: boolean;
  identityDocument?: Partial<RegisterPerson['identityDocument']>;
  /** Registry documents beyond the defaults (all optional). */
  criminalRecords?: CriminalRecordEntry[];
  taxArrears?: Array<{ tax: string; amount: number; since: string }>;
}

export interface CriminalRecordEntry {
  article: string;
  sentencedAt: string;
  expungedAt: string | null;
}

export interface RegisterLegalEntity {
  taxNumber: string;
  name: string;
  legalForm: string;
  address: string;
  status: 'ACTIVE' | 'LIQUIDATED' | 'IN_LIQUIDATION' | 'REORGANIZED';
  directorPin: string;
  registeredAt: string;
}

export interface RegisterLegalEntityInput {
  taxNumber: string;
  name: string;
  directorPin: string;
  address?: string;
  legalForm?: string;
  status?: RegisterLegalEntity['status'];
  registeredAt?: string;
}

interface Marriage {
  recordNumber: string;
  registeredAt: string;
  registryOffice: string;
}

const MALE_NAMES = ['Азамат', 'Бакыт', 'Нурлан', 'Эрмек', 'Талант', 'Канат', 'Марат', 'Улан', 'Алмаз', 'Бектур', 'Чынгыз', 'Данияр', 'Тимур', 'Руслан', 'Айбек', 'Эркин', 'Искендер', 'Адилет', 'Максат', 'Сергей', 'Алексей', 'Дмитрий', 'Андрей', 'Игорь'];
const FEMALE_NAMES = ['Айгуль', 'Гульнара', 'Жылдыз', 'Назира', 'Айпери', 'Бермет', 'Чолпон', 'Динара', 'Асель', 'Мээрим', 'Айжан', 'Нургуль', 'Зарина', 'Салтанат', 'Эльвира', 'Каныкей', 'Айсулуу', 'Елена', 'Ольга', 'Наталья', 'Татьяна', 'Ирина'];
/** Masculine forms; the feminine adds "а" (Асанов -> Асанова). */
const SURNAMES = ['Асанов', 'Токтогулов', 'Сыдыков', 'Мамытов', 'Абдрахманов', 'Бейшеналиев', 'Осмонов', 'Кадыров', 'Жумабеков', 'Турдубаев', 'Исаков', 'Мамбетов', 'Алымкулов', 'Эсенов', 'Садыков', 'Байтиков', 'Шаршенов', 'Иманалиев', 'Кочкоров', 'Болотбеков', 'Иванов', 'Петров', 'Смирнов', 'Кузнецов'];
const FATHER_NAMES = ['Асан', 'Токтогул', 'Сыдык', 'Мамыт', 'Бейшеналы', 'Осмон', 'Кадыр', 'Жумабек', 'Турдубай', 'Иса', 'Мамбет', 'Алымкул', 'Эсен', 'Болотбек'];
const RUSSIAN_FATHER_NAMES = ['Иван', 'Петр', 'Сергей', 'Николай', 'Александр', 'Михаил'];
const STREETS = ['пр. Чуй', 'ул. Киевская', 'ул. Токтогула', 'пр. Манаса', 'ул. Московская', 'ул. Ибраимова', 'пр. Жибек Жолу', 'ул. Боконбаева', 'ул. Абдрахманова', 'мкр. Джал'];
const CITIES = ['г. Бишкек', 'г. Бишкек', 'г. Бишкек', 'г. Ош', 'г. Каракол', 'г. Джалал-Абад', 'г. Токмок', 'г. Нарын', 'г. Талас'];
const COMPANY_WORDS = ['Ала-Тоо', 'Ысык-Көл', 'Тянь-Шань', 'Ак-Суу', 'Манас', 'Нур', 'Эл-Тамга', 'Жети-Өгүз', 'Кыргыз Азык', 'Бишкек Курулуш', 'Таза Суу', 'Алтын-Ордо', 'Керемет', 'Санарип'];
const COMPANY_KINDS = ['Строй', 'Трейд', 'Агро', 'Логистик', 'Софт', 'Фарм', 'Текстиль', 'Энерго'];
const CRIMINAL_ARTICLES = ['ст. 208 УК КР (хулиганство)', 'ст. 201 УК КР (кража)', 'ст. 282 УК КР (нарушение правил дорожного движения)'];

/** Mulberry32: a small seeded generator, so the generated registers are the same every run. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A number from the PIN's digits, for documents derived deterministically from it. */
function pinSeed(pin: string): number {
  let hash = 2166136261;
  for (const char of pin) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619) >>> 0;
  return hash;
}

const pick = <T>(random: () => number, list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
const pad = (value: number, width: number) => String(value).padStart(width, '0');

function addYears(date: string, years: number): string {
  const [year, month, day] = date.split('-');
  return `${Number(year) + years}-${month}-${day}`;
}

/** The birth date the PIN encodes (digits 2-9: DDMMYYYY), or null. */
export function birthDateOfPin(pin: string): string | null {
  if (!/^\d{14}$/.test(pin)) return null;
  return `${pin.slice(5, 9)}-${pin.slice(3, 5)}-${pin.slice(1, 3)}`;
}

export function sexOfPin(pin: string): Sex {
  return pin.startsWith('2') ? 'MALE' : 'FEMALE';
}

function completePerson(input: RegisterPersonInput): RegisterPerson {
  const random = seededRandom(pinSeed(input.pin));
  const issuedAt = addYears(input.birthDate, 16 + Math.floor(random() * 10));
  const document = {
    number: `ID${pad(Math.floor(random() * 10_000_000), 7)}`,
    issuedAt,
    validUntil: addYears(issuedAt, 10),
    issuedBy: `ГРС ${pad(1000 + Math.floor(random() * 9000), 4)}`,
    ...input.identityDocument,
  };
  return {
    pin: input.pin,
    surname: input.surname.trim(),
    name: input.name.trim(),
    patronymic: (input.patronymic ?? '').trim(),
    birthDate: input.birthDate,
    sex: input.sex ?? sexOfPin(input.pin),
    address: input.address?.trim() || 'г. Бишкек',
    identityDocument: document,
    deceased: input.deceased ?? false,
  };
}

function generatedPin(sex: Sex, birthDate: string, serial: number): string {
  const [year, month, day] = birthDate.split('-');
  return `${sex === 'MALE' ? 2 : 1}${day}${month}${year}${pad(serial, 5)}`;
}

/** `count` people with Kyrgyz and Russian names, PINs consistent with sex and birth date. */
export function generatePeople(count: number, seed = 20261201): RegisterPersonInput[] {
  const random = seededRandom(seed);
  const people: RegisterPersonInput[] = [];
  for (let i = 0; i < count; i += 1) {
    const sex: Sex = random() < 0.5 ? 'MALE' : 'FEMALE';
    const year = 1950 + Math.floor(random() * 55);
    const birthDate = `${year}-${pad(1 + Math.floor(random() * 12), 2)}-${pad(1 + Math.floor(random() * 28), 2)}`;
    const russian = random() < 0.15;
    const surnameBase = russian ? pick(random, SURNAMES.slice(-4)) : pick(random, SURNAMES.slice(0, -4));
    const father = russian ? pick(random, RUSSIAN_FATHER_NAMES) : pick(random, FATHER_NAMES);
    const patronymic = russian
      ? `${father}${sex === 'MALE' ? 'ович' : 'овна'}`.replace('йович', 'евич').replace('йовна', 'евна')
      : `${father} ${sex === 'MALE' ? 'уулу' : 'кызы'}`;
    const names = sex === 'MALE' ? MALE_NAMES : FEMALE_NAMES;
    people.push({
      pin: generatedPin(sex, birthDate, 90000 + i),
      surname: sex === 'MALE' ? surnameBase : `${surnameBase}а`,
      name: russian ? pick(random, names.slice(-5)) : pick(random, names.slice(0, -5)),
      patronymic,
      birthDate,
      sex,
      address: `${pick(random, CITIES)}, ${pick(random, STREETS)}, ${1 + Math.floor(random() * 200)}${random() < 0.6 ? `, кв. ${1 + Math.floor(random() * 120)}` : ''}`,
      deceased: random() < 0.02,
      criminalRecords: random() < 0.05 ? [{ article: pick(random, CRIMINAL_ARTICLES), sentencedAt: addYears(birthDate, 20), expungedAt: null }] : undefined,
      taxArrears: random() < 0.1 ? [{ tax: 'Налог на имущество', amount: 100 + Math.floor(random() * 5000), since: '2025-10-01' }] : undefined,
    });
  }
  return people;
}

/** `count` companies whose directors are among `directors`. */
export function generateLegalEntities(count: number, directors: RegisterPersonInput[], seed = 20261202): RegisterLegalEntityInput[] {
  const random = seededRandom(seed);
  const living = directors.filter((person) => !person.deceased);
  const entities: RegisterLegalEntityInput[] = [];
  for (let i = 0; i < count; i += 1) {
    const form = random() < 0.8 ? 'ОсОО' : 'ОАО';
    entities.push({
      taxNumber: `0${pad(1 + Math.floor(random() * 28), 2)}${pad(1 + Math.floor(random() * 12), 2)}${2000 + Math.floor(random() * 25)}${pad(10000 + i, 5)}`,
      name: `${form} «${pick(random, COMPANY_WORDS)} ${pick(random, COMPANY_KINDS)}»`,
      legalForm: form,
      directorPin: pick(random, living).pin,
      address: `г. Бишкек, ${pick(random, STREETS)}, ${1 + Math.floor(random() * 200)}`,
      status: random() < 0.1 ? 'LIQUIDATED' : 'ACTIVE',
      registeredAt: `${2000 + Math.floor(random() * 25)}-${pad(1 + Math.floor(random() * 12), 2)}-${pad(1 + Math.floor(random() * 28), 2)}`,
    });
  }
  return entities;
}

/** The registers themselves and the documents they answer with. */
export class BaseRegistries {
  private readonly people = new Map<string, RegisterPerson>();
  private readonly extras = new Map<string, Pick<RegisterPersonInput, 'criminalRecords' | 'taxArrears'>>();
  private readonly entities = new Map<string, RegisterLegalEntity>();
  private readonly marriages = new Map<string, { spousePin: string } & Marriage>();

  addPerson(input: RegisterPersonInput): RegisterPerson {
    const person = completePerson(input);
    this.people.set(person.pin, person);
    this.extras.set(person.pin, { criminalRecords: input.criminalRecords, taxArrears: input.taxArrears });
    return person;
  }

  addLegalEntity(input: RegisterLegalEntityInput): RegisterLegalEntity {
    const entity: RegisterLegalEntity = {
      taxNumber: input.taxNumber,
      name: input.name.trim(),
      legalForm: input.legalForm ?? (input.name.trim().split(' ')[0] || 'ОсОО'),
      address: input.address?.trim() || 'г. Бишкек',
      status: input.status ?? 'ACTIVE',
      directorPin: input.directorPin,
      registeredAt: input.registeredAt ?? '2020-01-15',
    };
    this.entities.set(entity.taxNumber, entity);
    return entity;
  }

  /** Registers a marriage of two people in the register (both see it). */
  marry(pinA: string, pinB: string, registeredAt: string): void {
    const seed = seededRandom(pinSeed(pinA + pinB));
    const marriage: Marriage = { recordNumber: `БР-${registeredAt.slice(0, 4)}-${pad(Math.floor(seed() * 100000), 5)}`, registeredAt, registryOffice: 'Отдел ЗАГС г. Бишкек' };
    this.marriages.set(pinA, { spousePin: pinB, ...marriage });
    this.marriages.set(pinB, { spousePin: pinA, ...marriage });
  }

  person(pin: string): RegisterPerson | undefined {
    return this.people.get(pin);
  }

  hasPerson(pin: string): boolean {
    return this.people.has(pin);
  }

  legalEntity(taxNumber: string): RegisterLegalEntity | undefined {
    return this.entities.get(taxNumber);
  }

  counts(): { people: number; legalEntities: number } {
    return { people: this.people.size, legalEntities: this.entities.size };
  }

  /** The answer of a registry service for a key, or undefined when the key is unknown. */
  answer(service: RegistryServiceKey, key: string): unknown {
    switch (service) {
      case 'population/person':
        return this.people.get(key);
      case 'population/address-registration': {
        const person = this.people.get(key);
        return person && { pin: person.pin, address: person.address, registeredAt: person.identityDocument.issuedAt };
      }
      case 'population/passport-data': {
        const person = this.people.get(key);
        return person && { pin: person.pin, surname: person.surname, name: person.name, patronymic: person.patronymic, birthDate: person.birthDate, ...person.identityDocument };
      }
      case 'civil-status/birth-record':
        return this.birthRecord(key);
      case 'civil-status/marriage-record': {
        const person = this.people.get(key);
        const marriage = this.marriages.get(key);
        const spouse = marriage && this.people.get(marriage.spousePin);
        if (!person || !marriage || !spouse) return undefined;
        return { pin: key, recordNumber: marriage.recordNumber, registeredAt: marriage.registeredAt, registryOffice: marriage.registryOffice, spousePin: spouse.pin, spouseFullName: registerPersonFullName(spouse), spouseBirthDate: spouse.birthDate };
      }
      case 'cadastre/real-estate-by-owner':
        return this.realEstate(key);
      case 'transport/vehicles-by-owner':
        return this.vehicles(key);
      case 'legal-entities/legal-entity':
        return this.entities.get(key);
      case 'tax/taxpayer':
        return this.taxpayer(key);
      case 'tax/tax-arrears': {
        if (!this.people.has(key) && !this.entities.has(key)) return undefined;
        const items = this.extras.get(key)?.taxArrears ?? [];
        return { taxNumber: key, totalArrears: items.reduce((sum, item) => sum + item.amount, 0), items, asOf: today() };
      }
      case 'criminal-records/criminal-record-check': {
        const person = this.people.get(key);
        if (!person) return undefined;
        const records = this.extras.get(key)?.criminalRecords ?? [];
        return { pin: key, fullName: registerPersonFullName(person), hasRecord: records.some((record) => record.expungedAt === null), records, checkedAt: today() };
      }
    }
  }

  private birthRecord(pin: string): unknown {
    const person = this.people.get(pin);
    if (!person) return undefined;
    const random = seededRandom(pinSeed(`birth:${pin}`));
    const fatherName = pick(random, person.patronymic.includes('ович') || person.patronymic.includes('овна') ? RUSSIAN_FATHER_NAMES : FATHER_NAMES);
    const fatherSurname = person.sex === 'FEMALE' && person.surname.endsWith('а') ? person.surname.slice(0, -1) : person.surname;
    return {
      pin,
      recordNumber: `АЗ-${person.birthDate.slice(0, 4)}-${pad(Math.floor(random() * 100000), 5)}`,
      registeredAt: person.birthDate,
      registryOffice: `Отдел ЗАГС ${person.address.split(',')[0]}`,
      birthDate: person.birthDate,
      birthPlace: person.address.split(',')[0],
      fullName: registerPersonFullName(person),
      fatherFullName: `${fatherSurname} ${fatherName}`,
      motherFullName: `${fatherSurname}а ${pick(random, FEMALE_NAMES)}`,
    };
  }

  private realEstate(pin: string): unknown {
    const person = this.people.get(pin);
    if (!person) return undefined;
    const random = seededRandom(pinSeed(`estate:${pin}`));
    const count = Math.floor(random() * 3);
    const titles = Array.from({ length: count }, (_, i) => ({
      cadastralNumber: `1-02-${pad(Math.floor(random() * 100), 2)}-${pad(Math.floor(random() * 10000), 4)}-${pad(i + 1, 4)}`,
      address: i === 0 ? person.address : `${pick(random, CITIES)}, ${pick(random, STREETS)}, ${1 + Math.floor(random() * 200)}`,
      kind: pick(random, ['APARTMENT', 'HOUSE', 'LAND'] as const),
      areaSquareMetres: 30 + Math.floor(random() * 300),
      share: random() < 0.7 ? '1/1' : '1/2',
      registeredAt: addYears(person.birthDate, 25 + i),
    }));
    return { ownerPin: pin, titles };
  }

  private vehicles(pin: string): unknown {
    if (!this.people.has(pin)) return undefined;
    const random = seededRandom(pinSeed(`vehicle:${pin}`));
    const count = Math.floor(random() * 2.4);
    const makes = [['Toyota', 'Camry'], ['Honda', 'Fit'], ['Lexus', 'RX 350'], ['Mercedes-Benz', 'E 200'], ['Hyundai', 'Sonata']] as const;
    const vehicles = Array.from({ length: count }, () => {
      const [make, model] = pick(random, makes);
      const year = 2005 + Math.floor(random() * 20);
      return { plate: `01KG${pad(Math.floor(random() * 1000), 3)}${'ABEKMH'[Math.floor(random() * 6)]}${'ABEKMH'[Math.floor(random() * 6)]}${'ABEKMH'[Math.floor(random() * 6)]}`, vin: `JT${pad(Math.floor(random() * 1e9), 9)}${pad(year, 4)}ZZ`, make, model, year, registeredAt: `${year}-06-01` };
    });
    return { ownerPin: pin, vehicles };
  }

  private taxpayer(key: string): unknown {
    const person = this.people.get(key);
    if (person) return { taxNumber: key, name: registerPersonFullName(person), taxOffice: 'УГНС по Первомайскому району г. Бишкек', registeredAt: person.identityDocument.issuedAt };
    const entity = this.entities.get(key);
    if (entity) return { taxNumber: key, name: entity.name, taxOffice: 'УГНС по крупным налогоплательщикам', registeredAt: entity.registeredAt };
    return undefined;
  }
}

export function registerPersonFullName(person: Pick<RegisterPerson, 'surname' | 'name' | 'patronymic'>): string {
  return [person.surname, person.name, person.patronymic].filter((part) => part !== '').join(' ');
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** `{subsystemCode}/{serviceCode}` of every service the stand-in serves, with the member that provides it. */
export const STANDIN_SERVICES = {
  'population/person': '70000002',
  'population/address-registration': '70000002',
  'population/passport-data': '70000002',
  'civil-status/birth-record': '70000002',
  'civil-status/marriage-record': '70000002',
  'cadastre/real-estate-by-owner': '70000002',
  'transport/vehicles-by-owner': '70000002',
  'legal-entities/legal-entity': '70000003',
  'tax/taxpayer': '70000004',
  'tax/tax-arrears': '70000004',
  'criminal-records/criminal-record-check': '70000005',
} as const;

export type RegistryServiceKey = keyof typeof STANDIN_SERVICES;

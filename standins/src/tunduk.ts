/**
 * Stand-in of Tunduk, the interagency exchange system (an X-Road system), for local development and
 * tests: the portal's security server and the base registries behind it, speaking the X-Road REST
 * message protocol (`/r1/{instance}/{memberClass}/{memberCode}/{subsystemCode}/{serviceCode}/{key}`
 * with the X-Road-Client, X-Road-Id, X-Road-UserId and X-Road-Issue headers). Every answer, 404 and
 * errors included, carries `X-Road-Signature`: a detached ES256 JWS over the body whose protected
 * header names the request's X-Road-Id and the status code; the key is published at `GET /jwks`.
 */
import { createPublicKey } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CompactSign, type CryptoKey, type JWK, generateKeyPair } from 'jose';
import { ANY_METHOD, modeSchema, readJson, route, sendJson, serveStandin } from './http';
import { loadOrCreateSigningKey } from './signing-key';
import {
  BaseRegistries,
  type RegisterLegalEntity,
  type RegisterLegalEntityInput,
  type RegisterPerson,
  type RegisterPersonInput,
  type RegistryServiceKey,
  STANDIN_SERVICES,
  birthDateOfPin,
  generateLegalEntities,
  generatePeople,
} from './tunduk-registries';

export * from './tunduk-registries';

export type TundukMode = 'normal' | 'slow' | 'unavailable' | 'unsigned' | 'forged';
const MODES: readonly TundukMode[] = ['normal', 'slow', 'unavailable', 'unsigned', 'forged'];
const INSTANCE = 'KG';
const MEMBER_CLASS = 'GOV';

export interface TundukStandinOptions {
  /** 0 picks a free port (default 4103 is the launcher's). */
  port: number;
  host?: string;
  /** Keeps the signing key in this file (created on first start). */
  keyFile?: string;
  /** People to put in the population register first (the demo accounts). */
  people?: RegisterPersonInput[];
  legalEntities?: RegisterLegalEntityInput[];
  /** Marriages between people given above: [pinA, pinB, registeredAt]. */
  marriages?: Array<[string, string, string]>;
  /** How many people and companies to generate (defaults 300 and 60). */
  generatedPeople?: number;
  generatedLegalEntities?: number;
}

/** One request the security server received (tests look at the headers the portal sent). */
export interface TundukExchange {
  at: string;
  method: string;
  service: string;
  key: string;
  client: string | null;
  messageId: string | null;
  userId: string | null;
  issue: string | null;
  status: number;
}

export interface TundukStandin {
  url: string;
  jwksUrl: string;
  /** The answer-signing public key as SPKI PEM (TUNDUK_SERVER_PUBLIC_KEY_PEM). */
  publicKeyPem: string;
  registries: BaseRegistries;
  /** Puts a person in the population register (replacing one with the same PIN). */
  addPerson(person: RegisterPersonInput): RegisterPerson;
  /** Puts a person in the register unless the PIN is already there (the register stays the truth). */
  ensurePerson(person: RegisterPersonInput): RegisterPerson;
  addLegalEntity(entity: RegisterLegalEntityInput): RegisterLegalEntity;
  /** What it received, oldest first (bounded). */
  exchanges: TundukExchange[];
  mode(): TundukMode;
  setMode(mode: TundukMode, delayMs?: number): void;
  close(): Promise<void>;
}

interface SigningMaterial {
  privateKey: CryptoKey;
  publicJwk: JWK;
  publicKeyPem: string;
  kid: string;
}

async function loadOrCreateKey(keyFile: string | undefined): Promise<SigningMaterial> {
  const key = await loadOrCreateSigningKey(keyFile);
  const { kid: _kid, alg: _alg, use: _use, ...publicPart } = key.publicJwk;
  const publicKeyPem = createPublicKey({ key: publicPart as import('node:crypto').JsonWebKey, format: 'jwk' }).export({ type: 'spki', format: 'pem' }).toString();
  return { privateKey: key.privateKey, publicJwk: key.publicJwk, publicKeyPem, kid: key.kid };
}

const MAX_EXCHANGES = 1000;
const PIN = /^\d{14}$/;

/**
 * Starts the stand-in. Besides the protocol: `GET /jwks`; for tests and demos `POST /test/population`
 * (`{pin, surname, name, patronymic, birthDate, address, sex?, deceased?}`), `POST /test/legal-entities`
 * (`{taxNumber, name, directorPin, address, legalForm?, status?}`), `POST /test/mode`
 * (`{mode: normal|slow|unavailable|unsigned|forged, delayMs?}`) and `GET /test/exchanges`.
 */
export async function startTundukStandin(options: TundukStandinOptions): Promise<TundukStandin> {
  const host = options.host ?? '127.0.0.1';
  const key = await loadOrCreateKey(options.keyFile);
  // a key no one trusts, for the "forged" mode
  const forger = await generateKeyPair('ES256');
  const registries = new BaseRegistries();
  const generated = generatePeople(options.generatedPeople ?? 300);
  for (const person of generated) registries.addPerson(person);
  for (const person of options.people ?? []) registries.addPerson(person);
  for (let i = 0; i + 1 < generated.length; i += 10) {
    const [a, b] = [generated[i]!, generated.slice(i + 1, i + 10).find((other) => other.sex !== generated[i]!.sex)];
    if (b) registries.marry(a.pin, b.pin, `${Math.max(Number(a.birthDate.slice(0, 4)), Number(b.birthDate.slice(0, 4))) + 24}-08-15`);
  }
  for (const [a, b, at] of options.marriages ?? []) registries.marry(a, b, at);
  for (const entity of generateLegalEntities(options.generatedLegalEntities ?? 60, generated)) registries.addLegalEntity(entity);
  for (const entity of options.legalEntities ?? []) registries.addLegalEntity(entity);

  let mode: TundukMode = 'normal';
  let delayMs = 10_000;
  const exchanges: TundukExchange[] = [];

  async function answer(res: ServerResponse, status: number, body: unknown, messageId: string | null): Promise<void> {
    const bytes = Buffer.from(JSON.stringify(body), 'utf8');
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };
    if (messageId) headers['x-road-id'] = messageId;
    if (mode !== 'unsigned') {
      const signer = mode === 'forged' ? forger.privateKey : key.privateKey;
      const jws = await new CompactSign(bytes).setProtectedHeader({ alg: 'ES256', kid: key.kid, 'x-road-id': messageId ?? '', 'x-road-status': status }).sign(signer);
      const [protectedHeader, , signature] = jws.split('.');
      headers['x-road-signature'] = `${protectedHeader}..${signature}`;
    }
    res.writeHead(status, headers);
    res.end(bytes);
  }

  async function handleProtocol(req: IncomingMessage, res: ServerResponse, segments: string[]): Promise<void> {
    const header = (name: string) => {
      const value = req.headers[name];
      return typeof value === 'string' && value !== '' ? value : null;
    };
    const messageId = header('x-road-id');
    const [instance, memberClass, memberCode, subsystem, serviceCode, ...rest] = segments;
    const service = `${subsystem}/${serviceCode}` as RegistryServiceKey;
    const keyValue = rest.map((part) => decodeURIComponent(part)).join('/');
    const record = (status: number) => {
      exchanges.push({ at: new Date().toISOString(), method: req.method ?? '', service: segments.slice(0, 5).join('/'), key: keyValue, client: header('x-road-client'), messageId, userId: header('x-road-userid'), issue: header('x-road-issue'), status });
      if (exchanges.length > MAX_EXCHANGES) exchanges.shift();
    };
    if (mode === 'unavailable') {
      record(503);
      return sendJson(res, 503, { type: 'Server.ServerProxy.ServiceUnavailable', message: 'the security server cannot reach the service provider (stand-in in "unavailable" mode)' });
    }
    if (mode === 'slow') await new Promise((resolve) => setTimeout(resolve, delayMs));
    const missing = ['x-road-client', 'x-road-id', 'x-road-userid', 'x-road-issue'].filter((name) => header(name) === null);
    if (missing.length > 0) {
      record(400);
      return answer(res, 400, { type: 'Client.BadRequest', message: `missing header(s): ${missing.join(', ')}` }, messageId);
    }
    if (!/^[A-Za-z0-9-]+\/[A-Za-z0-9-]+\/[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/.test(header('x-road-client')!)) {
      record(400);
      return answer(res, 400, { type: 'Client.BadRequest', message: 'X-Road-Client must be a subsystem id instance/memberClass/memberCode/subsystemCode' }, messageId);
    }
    if (instance !== INSTANCE || memberClass !== MEMBER_CLASS || STANDIN_SERVICES[service] !== memberCode) {
      record(400);
      return answer(res, 400, { type: 'Client.UnknownService', message: `no such service: ${segments.slice(0, 5).join('/')}` }, messageId);
    }
    if (req.method !== 'GET') {
      record(405);
      return answer(res, 405, { type: 'Client.MethodNotAllowed', message: 'registry services answer GET' }, messageId);
    }
    if (keyValue === '') {
      record(400);
      return answer(res, 400, { type: 'Client.BadRequest', message: 'give the key after the service: /{PIN} or /{tax number}' }, messageId);
    }
    const data = registries.answer(service, keyValue);
    if (data === undefined) {
      record(404);
      return answer(res, 404, { type: 'NotFound', message: `the registry holds no record for ${keyValue} in ${service}` }, messageId);
    }
    record(200);
    return answer(res, 200, data, messageId);
  }

  const notFound = (_req: IncomingMessage, res: ServerResponse) =>
    sendJson(res, 404, { error: 'not found: /r1/{instance}/{memberClass}/{memberCode}/{subsystemCode}/{serviceCode}/{key}, GET /jwks, POST /test/population, POST /test/legal-entities, POST /test/mode, GET /test/exchanges' });

  const routes = [
    // every method reaches the protocol, which answers 405 itself as a security server does
    route(ANY_METHOD, '/r1/*', (req, res) => {
      // the raw path: the key's segments are decoded one by one, as the protocol names them
      const segments = new URL(req.url ?? '/', 'http://standin').pathname.split('/').filter((part) => part !== '');
      return segments.length >= 6 ? handleProtocol(req, res, segments.slice(1)) : notFound(req, res);
    }),
    route('GET', '/jwks', (_req, res) => sendJson(res, 200, { keys: [key.publicJwk] })),
    route('GET', '/test/exchanges', (_req, res) => sendJson(res, 200, { mode, exchanges })),
    route('POST', '/test/mode', async (req, res) => {
      const body = (await readJson(req)) as Record<string, unknown>;
      setMode(body.mode as TundukMode, typeof body.delayMs === 'number' && body.delayMs >= 0 ? body.delayMs : undefined);
      return sendJson(res, 200, { mode, delayMs });
    }, { schema: modeSchema(MODES), refuse: (res) => sendJson(res, 400, { error: `mode must be one of ${MODES.join(', ')}` }) }),
    route('POST', '/test/population', async (req, res) => {
      const person = personInput(await readJson(req));
      if (typeof person === 'string') return sendJson(res, 400, { error: person });
      return sendJson(res, 200, registries.addPerson(person));
    }),
    route('POST', '/test/legal-entities', async (req, res) => {
      const entity = legalEntityInput(await readJson(req));
      if (typeof entity === 'string') return sendJson(res, 400, { error: entity });
      return sendJson(res, 200, registries.addLegalEntity(entity));
    }),
  ];

  function setMode(next: TundukMode, nextDelayMs?: number): void {
    mode = next;
    if (nextDelayMs !== undefined) delayMs = nextDelayMs;
  }

  const server = await serveStandin('tunduk', { routes, notFound }, { port: options.port, host });
  const url = server.url;

  return {
    url,
    jwksUrl: `${url}/jwks`,
    publicKeyPem: key.publicKeyPem,
    registries,
    addPerson: (person) => registries.addPerson(person),
    ensurePerson: (person) => registries.person(person.pin) ?? registries.addPerson(person),
    addLegalEntity: (entity) => registries.addLegalEntity(entity),
    exchanges,
    mode: () => mode,
    setMode,
    async close() {
      await server.close();
    },
  };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The person in a POST /test/population body, or what is wrong with it. */
export function personInput(body: unknown): RegisterPersonInput | string {
  const usage = 'body must be JSON {"pin": "14 digits", "surname", "name", "patronymic"?, "birthDate": "YYYY-MM-DD", "address"?, "sex"?: "MALE"|"FEMALE", "deceased"?: boolean}';
  if (typeof body !== 'object' || body === null) return usage;
  const b = body as Record<string, unknown>;
  if (typeof b.pin !== 'string' || !PIN.test(b.pin)) return `pin: 14 digits required. ${usage}`;
  for (const field of ['surname', 'name'] as const) if (typeof b[field] !== 'string' || (b[field] as string).trim() === '') return `${field}: required. ${usage}`;
  for (const field of ['patronymic', 'address'] as const) if (b[field] !== undefined && typeof b[field] !== 'string') return `${field}: must be a string. ${usage}`;
  const birthDate = b.birthDate === undefined ? birthDateOfPin(b.pin) : b.birthDate;
  if (typeof birthDate !== 'string' || !DATE.test(birthDate)) return `birthDate: YYYY-MM-DD required. ${usage}`;
  if (b.sex !== undefined && b.sex !== 'MALE' && b.sex !== 'FEMALE') return `sex: MALE or FEMALE. ${usage}`;
  if (b.deceased !== undefined && typeof b.deceased !== 'boolean') return `deceased: true or false. ${usage}`;
  return {
    pin: b.pin,
    surname: b.surname as string,
    name: b.name as string,
    patronymic: b.patronymic as string | undefined,
    birthDate,
    address: b.address as string | undefined,
    sex: b.sex as RegisterPersonInput['sex'],
    deceased: b.deceased as boolean | undefined,
  };
}

/** The legal entity in a POST /test/legal-entities body, or what is wrong with it. */
export function legalEntityInput(body: unknown): RegisterLegalEntityInput | string {
  const usage = 'body must be JSON {"taxNumber": "14 digits", "name", "directorPin": "14 digits", "address"?, "legalForm"?, "status"?: "ACTIVE"|"LIQUIDATED"|"IN_LIQUIDATION"|"REORGANIZED"}';
  if (typeof body !== 'object' || body === null) return usage;
  const b = body as Record<string, unknown>;
  if (typeof b.taxNumber !== 'string' || !PIN.test(b.taxNumber)) return `taxNumber: 14 digits required. ${usage}`;
  if (typeof b.directorPin !== 'string' || !PIN.test(b.directorPin)) return `directorPin: 14 digits required. ${usage}`;
  if (typeof b.name !== 'string' || b.name.trim() === '') return `name: required. ${usage}`;
  if (b.address !== undefined && typeof b.address !== 'string') return `address: must be a string. ${usage}`;
  if (b.legalForm !== undefined && typeof b.legalForm !== 'string') return `legalForm: must be a string. ${usage}`;
  if (b.status !== undefined && !['ACTIVE', 'LIQUIDATED', 'IN_LIQUIDATION', 'REORGANIZED'].includes(b.status as string)) return `status: unknown. ${usage}`;
  return { taxNumber: b.taxNumber, name: b.name, directorPin: b.directorPin, address: b.address as string | undefined, legalForm: b.legalForm as string | undefined, status: b.status as RegisterLegalEntityInput['status'] };
}

/**
 * A person the national-ID stand-in signed a token for, as the population register would hold them:
 * the full name read surname first ("Surname Name Patronymic"), the birth date from the token or the PIN.
 */
export function registerPersonFromNationalId(person: { pin: string; name: string; birthdate?: string; address?: string }): RegisterPersonInput | null {
  const words = person.name.trim().split(/\s+/).filter((word) => word !== '');
  const birthDate = person.birthdate ?? birthDateOfPin(person.pin);
  if (!PIN.test(person.pin) || words.length === 0 || !birthDate || !DATE.test(birthDate)) return null;
  return { pin: person.pin, surname: words[0]!, name: words[1] ?? '', patronymic: words.slice(2).join(' '), birthDate, address: person.address };
}

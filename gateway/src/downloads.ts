import { languageFromAcceptLanguage } from '@portal/kit';
import { randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import { corsPreflight, corsResponseHeaders } from './cors';

/** One path prefix at the gateway's origin and the subgraph origin serving the same paths. */
export interface FileRoute {
  prefix: string;
  /** e.g. http://127.0.0.1:4003 (no path: the request's path is kept unchanged). */
  upstreamOrigin: string;
}

export interface FileForwardingOptions {
  routes: FileRoute[];
  /** Largest request body forwarded (uploads); the subgraph applies its own, usually lower, limit. */
  maxBodyBytes: number;
  /** How long the subgraph may take to answer. */
  timeoutMs?: number;
  /** Browser origins granted CORS (a web client on another origin uploading); default none. */
  corsOrigins?: ReadonlySet<string>;
}

export type FileHandler = ((req: IncomingMessage, res: ServerResponse) => Promise<void>) & {
  /** True when `pathname` is one of the forwarded prefixes. */
  handles(pathname: string): boolean;
};

/** The open data (L-12) is served by the applications subgraph at the same path. */
const OPEN_DATA_PREFIX = '/open-data/';

/**
 * Every subgraph's files under `/files/<subgraph>/`, and the open data: a subgraph that offers
 * downloads or uploads serves them under its own prefix, so the gateway needs no list of them.
 */
export function fileRoutesFor(subgraphUrls: Record<string, string>): FileRoute[] {
  const originOf = (url: string) => new URL(url).origin;
  const routes = Object.entries(subgraphUrls).map(([name, url]) => ({ prefix: `/files/${name}/`, upstreamOrigin: originOf(url) }));
  if (subgraphUrls.applications) routes.push({ prefix: OPEN_DATA_PREFIX, upstreamOrigin: originOf(subgraphUrls.applications) });
  return routes;
}

/** Request headers a file route may need; never the bearer token or cookies (the signed link is the permission). */
const FORWARDED_REQUEST_HEADERS = ['accept', 'accept-language', 'content-type', 'content-length', 'if-none-match', 'if-modified-since', 'range'];
/** Answer headers kept from the subgraph; the gateway's own security headers stay as set. */
const FORWARDED_RESPONSE_HEADERS = [
  'content-type',
  'content-length',
  'content-disposition',
  'cache-control',
  'etag',
  'last-modified',
  'content-security-policy',
  'access-control-allow-origin',
  'accept-ranges',
  'content-range',
];

const MESSAGES = {
  tooLarge: {
    KY: (kib: number) => `Файл өтө чоң: эң көп ${kib} КиБ жөнөтүүгө болот.`,
    RU: (kib: number) => `Файл слишком большой: можно отправить не больше ${kib} КиБ.`,
  },
  method: { KY: 'Бул дарек GET, HEAD же POST суроо-талабын гана кабыл алат.', RU: 'Этот адрес принимает только запросы GET, HEAD или POST.' },
  unavailable: { KY: 'Файлдар кызматы азыр жооп бербей жатат. Бир аздан кийин кайталаңыз.', RU: 'Служба файлов сейчас не отвечает. Повторите попытку чуть позже.' },
} as const;

/**
 * Forwards `/files/<subgraph>/…` and `/open-data/…` from the gateway's origin to the subgraph that
 * serves them, path and query unchanged: a browser opens downloads and sends uploads at the one
 * origin it knows. The subgraph still checks the signed link; the gateway adds only routing, a body
 * limit, a request id and its security headers (set before this handler runs).
 */
export function fileForwarding(options: FileForwardingOptions): FileHandler {
  const routes = [...options.routes].sort((a, b) => b.prefix.length - a.prefix.length);
  const routeFor = (pathname: string) => routes.find((route) => pathname.startsWith(route.prefix));
  const timeoutMs = options.timeoutMs ?? 30_000;

  const handler = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const target = new URL(req.url ?? '/', 'http://gateway');
    const route = routeFor(target.pathname);
    const language = languageFromAcceptLanguage(single(req.headers['accept-language'])) ?? 'KY';
    let refusalGrants: Record<string, string> = {};
    const refuse = (status: number, message: string, code: string) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...refusalGrants });
      res.end(JSON.stringify({ error: message, code }));
    };
    if (!route) return refuse(404, 'not found', 'NOT_FOUND');
    const origin = single(req.headers.origin);
    const cors = options.corsOrigins ?? new Set<string>();
    if (req.method === 'OPTIONS') {
      const preflight = corsPreflight(origin, single(req.headers['access-control-request-method']), cors);
      res.writeHead(preflight.status, preflight.headers);
      return void res.end(preflight.body);
    }
    // a route that answers every origin itself (the open data) keeps its own grant
    const grants = corsResponseHeaders(origin, cors);
    // refusals are readable by an allowed web client too, so it can show the message
    refusalGrants = grants;
    if (!['GET', 'HEAD', 'POST'].includes(req.method ?? '')) return refuse(405, MESSAGES.method[language], 'BAD_USER_INPUT');
    const declared = Number(single(req.headers['content-length']) ?? 0);
    if (declared > options.maxBodyBytes) {
      req.resume();
      return refuse(413, MESSAGES.tooLarge[language](Math.floor(options.maxBodyBytes / 1024)), 'BAD_USER_INPUT');
    }

    const upstreamUrl = new URL(`${target.pathname}${target.search}`, route.upstreamOrigin);
    const headers: Record<string, string> = { 'x-request-id': randomUUID() };
    for (const name of FORWARDED_REQUEST_HEADERS) {
      const value = single(req.headers[name]);
      if (value !== undefined) headers[name] = value;
    }
    await new Promise<void>((resolve) => {
      const client = upstreamUrl.protocol === 'https:' ? https : http;
      const upstream = client.request(upstreamUrl, { method: req.method, headers, timeout: timeoutMs }, (answer) => {
        const kept: Record<string, string> = {};
        for (const name of FORWARDED_RESPONSE_HEADERS) {
          const value = answer.headers[name];
          if (typeof value === 'string') kept[name] = value;
        }
        if (!kept['cache-control']) kept['cache-control'] = 'no-store';
        if (!kept['access-control-allow-origin']) Object.assign(kept, grants);
        res.writeHead(answer.statusCode ?? 502, kept);
        answer.pipe(res);
        answer.on('end', resolve);
        answer.on('error', () => {
          res.destroy();
          resolve();
        });
      });
      const failed = () => {
        if (!res.headersSent) refuse(502, MESSAGES.unavailable[language], 'UNAVAILABLE');
        else res.destroy();
        resolve();
      };
      upstream.on('timeout', () => upstream.destroy(new Error('file route timed out')));
      upstream.on('error', failed);
      // a body without a declared length is counted as it streams
      let received = 0;
      req.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received > options.maxBodyBytes) {
          req.unpipe(upstream);
          upstream.destroy();
          if (!res.headersSent) refuse(413, MESSAGES.tooLarge[language](Math.floor(options.maxBodyBytes / 1024)), 'BAD_USER_INPUT');
          resolve();
        }
      });
      req.pipe(upstream);
    });
  };
  return Object.assign(handler, { handles: (pathname: string) => routeFor(pathname) !== undefined });
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

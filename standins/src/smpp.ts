/**
 * Stand-in of an SMS centre (SMSC, SMPP 3.4 server) for local development and tests: it binds any
 * system_id (the password must be `password` of the options, `portal` by default), answers
 * submit_sm with a message_id, joins concatenated parts (UDH) back into whole SMS, keeps them in
 * memory and lists them decoded at `GET /messages` on a small HTTP port (`DELETE /messages` empties
 * the list). For each part it sends a delivery receipt (deliver_sm, esm_class 0x04, `stat:DELIVRD`)
 * when registered_delivery asks for one. `POST /test/mode` with `{"mode": ..., "delayMs": 3000}`
 * makes it misbehave: `refuse-bind` (ESME_RINVPASWD), `refuse-numbers` (ESME_RINVDSTADR),
 * `throttle` (ESME_RTHROTTLED), `undeliverable` (receipts say UNDELIV), `slow` (waits before each
 * answer), or `accept` again. Plain TCP only: local use.
 */
import type { AddressInfo, Server, Socket } from 'node:net';
import { type StandinServer, serveStandin, testInboxRoutes } from './http';
import { log } from '@portal/kit';

const standinLog = log.child({ service: 'standin-smpp' });

export type SmppStandinMode = 'accept' | 'refuse-bind' | 'refuse-numbers' | 'throttle' | 'undeliverable' | 'slow';
const MODES: readonly SmppStandinMode[] = ['accept', 'refuse-bind', 'refuse-numbers', 'throttle', 'undeliverable', 'slow'];

const ESME_RINVPASWD = 0x0e;
const ESME_RINVDSTADR = 0x0b;
const ESME_RTHROTTLED = 0x58;

export interface ReceivedSms {
  id: string;
  receivedAt: string;
  systemId: string;
  source: string;
  destination: string;
  dataCoding: number;
  /** The whole text, parts joined. */
  text: string;
  /** message_id of each part, in order. */
  partIds: string[];
}

interface Pdu {
  command_status: number;
  system_id?: string;
  password?: string;
  source_addr?: string;
  destination_addr?: string;
  data_coding?: number;
  registered_delivery?: number;
  short_message?: { message?: string | Buffer; udh?: Buffer[] } | string | Buffer;
  response(options?: Record<string, unknown>): Pdu;
}

interface Session {
  on(event: string, listener: (pdu: Pdu) => void): void;
  send(pdu: Pdu): boolean;
  deliver_sm(options: Record<string, unknown>): boolean;
  close(): void;
  socket: Socket;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const smpp = require('smpp') as { createServer(listener: (session: Session) => void): Server };

export interface SmppStandinOptions {
  /** 0 picks a free port (tests). */
  smppPort: number;
  httpPort: number;
  host?: string;
  password?: string;
  /** Messages kept, oldest dropped first (default 500). */
  keep?: number;
}

export interface SmppStandin {
  /** What to put in SMPP_URL. */
  smppUrl: string;
  /** The HTTP side: `GET /messages`. */
  url: string;
  messages(): readonly ReceivedSms[];
  setMode(mode: SmppStandinMode, delayMs?: number): void;
  close(): Promise<void>;
}

const receiptDate = (at: Date) => at.toISOString().slice(2, 16).replace(/[-T:]/g, '');

export async function startSmppStandin(options: SmppStandinOptions): Promise<SmppStandin> {
  const host = options.host ?? '127.0.0.1';
  const password = options.password ?? 'portal';
  const keep = options.keep ?? 500;
  const received: ReceivedSms[] = [];
  const partial = new Map<string, Array<{ sequence: number; text: string; id: string }>>();
  const sessions = new Set<Session>();
  let mode: SmppStandinMode = 'accept';
  let delayMs = 3000;
  let next = 1;
  const later = (act: () => void) => (mode === 'slow' ? setTimeout(act, delayMs) : act());

  const server = smpp.createServer((session) => {
    sessions.add(session);
    let systemId: string | null = null;
    session.socket.on('close', () => sessions.delete(session));
    session.on('error', () => undefined);
    const bind = (pdu: Pdu) =>
      later(() => {
        if (mode === 'refuse-bind' || pdu.password !== password) {
          session.send(pdu.response({ command_status: ESME_RINVPASWD }));
          return;
        }
        systemId = pdu.system_id ?? '';
        session.send(pdu.response({ system_id: 'standin-smsc' }));
      });
    session.on('bind_transceiver', bind);
    session.on('bind_transmitter', bind);
    session.on('enquire_link', (pdu) => session.send(pdu.response()));
    session.on('unbind', (pdu) => {
      session.send(pdu.response());
      session.close();
    });
    session.on('submit_sm', (pdu) =>
      later(() => {
        if (systemId === null) return void session.send(pdu.response({ command_status: 0x04 })); // ESME_RINVBNDSTS
        if (mode === 'throttle') return void session.send(pdu.response({ command_status: ESME_RTHROTTLED }));
        if (mode === 'refuse-numbers') return void session.send(pdu.response({ command_status: ESME_RINVDSTADR }));
        const id = `sm${String(next++).padStart(8, '0')}`;
        session.send(pdu.response({ message_id: id }));
        const short = pdu.short_message;
        const raw = typeof short === 'object' && !Buffer.isBuffer(short) ? short : { message: short };
        const text = typeof raw.message === 'string' ? raw.message : Buffer.isBuffer(raw.message) ? raw.message.toString('latin1') : '';
        const concat = raw.udh?.find((ie) => ie[0] === 0x00 && ie[1] === 3);
        const whole = (parts: Array<{ text: string; id: string }>) => {
          received.push({
            id: parts[0].id,
            receivedAt: new Date().toISOString(),
            systemId: systemId ?? '',
            source: pdu.source_addr ?? '',
            destination: pdu.destination_addr ?? '',
            dataCoding: pdu.data_coding ?? 0,
            text: parts.map((p) => p.text).join(''),
            partIds: parts.map((p) => p.id),
          });
          while (received.length > keep) received.shift();
        };
        if (!concat) whole([{ text, id }]);
        else {
          const key = `${pdu.source_addr}>${pdu.destination_addr}#${concat[2]}`;
          const parts = [...(partial.get(key) ?? []), { sequence: concat[4], text, id }];
          if (parts.length >= concat[3]) {
            partial.delete(key);
            whole(parts.sort((a, b) => a.sequence - b.sequence));
          } else partial.set(key, parts);
        }
        if ((pdu.registered_delivery ?? 0) & 0x03) {
          const stat = mode === 'undeliverable' ? 'UNDELIV' : 'DELIVRD';
          const now = receiptDate(new Date());
          setTimeout(() => {
            session.deliver_sm({
              source_addr: pdu.destination_addr,
              destination_addr: pdu.source_addr,
              esm_class: 0x04,
              short_message: `id:${id} sub:001 dlvr:${stat === 'DELIVRD' ? '001' : '000'} submit date:${now} done date:${now} stat:${stat} err:${stat === 'DELIVRD' ? '000' : '001'} text:`,
            });
          }, 50);
        }
      }),
    );
  });
  server.on('error', (error) => standinLog.error({ err: error }, 'smpp server error'));

  const setMode = (next: SmppStandinMode, delay?: number) => {
    mode = next;
    if (delay !== undefined) delayMs = delay;
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.smppPort, host, () => resolve());
  });
  let web: StandinServer;
  try {
    web = await serveStandin('smpp-messages', testInboxRoutes({ modes: MODES, received, mode: () => mode, delayMs: () => delayMs, setMode }), { port: options.httpPort, host });
  } catch (error) {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    throw error;
  }
  const smppPort = (server.address() as AddressInfo).port;
  return {
    smppUrl: `smpp://portal:${encodeURIComponent(password)}@${host}:${smppPort}`,
    url: web.url,
    messages: () => received,
    setMode,
    async close() {
      await web.close();
      for (const session of sessions) session.socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

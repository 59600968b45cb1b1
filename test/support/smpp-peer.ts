import type { AddressInfo, Server, Socket } from 'node:net';

interface PeerPdu {
  system_id?: string;
  password?: string;
  source_addr?: string;
  destination_addr?: string;
  data_coding?: number;
  short_message?: { message?: string; udh?: Buffer[] };
  response(options?: Record<string, unknown>): PeerPdu;
}
interface PeerSession {
  on(event: string, listener: (pdu: PeerPdu) => void): void;
  send(pdu: PeerPdu): boolean;
  deliver_sm(options: Record<string, unknown>): boolean;
  close(): void;
  socket: Socket;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const smpp = require('smpp') as { createServer(listener: (session: PeerSession) => void): Server };

export interface PeerSms {
  source: string;
  destination: string;
  dataCoding: number;
  text: string;
  partIds: string[];
}

/**
 * A plain SMPP server started by a test (the `smpp` package's server, not the project's stand-in): binds
 * with the given password, joins concatenated parts, and sends a DELIVRD receipt for every part.
 */
export class SmppPeer {
  readonly received: PeerSms[] = [];
  readonly binds: string[] = [];
  port = 0;
  private next = 1;
  private partial = new Map<string, Array<{ seq: number; text: string; id: string; pdu: PeerPdu }>>();
  private server = smpp.createServer((session) => {
    session.on('error', () => undefined);
    const bind = (pdu: PeerPdu) => {
      this.binds.push(pdu.system_id ?? '');
      session.send(pdu.response(pdu.password === this.password ? {} : { command_status: 0x0e }));
    };
    session.on('bind_transceiver', bind);
    session.on('bind_transmitter', bind);
    session.on('enquire_link', (pdu) => session.send(pdu.response()));
    session.on('unbind', (pdu) => {
      session.send(pdu.response());
      session.close();
    });
    session.on('submit_sm', (pdu) => {
      const id = `p${this.next++}`;
      session.send(pdu.response({ message_id: id }));
      const text = pdu.short_message?.message ?? '';
      const concat = pdu.short_message?.udh?.find((ie) => ie[0] === 0 && ie[1] === 3);
      const whole = (parts: Array<{ text: string; id: string }>) =>
        this.received.push({ source: pdu.source_addr ?? '', destination: pdu.destination_addr ?? '', dataCoding: pdu.data_coding ?? 0, text: parts.map((p) => p.text).join(''), partIds: parts.map((p) => p.id) });
      if (!concat) whole([{ text, id }]);
      else {
        const key = `${pdu.destination_addr}#${concat[2]}`;
        const parts = [...(this.partial.get(key) ?? []), { seq: concat[4], text, id, pdu }];
        if (parts.length === concat[3]) {
          this.partial.delete(key);
          whole(parts.sort((a, b) => a.seq - b.seq));
        } else this.partial.set(key, parts);
      }
      setTimeout(() => session.deliver_sm({ source_addr: pdu.destination_addr, destination_addr: pdu.source_addr, esm_class: 0x04, short_message: `id:${id} sub:001 dlvr:001 submit date:2612011000 done date:2612011000 stat:DELIVRD err:000 text:` }), 20);
    });
  });

  constructor(private readonly password = 'peer-secret') {}

  get url(): string {
    return `smpp://portal:${this.password}@127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', () => resolve()));
    this.port = (this.server.address() as AddressInfo).port;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

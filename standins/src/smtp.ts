/**
 * Stand-in of a mail submission server (SMTP) for local development and tests: it accepts whatever
 * the portal sends to SMTP_URL (with or without a login), keeps the messages in memory and lists
 * them at `GET /messages` on a small HTTP port (`DELETE /messages` empties the list). It can be told
 * to misbehave with `POST /test/mode` and `{"mode": "accept" | "refuse-recipients" | "down" | "slow",
 * "delayMs": 3000}`: refuse every recipient with 550, answer every connection 421 (service not
 * available), or wait before accepting a message. It speaks plain SMTP only (no STARTTLS): local use.
 */
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { type StandinServer, serveStandin, testInboxRoutes } from './http';
import { log } from '@portal/kit';

const standinLog = log.child({ service: 'standin-smtp' });

export type SmtpStandinMode = 'accept' | 'refuse-recipients' | 'down' | 'slow';
const MODES: readonly SmtpStandinMode[] = ['accept', 'refuse-recipients', 'down', 'slow'];

export interface ReceivedMail {
  id: string;
  receivedAt: string;
  /** The SMTP envelope. */
  mailFrom: string;
  rcptTo: string[];
  subject: string;
  messageId: string | null;
  language: string | null;
  listUnsubscribe: string | null;
  text: string;
  html: string | null;
}

export interface SmtpStandinOptions {
  /** 0 picks a free port (tests). */
  smtpPort: number;
  httpPort: number;
  host?: string;
  /** Messages kept, oldest dropped first (default 500). */
  keep?: number;
}

export interface SmtpStandin {
  /** What to put in SMTP_URL. */
  smtpUrl: string;
  /** The HTTP side: `GET /messages`. */
  url: string;
  messages(): readonly ReceivedMail[];
  setMode(mode: SmtpStandinMode, delayMs?: number): void;
  close(): Promise<void>;
}

const smtpError = (message: string, responseCode: number) => Object.assign(new Error(message), { responseCode });

export async function startSmtpStandin(options: SmtpStandinOptions): Promise<SmtpStandin> {
  const host = options.host ?? '127.0.0.1';
  const keep = options.keep ?? 500;
  const received: ReceivedMail[] = [];
  let mode: SmtpStandinMode = 'accept';
  let delayMs = 3000;

  const smtp = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    closeTimeout: 1000,
    size: 10 * 1024 * 1024,
    onAuth: (auth, _session, callback) => callback(null, { user: auth.username }),
    onConnect: (_session, callback) => callback(mode === 'down' ? smtpError('Service not available, closing transmission channel (stand-in told to be down)', 421) : undefined),
    onRcptTo: (address, _session, callback) =>
      callback(mode === 'refuse-recipients' ? smtpError(`5.1.1 <${address.address}>: Recipient address rejected (stand-in told to refuse)`, 550) : undefined),
    onData: (stream, session, callback) => {
      simpleParser(stream).then(
        (mail) => {
          const finish = () => {
            received.push({
              id: randomUUID(),
              receivedAt: new Date().toISOString(),
              mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              rcptTo: session.envelope.rcptTo.map((r) => r.address),
              subject: mail.subject ?? '',
              messageId: mail.messageId ?? null,
              language: mail.headerLines.find((h) => h.key === 'content-language')?.line.replace(/^[^:]*:\s*/, '') ?? null,
              listUnsubscribe: mail.headerLines.find((h) => h.key === 'list-unsubscribe')?.line.replace(/^[^:]*:\s*/, '') ?? null,
              text: mail.text ?? '',
              html: typeof mail.html === 'string' ? mail.html : null,
            });
            while (received.length > keep) received.shift();
            callback();
          };
          if (mode === 'slow') setTimeout(finish, delayMs);
          else finish();
        },
        (error: Error) => callback(error),
      );
    },
  });
  smtp.on('error', (error) => standinLog.error({ err: error }, 'smtp server error'));

  const setMode = (next: SmtpStandinMode, delay?: number) => {
    mode = next;
    if (delay !== undefined) delayMs = delay;
  };

  await new Promise<void>((resolve, reject) => {
    smtp.server.once('error', reject);
    smtp.listen(options.smtpPort, host, () => resolve());
  });
  let web: StandinServer;
  try {
    web = await serveStandin('smtp-messages', testInboxRoutes({ modes: MODES, received, mode: () => mode, delayMs: () => delayMs, setMode }), { port: options.httpPort, host });
  } catch (error) {
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    throw error;
  }
  const smtpPort = (smtp.server.address() as AddressInfo).port;
  return {
    smtpUrl: `smtp://portal:portal@${host}:${smtpPort}`,
    url: web.url,
    messages: () => received,
    setMode,
    async close() {
      await web.close();
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
    },
  };
}

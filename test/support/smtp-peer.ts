import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface PeerMail {
  to: string[];
  subject: string;
  text: string;
  html: string;
  language: string;
  listUnsubscribe: string;
  messageId: string;
}

/**
 * A plain SMTP server started by a test (the standard `smtp-server`, not the project's stand-in):
 * takes any login, keeps what it receives, and can be stopped and started again on the same port.
 */
export class SmtpPeer {
  readonly received: PeerMail[] = [];
  port = 0;
  private server: SMTPServer | null = null;

  async start(): Promise<void> {
    const server = new SMTPServer({
      authOptional: true,
      allowInsecureAuth: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      closeTimeout: 100,
      onAuth: (auth, _session, callback) => callback(null, { user: auth.username }),
      onData: (stream, _session, callback) => {
        simpleParser(stream).then(
          (mail) => {
            const header = (key: string) => mail.headerLines.find((h) => h.key === key)?.line.replace(/^[^:]*:\s*/, '') ?? '';
            this.received.push({
              to: [mail.to ?? []].flat().flatMap((a) => a.value.map((v) => v.address ?? '')),
              subject: mail.subject ?? '',
              text: mail.text ?? '',
              html: typeof mail.html === 'string' ? mail.html : '',
              language: header('content-language'),
              listUnsubscribe: header('list-unsubscribe'),
              messageId: mail.messageId ?? '',
            });
            callback();
          },
          (error: Error) => callback(error),
        );
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.server.address() as AddressInfo).port;
    this.server = server;
  }

  /** Closes the port: connections are refused until `start()` again. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  get url(): string {
    return `smtp://portal:secret@127.0.0.1:${this.port}`;
  }
}

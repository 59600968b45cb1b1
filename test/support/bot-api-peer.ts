import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface PeerTelegramMessage {
  chatId: string;
  text: string;
}

/**
 * A plain Bot API peer started by a test (not the project's stand-in): one bot token, getUpdates
 * without long polling, sendMessage recorded, Start pressed with `pressStart`.
 */
export class BotApiPeer {
  readonly sent: PeerTelegramMessage[] = [];
  wrongToken = 0;
  private updates: Array<{ update_id: number; message: { message_id: number; text: string; chat: { id: number; type: 'private' } } }> = [];
  private nextId = 1;
  private server: Server = createServer((request, response) => {
    void this.handle(request).then(([status, body]) => response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body)));
  });
  url = '';

  constructor(readonly token: string) {}

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  pressStart(chatId: number, code: string): void {
    const id = this.nextId++;
    this.updates.push({ update_id: id, message: { message_id: id, text: `/start ${code}`, chat: { id: chatId, type: 'private' } } });
  }

  private async handle(request: IncomingMessage): Promise<[number, unknown]> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
    const match = /^\/bot([^/]+)\/(\w+)$/.exec(request.url ?? '');
    if (!match || match[1] !== this.token) {
      this.wrongToken++;
      return [401, { ok: false, error_code: 401, description: 'Unauthorized' }];
    }
    if (match[2] === 'getUpdates') {
      const offset = Number(body.offset ?? 0);
      this.updates = this.updates.filter((u) => u.update_id >= offset);
      return [200, { ok: true, result: this.updates }];
    }
    if (match[2] === 'sendMessage') {
      this.sent.push({ chatId: String(body.chat_id), text: String(body.text) });
      return [200, { ok: true, result: { message_id: this.sent.length } }];
    }
    return [404, { ok: false, error_code: 404, description: 'Not Found' }];
  }
}

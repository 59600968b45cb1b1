import { startSmppStandin, type SmppStandin } from './smpp';

interface ClientPdu {
  command_status: number;
  message_id?: string;
  esm_class?: number;
  short_message?: { message?: string };
  response(): ClientPdu;
}
interface Client {
  on(event: string, listener: (pdu: ClientPdu) => void): void;
  send(pdu: ClientPdu): boolean;
  bind_transceiver(options: object, callback: (pdu: ClientPdu) => void): boolean;
  submit_sm(options: object, callback: (pdu: ClientPdu) => void): boolean;
  destroy(): void;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const smpp = require('smpp') as { connect(url: string, listener?: () => void): Client };

let standin: SmppStandin;
const clients: Client[] = [];

beforeAll(async () => {
  standin = await startSmppStandin({ smppPort: 0, httpPort: 0 });
});

afterAll(async () => {
  for (const client of clients) client.destroy();
  await standin?.close();
});

const ucs2 = (text: string) => Buffer.from(text, 'utf16le').swap16();
const mode = (body: unknown) => fetch(`${standin.url}/test/mode`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

async function bound(url = standin.smppUrl): Promise<{ client: Client; status: number; receipts: string[] }> {
  const receipts: string[] = [];
  const client = await new Promise<Client>((resolve) => {
    const c: Client = smpp.connect(url, () => resolve(c));
  });
  clients.push(client);
  client.on('error' as string, () => undefined);
  client.on('deliver_sm', (pdu) => {
    client.send(pdu.response());
    if ((pdu.esm_class ?? 0) & 0x04) receipts.push(String(pdu.short_message?.message ?? ''));
  });
  const [user, password] = decodeURIComponent(new URL(url).username + ':' + new URL(url).password).split(':');
  const status = await new Promise<number>((resolve) => client.bind_transceiver({ system_id: user, password }, (pdu) => resolve(pdu.command_status)));
  return { client, status, receipts };
}

const submit = (client: Client, short: Buffer, esmClass = 0) =>
  new Promise<ClientPdu>((resolve) =>
    client.submit_sm({ source_addr: 'Gosportal', source_addr_ton: 5, destination_addr: '996700100101', dest_addr_ton: 1, dest_addr_npi: 1, data_coding: 8, esm_class: esmClass, registered_delivery: 1, short_message: short }, resolve),
  );

describe('the SMSC stand-in', () => {
  it('takes concatenated UCS-2 parts, lists the whole SMS decoded over HTTP, and sends a receipt per part', async () => {
    const { client, status, receipts } = await bound();
    expect(status).toBe(0);
    const first = await submit(client, Buffer.concat([Buffer.from([5, 0, 3, 9, 2, 1]), ucs2('Заявление № KG-1 ')]), 0x40);
    const second = await submit(client, Buffer.concat([Buffer.from([5, 0, 3, 9, 2, 2]), ucs2('получено.')]), 0x40);
    expect([first.command_status, second.command_status]).toEqual([0, 0]);
    const listed = (await (await fetch(`${standin.url}/messages`)).json()) as { messages: Array<Record<string, unknown>> };
    expect(listed.messages).toEqual([
      expect.objectContaining({ source: 'Gosportal', destination: '996700100101', dataCoding: 8, text: 'Заявление № KG-1 получено.', partIds: [first.message_id, second.message_id], systemId: 'portal' }),
    ]);
    for (let i = 0; i < 50 && receipts.length < 2; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(receipts).toEqual([expect.stringContaining(`id:${first.message_id} `), expect.stringContaining(`id:${second.message_id} `)]);
    expect(receipts[0]).toContain('stat:DELIVRD');
    await fetch(`${standin.url}/messages`, { method: 'DELETE' });
    expect(standin.messages()).toHaveLength(0);
  });

  it('refuses a wrong password, and binds, numbers and throughput when told to', async () => {
    expect((await bound(standin.smppUrl.replace('portal@', 'wrong@'))).status).toBe(0x0e);
    expect((await mode({ mode: 'refuse-bind' })).status).toBe(200);
    expect((await bound()).status).toBe(0x0e);
    await mode({ mode: 'accept' });
    const { client } = await bound();
    await mode({ mode: 'refuse-numbers' });
    expect((await submit(client, ucs2('Тест'))).command_status).toBe(0x0b);
    await mode({ mode: 'throttle' });
    expect((await submit(client, ucs2('Тест'))).command_status).toBe(0x58);
    await mode({ mode: 'accept' });
    expect((await submit(client, ucs2('Тест'))).command_status).toBe(0);
    expect((await mode({ mode: 'nonsense' })).status).toBe(400);
  });
});

/**
 * The part of the `smpp` package (no type declarations of its own) the SMS sender uses, typed here.
 */
export interface SmppPdu {
  command: string;
  command_status: number;
  sequence_number: number;
  message_id?: string;
  system_id?: string;
  password?: string;
  source_addr?: string;
  destination_addr?: string;
  data_coding?: number;
  esm_class?: number;
  short_message?: { message?: string | Buffer; udh?: Buffer[] } | Buffer | string;
  receipted_message_id?: string;
  message_state?: number;
  response(options?: Record<string, unknown>): SmppPdu;
}

export interface SmppSession {
  on(event: 'connect' | 'secureConnect' | 'close', listener: () => void): this;
  on(event: 'error', listener: (error: Error) => void): this;
  on(event: 'deliver_sm' | 'unbind' | 'enquire_link' | 'submit_sm' | 'bind_transceiver' | 'bind_transmitter', listener: (pdu: SmppPdu) => void): this;
  send(pdu: SmppPdu): boolean;
  bind_transceiver(options: Record<string, unknown>, callback: (pdu: SmppPdu) => void): boolean;
  bind_transmitter(options: Record<string, unknown>, callback: (pdu: SmppPdu) => void): boolean;
  submit_sm(options: Record<string, unknown>, callback: (pdu: SmppPdu) => void): boolean;
  unbind(options?: Record<string, unknown>, callback?: (pdu: SmppPdu) => void): boolean;
  close(callback?: () => void): void;
  destroy(callback?: () => void): void;
  socket: { writable: boolean; destroy(): void };
}

interface SmppModule {
  connect(options: { host: string; port: number; tls?: boolean; auto_enquire_link_period?: number; connectTimeout?: number }): SmppSession;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const smpp = require('smpp') as SmppModule;

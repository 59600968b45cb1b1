import type { LanguageCode } from '@portal/kit';
import type { SendOutcome } from '../delivery-job.rules';

/** Pure SMS rules: the text of a notice, UCS-2 segmentation with UDH, SMPP status classification, receipts. */

/** data_coding of UCS-2 (UTF-16BE) short messages. */
export const DATA_CODING_UCS2 = 0x08;
/** esm_class bit: short_message starts with a User Data Header. */
export const ESM_CLASS_UDHI = 0x40;
/** esm_class bits of a deliver_sm that is a delivery receipt (SMSC delivery receipt or intermediate notification). */
export const ESM_CLASS_RECEIPT_MASK = 0x3c;

/** UTF-16 code units in one UCS-2 SMS: 140 octets alone, 134 after the 6-octet concatenation UDH. */
export const UCS2_SINGLE_UNITS = 70;
export const UCS2_PART_UNITS = 67;
export const MAX_PARTS = 255;

const SMS_TEXT: Record<LanguageCode, (title: string) => string> = {
  KY: (title) => `Госпортал: ${title}. Толугу жеке кабинетте.`,
  RU: (title) => `Госпортал: ${title}. Подробнее в личном кабинете.`,
};

/** The SMS of a notice: its title (which names the application number) in the recipient's language. */
export function composeSms(message: { language: LanguageCode; title: string; applicationNumber: string | null; smsText?: string | null }): string {
  if (message.smsText) return message.smsText;
  const title = message.title.trim().replace(/\.$/, '');
  const withNumber = message.applicationNumber && !title.includes(message.applicationNumber) ? `${title} (№ ${message.applicationNumber})` : title;
  return SMS_TEXT[message.language](withNumber);
}

/**
 * The short_message octets of `text` as UCS-2: one part when it fits 70 units, else parts of 67 units
 * each behind a concatenation UDH (IEI 0x00, 8-bit `reference`, total, sequence from 1). A surrogate
 * pair is never split across parts.
 */
export function segmentUcs2(text: string, reference: number): Buffer[] {
  if (text.length <= UCS2_SINGLE_UNITS) return [Buffer.from(text, 'utf16le').swap16()];
  const chunks: string[] = [];
  let at = 0;
  while (at < text.length) {
    let end = Math.min(at + UCS2_PART_UNITS, text.length);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end -= 1;
    chunks.push(text.slice(at, end));
    at = end;
  }
  if (chunks.length > MAX_PARTS) throw new Error(`an SMS of ${chunks.length} parts is longer than ${MAX_PARTS}`);
  return chunks.map((chunk, i) =>
    Buffer.concat([Buffer.from([0x05, 0x00, 0x03, reference & 0xff, chunks.length, i + 1]), Buffer.from(chunk, 'utf16le').swap16()]),
  );
}

/** Decodes one UCS-2 short_message (with or without UDH) back to text and its concatenation header. */
export function decodeUcs2Part(octets: Buffer, hasUdh: boolean): { text: string; reference: number | null; total: number; sequence: number } {
  let body = octets;
  let reference: number | null = null;
  let total = 1;
  let sequence = 1;
  if (hasUdh && octets.length > 0) {
    const udhLength = octets[0] + 1;
    let cursor = 1;
    while (cursor + 1 < udhLength) {
      const iei = octets[cursor];
      const length = octets[cursor + 1];
      if (iei === 0x00 && length === 3) [reference, total, sequence] = [octets[cursor + 2], octets[cursor + 3], octets[cursor + 4]];
      cursor += 2 + length;
    }
    body = octets.subarray(udhLength);
  }
  const copy = Buffer.from(body.subarray(0, body.length - (body.length % 2)));
  return { text: copy.swap16().toString('utf16le'), reference, total, sequence };
}

/** SMPP 3.4 command_status values the sender tells apart. */
export const SMPP_STATUS = {
  ESME_ROK: 0x00,
  ESME_RINVMSGLEN: 0x01,
  ESME_RSYSERR: 0x08,
  ESME_RINVSRCADR: 0x0a,
  ESME_RINVDSTADR: 0x0b,
  ESME_RBINDFAIL: 0x0d,
  ESME_RINVPASWD: 0x0e,
  ESME_RINVSYSID: 0x0f,
  ESME_RMSGQFUL: 0x14,
  ESME_RINVESMCLASS: 0x43,
  ESME_RSUBMITFAIL: 0x45,
  ESME_RINVDCS: 0x104,
  ESME_RTHROTTLED: 0x58,
  ESME_RX_T_APPN: 0x64,
  ESME_RX_P_APPN: 0x65,
  ESME_RX_R_APPN: 0x66,
} as const;

const STATUS_NAMES = new Map<number, string>(Object.entries(SMPP_STATUS).map(([name, code]) => [code, name]));

export function statusName(status: number): string {
  return STATUS_NAMES.get(status) ?? `0x${status.toString(16).padStart(8, '0')}`;
}

/** Waits the SMSC asks for by throttling, before the worker tries again. */
export const THROTTLE_RETRY_MS = 5_000;

/**
 * What a refused submit_sm means for the delivery: a wrong number or a message the SMSC can never
 * take is permanent; throttling, a full queue or a passing SMSC error is transient.
 */
export function classifySubmitStatus(status: number): Exclude<SendOutcome, { kind: 'sent' }> {
  const name = statusName(status);
  switch (status) {
    case SMPP_STATUS.ESME_RINVDSTADR:
      return { kind: 'permanent', reason: `The SMS centre refused the phone number (${name}): correct the phone in the profile.` };
    case SMPP_STATUS.ESME_RX_P_APPN:
    case SMPP_STATUS.ESME_RINVMSGLEN:
    case SMPP_STATUS.ESME_RINVESMCLASS:
    case SMPP_STATUS.ESME_RINVDCS:
      return { kind: 'permanent', reason: `The SMS centre refused the message for good (${name}).` };
    case SMPP_STATUS.ESME_RINVSRCADR:
      return { kind: 'transient', reason: `The SMS centre refused the sender id (${name}): fix SMS_SENDER_ID or have it registered; the notices wait.` };
    case SMPP_STATUS.ESME_RTHROTTLED:
    case SMPP_STATUS.ESME_RMSGQFUL:
      return { kind: 'transient', reason: `The SMS centre is busy (${name}); trying again later.`, retryAfterMs: THROTTLE_RETRY_MS };
    default:
      return { kind: 'transient', reason: `The SMS centre did not take the message (${name}); trying again later.` };
  }
}

/** Why a bind was refused, for lastError and the log. */
export function describeBindFailure(status: number): string {
  const name = statusName(status);
  if (status === SMPP_STATUS.ESME_RINVPASWD || status === SMPP_STATUS.ESME_RINVSYSID || status === SMPP_STATUS.ESME_RBINDFAIL) {
    return `The SMS centre refused the login (${name}): fix the system_id and password in SMPP_URL; the notices wait.`;
  }
  return `The SMS centre refused the bind (${name}); trying again.`;
}

export interface DeliveryReceipt {
  messageId: string;
  delivered: boolean;
  /** The final state as the SMSC named it (DELIVRD, UNDELIV, EXPIRED, REJECTD...). */
  state: string;
  error: string | null;
  /** An intermediate state (ENROUTE, ACCEPTD): not final, nothing to record. */
  final: boolean;
}

/** message_state TLV values (SMPP 3.4 5.2.28). */
const MESSAGE_STATES: Record<number, string> = { 1: 'ENROUTE', 2: 'DELIVRD', 3: 'EXPIRED', 4: 'DELETED', 5: 'UNDELIV', 6: 'ACCEPTD', 7: 'UNKNOWN', 8: 'REJECTD' };

/**
 * A delivery receipt from a deliver_sm: the receipted_message_id and message_state TLVs when the
 * SMSC sends them, else the `id:… stat:… err:…` text of SMPP 3.4 Appendix B. Null when it is none.
 */
export function parseDeliveryReceipt(pdu: { esm_class?: number; receipted_message_id?: string; message_state?: number; text: string }): DeliveryReceipt | null {
  if (((pdu.esm_class ?? 0) & ESM_CLASS_RECEIPT_MASK) === 0) return null;
  const id = /(?:^|\s)id:(\S+)/i.exec(pdu.text)?.[1];
  const stat = /(?:^|\s)stat:(\S+)/i.exec(pdu.text)?.[1];
  const err = /(?:^|\s)err:(\S+)/i.exec(pdu.text)?.[1] ?? null;
  const messageId = pdu.receipted_message_id || id;
  const state = (pdu.message_state !== undefined ? MESSAGE_STATES[pdu.message_state] : undefined) ?? stat?.toUpperCase();
  if (!messageId || !state) return null;
  const final = state !== 'ENROUTE' && state !== 'ACCEPTD';
  return { messageId, delivered: state === 'DELIVRD', state, error: err, final };
}

export interface SmppTarget {
  host: string;
  port: number;
  systemId: string;
  password: string;
  tls: boolean;
}

/** Where SMPP_URL points: `smpp://system_id:password@host:port` (`ssmpp://` for TLS). */
export function parseSmppUrl(text: string): SmppTarget {
  const url = new URL(text);
  if (url.protocol !== 'smpp:' && url.protocol !== 'ssmpp:') throw new Error(`the scheme must be smpp:// or ssmpp://, not ${url.protocol}//`);
  if (!url.hostname) throw new Error('no host');
  const tls = url.protocol === 'ssmpp:';
  return {
    host: url.hostname,
    port: url.port ? Number(url.port) : tls ? 3550 : 2775,
    systemId: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    tls,
  };
}

/** The destination address of a phone like `+996 555 123 456`: digits only, international (TON 1, NPI 1). */
export function destinationOf(phone: string): string | null {
  const digits = phone.replace(/[\s()-]/g, '').replace(/^\+/, '');
  return /^\d{8,15}$/.test(digits) ? digits : null;
}

/** The backoff before re-binding after `failures` failed tries in a row. */
export function rebindDelayMs(failures: number, initialMs: number, maxMs: number): number {
  return Math.min(maxMs, initialMs * 2 ** Math.min(Math.max(failures - 1, 0), 20));
}

import { log as kitLog } from '@portal/kit';
import { randomInt } from 'node:crypto';
import type { ChannelSender } from '../channel-sender';
import type { SendOutcome } from '../delivery-job.rules';
import { smpp, type SmppPdu, type SmppSession } from './smpp-lib';
import {
  classifySubmitStatus,
  composeSms,
  DATA_CODING_UCS2,
  describeBindFailure,
  destinationOf,
  ESM_CLASS_UDHI,
  parseDeliveryReceipt,
  parseSmppUrl,
  rebindDelayMs,
  segmentUcs2,
} from './sms.rules';

export type SmppBindMode = 'transceiver' | 'transmitter';

/** A final delivery receipt, for the delivery whose providerMessageId is `providerMessageId`. */
export type SmsReceipt = { providerMessageId: string } & ({ delivered: true } | { delivered: false; reason: string });

export interface SmsSenderOptions {
  /** smpp://system_id:password@host:port */
  smppUrl: string;
  /** Alphanumeric source address (up to 11 characters). */
  senderId: string;
  /** transceiver: submits and receives receipts on one session; transmitter: submits only (no receipts, deliveries stay SENT). */
  bindMode: SmppBindMode;
  ratePerSecond: number;
  /** Longest time of one attempt: waiting for the link and the answers to all its parts. */
  timeoutMs: number;
  enquireLinkMs: number;
  rebindInitialMs: number;
  rebindMaxMs: number;
  /** Applies a receipt; false when no SENT delivery has that id (yet): it is tried again a few times. */
  onReceipt?: (receipt: SmsReceipt) => Promise<boolean>;
  /** Waits between tries of a receipt that matched nothing yet (the worker may still be recording SENT). */
  receiptRetryMs?: number;
  receiptRetries?: number;
}

export interface SmsSender extends ChannelSender {
  /** True while the session is bound. */
  readonly bound: boolean;
  /** Why the link is not up, when it is not. */
  readonly linkError: string | null;
}

const smsLog = kitLog.child({ task: 'notifications.sms' });
function log(level: 'info' | 'warn' | 'error', message: string, extra: Record<string, unknown> = {}): void {
  smsLog[level](extra, message);
}

interface PartGroup {
  primary: string;
  pending: Set<string>;
  failure: string | null;
  complete: boolean;
}

const MAX_TRACKED_PARTS = 10_000;

/**
 * Sends notices by SMS over one long-lived SMPP 3.4 session to the SMSC of SMPP_URL: bound as
 * transceiver or transmitter, kept alive with enquire_link, re-bound with a doubling backoff when the
 * link drops or the bind is refused. Each notice is one submit_sm per UCS-2 part (concatenated with a
 * UDH when long); the delivery's provider id is the first part's message_id, and the receipts of all
 * parts together make it DELIVERED (or FAILED when any part failed).
 */
export function createSmsSender(options: SmsSenderOptions): SmsSender {
  const target = parseSmppUrl(options.smppUrl);
  const receiptRetryMs = options.receiptRetryMs ?? 500;
  const receiptRetries = options.receiptRetries ?? 20;
  let session: SmppSession | null = null;
  let bound = false;
  let closed = false;
  let failures = 0;
  let linkError: string | null = 'Not bound to the SMS centre yet.';
  let reconnectTimer: NodeJS.Timeout | null = null;
  let keepAlive: NodeJS.Timeout | null = null;
  const waitingForBind = new Set<() => void>();
  /** Answers awaited on the current session: rejected when it drops. */
  const awaiting = new Set<(reason: string) => void>();
  const parts = new Map<string, PartGroup>();

  const wakeWaiters = () => {
    for (const wake of [...waitingForBind]) wake();
  };

  const scheduleReconnect = () => {
    if (closed || reconnectTimer) return;
    failures += 1;
    const delay = rebindDelayMs(failures, options.rebindInitialMs, options.rebindMaxMs);
    reconnectTimer = setTimeout(() => {
      reconnectTimer = null;
      connect();
    }, delay);
    reconnectTimer.unref();
  };

  const dropSession = (current: SmppSession, reason: string) => {
    if (session !== current) return;
    session = null;
    bound = false;
    linkError = reason;
    if (keepAlive) clearInterval(keepAlive);
    keepAlive = null;
    for (const reject of [...awaiting]) reject(reason);
    awaiting.clear();
    wakeWaiters();
    try {
      current.destroy();
    } catch {
      // already gone
    }
    scheduleReconnect();
  };

  /** Sends `pdu` on the current session and waits for its answer, at most `timeoutMs`. */
  const request = (current: SmppSession, send: (callback: (pdu: SmppPdu) => void) => boolean, what: string, waitMs = options.timeoutMs): Promise<SmppPdu> =>
    new Promise((resolve, reject) => {
      let timer: NodeJS.Timeout;
      const fail = (reason: string) => {
        clearTimeout(timer);
        awaiting.delete(fail);
        reject(new Error(reason));
      };
      timer = setTimeout(() => fail(`The SMS centre did not answer ${what} in time.`), Math.max(1, waitMs));
      awaiting.add(fail);
      const written = send((pdu) => {
        clearTimeout(timer);
        awaiting.delete(fail);
        resolve(pdu);
      });
      if (!written) fail(`The link to the SMS centre is down; ${what} was not sent.`);
    });

  const applyReceipt = async (receipt: SmsReceipt, triesLeft: number): Promise<void> => {
    if (!options.onReceipt) return;
    try {
      if (await options.onReceipt(receipt)) return;
    } catch (error) {
      log('error', 'recording an SMS receipt failed', { error: error instanceof Error ? error.message : String(error) });
    }
    if (triesLeft > 0 && !closed) setTimeout(() => void applyReceipt(receipt, triesLeft - 1), receiptRetryMs).unref();
  };

  const settleGroup = (group: PartGroup) => {
    if (!group.complete || (group.pending.size > 0 && group.failure === null)) return;
    for (const [id, g] of parts) if (g === group) parts.delete(id);
    const receipt: SmsReceipt = group.failure === null ? { providerMessageId: group.primary, delivered: true } : { providerMessageId: group.primary, delivered: false, reason: group.failure };
    void applyReceipt(receipt, receiptRetries);
  };

  const onDeliverSm = (current: SmppSession, pdu: SmppPdu) => {
    current.send(pdu.response());
    const short = pdu.short_message;
    const text = typeof short === 'string' ? short : Buffer.isBuffer(short) ? short.toString('latin1') : typeof short?.message === 'string' ? short.message : Buffer.isBuffer(short?.message) ? short.message.toString('latin1') : '';
    const receipt = parseDeliveryReceipt({ esm_class: pdu.esm_class, receipted_message_id: pdu.receipted_message_id, message_state: pdu.message_state, text });
    if (!receipt || !receipt.final) return;
    const reason = `The SMS centre reports the SMS as ${receipt.state}${receipt.error ? ` (err ${receipt.error})` : ''}: check the phone number in the profile.`;
    const partReceipt = (group: PartGroup) => {
      group.pending.delete(receipt.messageId);
      if (!receipt.delivered && group.failure === null) group.failure = reason;
      settleGroup(group);
    };
    const group = parts.get(receipt.messageId);
    if (group) return partReceipt(group);
    // a receipt read in the same chunk as its submit_sm_resp comes before the sender has noted the part
    setImmediate(() => {
      const later = parts.get(receipt.messageId);
      if (later) return partReceipt(later);
      void applyReceipt(receipt.delivered ? { providerMessageId: receipt.messageId, delivered: true } : { providerMessageId: receipt.messageId, delivered: false, reason }, receiptRetries);
    });
  };

  function connect(): void {
    if (closed) return;
    const current = smpp.connect({ host: target.host, port: target.port, tls: target.tls });
    session = current;
    current.on('error', (error) => {
      log('warn', 'SMPP link error', { error: error.message, host: target.host, port: target.port });
      dropSession(current, `The SMS centre at ${target.host}:${target.port} cannot be reached (${error.message}); the notices wait.`);
    });
    current.on('close', () => dropSession(current, 'The link to the SMS centre dropped; re-binding.'));
    current.on('unbind', (pdu) => {
      current.send(pdu.response());
      dropSession(current, 'The SMS centre ended the session; re-binding.');
    });
    current.on('enquire_link', (pdu) => current.send(pdu.response()));
    current.on('deliver_sm', (pdu) => onDeliverSm(current, pdu));
    current.on(target.tls ? 'secureConnect' : 'connect', () => {
      const bind = options.bindMode === 'transmitter' ? current.bind_transmitter.bind(current) : current.bind_transceiver.bind(current);
      request(current, (callback) => bind({ system_id: target.systemId, password: target.password, interface_version: 0x34 }, callback), 'the bind')
        .then((pdu) => {
          if (session !== current) return;
          if (pdu.command_status !== 0) {
            const reason = describeBindFailure(pdu.command_status);
            log('error', 'SMPP bind refused', { reason, systemId: target.systemId, host: target.host, port: target.port });
            dropSession(current, reason);
            return;
          }
          bound = true;
          failures = 0;
          linkError = null;
          keepAlive = setInterval(() => {
            request(current, (callback) => (current as unknown as { enquire_link(o: object, cb: (pdu: SmppPdu) => void): boolean }).enquire_link({}, callback), 'enquire_link').catch(
              (error: Error) => dropSession(current, `${error.message} The link is re-bound.`),
            );
          }, options.enquireLinkMs);
          keepAlive.unref();
          wakeWaiters();
        })
        .catch((error: Error) => dropSession(current, error.message));
    });
  }

  /** The bound session, waiting for it up to `deadline`; null when the link stays down. */
  const boundSession = async (deadline: number): Promise<SmppSession | null> => {
    while (!(bound && session) && !closed && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          waitingForBind.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, Math.max(1, Math.min(deadline - Date.now(), 250)));
        waitingForBind.add(wake);
      });
    }
    return bound && session ? session : null;
  };

  connect();

  return {
    channel: 'SMS',
    ratePerSecond: options.ratePerSecond,
    get bound() {
      return bound;
    },
    get linkError() {
      return linkError;
    },
    async send(_delivery, message): Promise<SendOutcome> {
      if (!message.phone) {
        return { kind: 'permanent', reason: 'The account has no verified phone number any more: confirm one with updateContact and verifyContact, or turn SMS off in the notification preferences.' };
      }
      const destination = destinationOf(message.phone);
      if (!destination) return { kind: 'permanent', reason: `The phone number ${message.phone} cannot receive SMS: correct it in the profile.` };
      const deadline = Date.now() + options.timeoutMs;
      const current = await boundSession(deadline);
      if (!current) return { kind: 'transient', reason: linkError ?? 'Not bound to the SMS centre.' };
      const octets = segmentUcs2(composeSms(message), randomInt(256));
      const group: PartGroup = { primary: '', pending: new Set(), failure: null, complete: false };
      for (const part of octets) {
        let pdu: SmppPdu;
        try {
          pdu = await request(
            current,
            (callback) =>
              current.submit_sm(
                {
                  source_addr_ton: 5,
                  source_addr_npi: 0,
                  source_addr: options.senderId,
                  dest_addr_ton: 1,
                  dest_addr_npi: 1,
                  destination_addr: destination,
                  esm_class: octets.length > 1 ? ESM_CLASS_UDHI : 0,
                  data_coding: DATA_CODING_UCS2,
                  registered_delivery: options.bindMode === 'transceiver' ? 1 : 0,
                  short_message: part,
                },
                callback,
              ),
            'submit_sm',
            deadline - Date.now(),
          );
        } catch (error) {
          return { kind: 'transient', reason: (error as Error).message };
        }
        if (pdu.command_status !== 0) return classifySubmitStatus(pdu.command_status);
        const id = pdu.message_id ?? '';
        if (!group.primary) group.primary = id;
        if (octets.length > 1 && id) {
          group.pending.add(id);
          parts.set(id, group);
        }
      }
      while (parts.size > MAX_TRACKED_PARTS) parts.delete(parts.keys().next().value as string);
      group.complete = true;
      if (octets.length > 1) settleGroup(group);
      return { kind: 'sent', providerMessageId: group.primary || null };
    },
    async close() {
      closed = true;
      if (reconnectTimer) clearTimeout(reconnectTimer);
      if (keepAlive) clearInterval(keepAlive);
      wakeWaiters();
      const current = session;
      session = null;
      bound = false;
      if (!current) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          current.destroy();
          resolve();
        }, 1000);
        const done = () => {
          clearTimeout(timer);
          current.destroy();
          resolve();
        };
        if (!current.unbind({}, done)) done();
      });
    },
  };
}

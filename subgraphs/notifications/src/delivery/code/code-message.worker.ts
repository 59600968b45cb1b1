import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { type BackgroundTask, type LanguageCode, log, openOneTimeCode, type OneTimeCodeKeys, startPeriodicTask } from '@portal/kit';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { ChannelSender, NoticeMessage } from '../channel-sender';
import { afterAttempt, type RetryPolicy, type SendOutcome, shortReason } from '../delivery-job.rules';
import { type CodePurposeCode, composeCodeMessage } from './code-message.rules';

export interface CodeWorkerOptions {
  /** The EMAIL and SMS senders of the delivery worker (others are ignored). */
  senders: readonly ChannelSender[];
  keys: OneTimeCodeKeys;
  /** Backoff between attempts; a code is given up when it expires (or after maxAttempts). */
  policy: Omit<RetryPolicy, 'maxAgeMs'>;
  leaseMs: number;
  pollMs: number;
  random?: () => number;
}

interface ClaimedCode {
  code_id: string;
  user_id: string;
  purpose: CodePurposeCode;
  channel: 'EMAIL' | 'SMS';
  destination: string;
  language: LanguageCode;
  sealed_code: string | null;
  attempts: number;
  created_ms: number;
  expires_ms: number;
}

/** Codes claimed at once per channel: few, since each is someone waiting at a form. */
const CLAIM_LIMIT = 10;

/** Claims due codes of a channel: the attempt is counted and leased in a committed transaction before it is sent (as for notices). */
async function claimCodes(em: EntityManager, channel: 'EMAIL' | 'SMS', owner: string, leaseMs: number): Promise<ClaimedCode[]> {
  return em.fork().execute<ClaimedCode[]>(
    `with due as (
       select code_id from notifications.one_time_code_message
        where channel = ? and status = 'QUEUED' and next_attempt_at <= now()
          and (lease_expires_at is null or lease_expires_at <= now())
        order by next_attempt_at
        limit ?
        for update skip locked
     )
     update notifications.one_time_code_message m
        set attempts = m.attempts + 1, lease_owner = ?, lease_expires_at = now() + (?::double precision * interval '1 millisecond'),
            last_attempt_at = now(), updated_at = now()
       from due
      where m.code_id = due.code_id
     returning m.code_id, m.user_id, m.purpose, m.channel, m.destination, m.language, m.sealed_code, m.attempts,
               (extract(epoch from m.created_at) * 1000)::float8 as created_ms, (extract(epoch from m.expires_at) * 1000)::float8 as expires_ms`,
    [channel, CLAIM_LIMIT, owner, leaseMs],
  );
}

/** Records an attempt while this worker still holds its lease; once the code is out (or given up) its sealed copy is dropped. */
async function recordCodeAttempt(em: EntityManager, claimed: ClaimedCode, owner: string, result: ReturnType<typeof afterAttempt>): Promise<boolean> {
  const done = result.status !== 'QUEUED';
  const updated = await em.fork().execute<Array<{ code_id: string }>>(
    `update notifications.one_time_code_message
        set status = ?, last_error = ?, next_attempt_at = ?, lease_owner = null, lease_expires_at = null,
            sealed_code = case when ? then null else sealed_code end,
            sent_at = case when ? in ('SENT', 'DELIVERED') then now() else sent_at end,
            delivered_at = case when ? = 'DELIVERED' then now() else delivered_at end,
            provider_message_id = coalesce(?, provider_message_id), updated_at = now()
      where code_id = ? and attempts = ? and lease_owner = ? and status = 'QUEUED'
      returning code_id`,
    [result.status, result.lastError, result.nextAttemptAt, done, result.status, result.status, result.providerMessageId, claimed.code_id, claimed.attempts, owner],
  );
  return updated.length > 0;
}

/** An SMS receipt for a code (found by the SMSC's message id): SENT becomes DELIVERED or FAILED. True when applied. */
export async function recordCodeReceipt(em: EntityManager, receipt: { providerMessageId: string } & ({ delivered: true } | { delivered: false; reason: string })): Promise<boolean> {
  const updated = await em.fork().execute<Array<{ code_id: string }>>(
    `update notifications.one_time_code_message
        set status = ?, delivered_at = case when ? then now() else delivered_at end, last_error = ?, updated_at = now()
      where channel = 'SMS' and provider_message_id = ? and status = 'SENT'
      returning code_id`,
    [receipt.delivered ? 'DELIVERED' : 'FAILED', receipt.delivered, receipt.delivered ? null : shortReason(receipt.reason), receipt.providerMessageId],
  );
  return updated.length > 0;
}

/** One attempt: the code opened just for the message, sent to the address identity named (the one being verified). */
async function sendCode(sender: ChannelSender, claimed: ClaimedCode, keys: OneTimeCodeKeys): Promise<SendOutcome> {
  if (Date.now() >= claimed.expires_ms) return { kind: 'permanent', reason: 'The code expired before it could be sent; the user must ask for a new one.' };
  if (!claimed.sealed_code) return { kind: 'permanent', reason: 'The sealed code is gone.' };
  let code: string;
  try {
    code = openOneTimeCode(keys, claimed.code_id, claimed.sealed_code);
  } catch {
    return { kind: 'permanent', reason: 'The code could not be opened: ONE_TIME_CODE_KEY differs between identity and notifications.' };
  }
  const text = composeCodeMessage({ purpose: claimed.purpose, channel: claimed.channel, language: claimed.language, code, expiresAt: new Date(claimed.expires_ms) });
  const message: NoticeMessage = {
    userId: claimed.user_id,
    type: claimed.purpose === 'PASSWORD_RESET' ? 'PASSWORD_RESET_CODE' : 'CONTACT_VERIFICATION_CODE',
    language: claimed.language,
    title: text.title,
    body: text.body,
    smsText: text.sms,
    applicationId: null,
    applicationNumber: null,
    email: claimed.channel === 'EMAIL' ? claimed.destination : null,
    phone: claimed.channel === 'SMS' ? claimed.destination : null,
    telegramChatId: null,
  };
  try {
    return await sender.send({ notificationId: claimed.code_id, channel: claimed.channel, attempt: claimed.attempts }, message);
  } catch (error) {
    return { kind: 'transient', reason: `The ${sender.channel} sender failed: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/**
 * Sends one-time codes through the channels' senders ahead of notices: its own queue and loop, each
 * code sent as a message of its own as soon as it is queued, retried with backoff until it expires.
 * Safe in every replica (leased like notices).
 */
export function startCodeWorker(orm: MikroORM, options: CodeWorkerOptions): BackgroundTask {
  const owner = `${hostname()}:${process.pid}:codes:${randomUUID().slice(0, 8)}`;
  const random = options.random ?? Math.random;
  const senders = options.senders.filter((sender): sender is ChannelSender & { channel: 'EMAIL' | 'SMS' } => sender.channel === 'EMAIL' || sender.channel === 'SMS');

  const sendChannel = async (sender: ChannelSender & { channel: 'EMAIL' | 'SMS' }): Promise<boolean> => {
    const claimed = await claimCodes(orm.em, sender.channel, owner, options.leaseMs);
    await Promise.all(
      claimed.map(async (code) => {
        const outcome = await sendCode(sender, code, options.keys);
        const policy = { ...options.policy, maxAgeMs: Math.max(0, code.expires_ms - code.created_ms) };
        const result = afterAttempt({ outcome, attempts: code.attempts, createdAt: new Date(code.created_ms), now: new Date(), random: random(), policy });
        if (!(await recordCodeAttempt(orm.em, code, owner, result))) {
          log.warn({ task: 'notifications.code-worker', codeId: code.code_id }, 'the lease of this code attempt expired before it ended');
        } else if (result.status === 'FAILED') {
          log.warn({ task: 'notifications.code-worker', codeId: code.code_id, reason: result.lastError }, 'one-time code not sent');
        }
      }),
    );
    return claimed.length === CLAIM_LIMIT;
  };

  const task = startPeriodicTask({
    name: 'notifications.code-worker',
    everyMs: options.pollMs,
    async work() {
      const more = await Promise.all(senders.map(sendChannel));
      return more.some(Boolean);
    },
  });
  return { drain: task.drain, stop: task.stop };
}

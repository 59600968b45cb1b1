import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { type BackgroundTask, claimDueJobs, jobOwnerId, type LanguageCode, log as kitLog, startPeriodicTask } from '@portal/kit';
import type { ChannelSender, DeliveryAttempt, NoticeMessage } from './channel-sender';
import { afterAttempt, type AttemptResult, type RetryPolicy, type SendOutcome, shortReason } from './delivery-job.rules';
import type { DeliveryMetrics } from './delivery.metrics';
import { CLOSING_NOTICE_TYPE, type NotificationChannelCode } from './delivery.rules';

export interface DeliveryWorkerOptions {
  senders: readonly ChannelSender[];
  policy: RetryPolicy;
  /** How long a claimed attempt is this worker's; after that another replica may try again. */
  leaseMs: number;
  pollMs: number;
  /** Deliveries claimed per channel at once (the rate limit may allow fewer). */
  batchSize?: number;
  metrics?: DeliveryMetrics;
  random?: () => number;
}

/** A delivery this worker holds the lease on, for attempt number `attempt`. */
export interface ClaimedDelivery extends DeliveryAttempt {
  createdAt: Date;
}

/**
 * Claims due QUEUED deliveries of one channel: the attempt is counted and the lease taken in one
 * committed transaction before anything is sent, so a crash mid-send leaves a counted attempt whose
 * lease expires (and is retried as the next attempt), never a second send of the same attempt.
 * Claims of one channel are serialized across replicas, which makes the rate limit global: at most
 * `ratePerSecond` attempts start in any second.
 */
export async function claimDeliveries(
  em: EntityManager,
  options: { channel: NotificationChannelCode; owner: string; leaseMs: number; limit: number; ratePerSecond: number },
): Promise<{ claimed: ClaimedDelivery[]; rateLimited: boolean }> {
  return em.fork().transactional(async (tx) => {
    await tx.execute(`select pg_advisory_xact_lock(hashtext('notifications.delivery.claim'), hashtext(?))`, [options.channel]);
    const [{ recent }] = await tx.execute<Array<{ recent: number }>>(
      `select count(*)::int as recent from notifications.delivery where channel = ? and last_attempt_at > now() - interval '1 second'`,
      [options.channel],
    );
    const allowed = Math.max(0, Math.min(options.limit, Math.floor(options.ratePerSecond) - recent));
    if (allowed === 0) return { claimed: [], rateLimited: true };
    const jobs = await claimDueJobs(tx, {
      table: 'notifications.delivery',
      keyColumns: ['notification_id', 'channel'],
      waiting: `channel = ? and status = 'QUEUED'`,
      waitingParams: [options.channel],
      owner: options.owner,
      leaseMs: options.leaseMs,
      limit: allowed,
    });
    const claimed = jobs.map((job) => ({ notificationId: job.keys.notification_id, channel: options.channel, attempt: job.attempt, createdAt: job.createdAt }));
    return { claimed, rateLimited: allowed < options.limit };
  });
}

/**
 * Records how an attempt ended, only if this worker still holds that attempt's lease: a late answer
 * from an attempt whose lease expired (another replica took it over) changes nothing. True when recorded.
 */
export async function recordAttempt(em: EntityManager, claimed: DeliveryAttempt, owner: string, result: AttemptResult): Promise<boolean> {
  const done = result.status === 'SENT' || result.status === 'DELIVERED';
  const updated = await em.fork().execute<Array<{ notification_id: string }>>(
    `update notifications.delivery
        set status = ?, last_error = ?, next_attempt_at = ?, lease_owner = null, lease_expires_at = null,
            sent_at = case when ? then now() else sent_at end,
            delivered_at = case when ? then now() else delivered_at end,
            provider_message_id = coalesce(?, provider_message_id),
            updated_at = now()
      where notification_id = ? and channel = ? and attempts = ? and lease_owner = ? and status = 'QUEUED'
      returning notification_id`,
    [result.status, result.lastError, result.nextAttemptAt, done, result.status === 'DELIVERED', result.providerMessageId, claimed.notificationId, claimed.channel, claimed.attempt, owner],
  );
  return updated.length > 0;
}

/**
 * Applies a channel's receipt for a message it accepted earlier (found by the channel's message id):
 * SENT becomes DELIVERED, or FAILED with the reason. For receipt-giving channels (SMS delivery
 * receipts); a receipt for an unknown message, or one already settled, changes nothing. True when applied.
 */
export async function recordDeliveryReceipt(
  em: EntityManager,
  receipt: { channel: NotificationChannelCode; providerMessageId: string } & ({ delivered: true } | { delivered: false; reason: string }),
): Promise<boolean> {
  const updated = await em.fork().execute<Array<{ notification_id: string }>>(
    `update notifications.delivery
        set status = ?, delivered_at = case when ? then now() else delivered_at end, last_error = ?, updated_at = now()
      where channel = ? and provider_message_id = ? and status = 'SENT'
      returning notification_id`,
    [
      receipt.delivered ? 'DELIVERED' : 'FAILED',
      receipt.delivered,
      receipt.delivered ? null : shortReason(receipt.reason),
      receipt.channel,
      receipt.providerMessageId,
    ],
  );
  return updated.length > 0;
}

interface MessageRow {
  id: string;
  user_id: string;
  type: string;
  title_ky: string;
  title_ru: string;
  body_ky: string;
  body_ru: string;
  application_id: string | null;
  number: string | null;
  preferred_language: LanguageCode | null;
  email: string | null;
  phone: string | null;
  blocked: boolean | null;
  closed: boolean | null;
  telegram_chat_id: string | null;
}

/** The claimed notices in their recipients' languages, with the addresses known now. */
async function messagesOf(em: EntityManager, notificationIds: string[]): Promise<Map<string, NoticeMessage & { blocked: boolean; closed: boolean }>> {
  const rows = await em.fork().execute<MessageRow[]>(
    `select n.id, n.user_id, n.type, n.title_ky, n.title_ru, n.body_ky, n.body_ru, n.application_id, a.number,
            r.preferred_language, r.email, r.phone, r.blocked, r.closed, p.telegram_chat_id
       from notifications.notification n
       left join notifications.recipient r on r.user_id = n.user_id
       left join notifications.application_summary a on a.application_id = n.application_id
       left join notifications.notification_preference p on p.user_id = n.user_id
      where n.id in (${notificationIds.map(() => '?').join(', ')})`,
    notificationIds,
  );
  return new Map(
    rows.map((row) => {
      const language: LanguageCode = row.preferred_language ?? 'KY';
      return [
        row.id,
        {
          userId: row.user_id,
          type: row.type,
          language,
          title: language === 'RU' ? row.title_ru : row.title_ky,
          body: language === 'RU' ? row.body_ru : row.body_ky,
          applicationId: row.application_id,
          applicationNumber: row.number,
          email: row.email,
          phone: row.phone,
          telegramChatId: row.telegram_chat_id,
          blocked: row.blocked ?? false,
          closed: row.closed ?? false,
        },
      ];
    }),
  );
}

async function attempt(sender: ChannelSender, claimed: ClaimedDelivery, message: (NoticeMessage & { blocked: boolean; closed: boolean }) | undefined): Promise<SendOutcome> {
  if (!message) return { kind: 'permanent', reason: 'The notification no longer exists.' };
  if (message.blocked) return { kind: 'permanent', reason: 'The account is blocked: it is reached through the cabinet only.' };
  if (message.closed && message.type !== CLOSING_NOTICE_TYPE) return { kind: 'permanent', reason: 'The holder withdrew consent: the account receives no more notices.' };
  try {
    return await sender.send(claimed, message);
  } catch (error) {
    // a sender that throws has not said the message went out: try again later
    return { kind: 'transient', reason: `The ${sender.channel} sender failed: ${error instanceof Error ? error.message : String(error)}` };
  }
}

const deliveryLog = kitLog.child({ task: 'notifications.delivery-worker' });
function log(level: 'info' | 'warn' | 'error', message: string, extra: Record<string, unknown> = {}): void {
  deliveryLog[level](extra, message);
}

/**
 * Sends queued deliveries on every channel that has a sender; channels without one (Telegram
 * until its sender exists) stay QUEUED and are never claimed. Safe to run in every
 * replica: claims are leased in the database.
 */
export function startDeliveryWorker(orm: MikroORM, options: DeliveryWorkerOptions): BackgroundTask {
  const owner = jobOwnerId();
  const batchSize = options.batchSize ?? 20;
  const random = options.random ?? Math.random;

  const sendChannel = async (sender: ChannelSender): Promise<boolean> => {
    const { claimed, rateLimited } = await claimDeliveries(orm.em, { channel: sender.channel, owner, leaseMs: options.leaseMs, limit: batchSize, ratePerSecond: sender.ratePerSecond });
    if (claimed.length === 0) return false;
    const messages = await messagesOf(orm.em, claimed.map((c) => c.notificationId));
    await Promise.all(
      claimed.map(async (delivery) => {
        const outcome = await attempt(sender, delivery, messages.get(delivery.notificationId));
        const result = afterAttempt({ outcome, attempts: delivery.attempt, createdAt: delivery.createdAt, now: new Date(), random: random(), policy: options.policy });
        const recorded = await recordAttempt(orm.em, delivery, owner, result);
        if (!recorded) {
          log('warn', 'the lease of this attempt expired before it ended: another attempt owns the delivery now', { ...delivery, outcome: outcome.kind });
          return;
        }
        options.metrics?.attempted(sender.channel, result.status);
        if (result.status === 'FAILED') log('warn', 'delivery failed', { ...delivery, reason: result.lastError });
      }),
    );
    return claimed.length === batchSize && !rateLimited;
  };

  const task = startPeriodicTask({
    name: 'notifications.delivery-worker',
    everyMs: options.pollMs,
    async work() {
      const more = await Promise.all(options.senders.map(sendChannel));
      return more.some(Boolean);
    },
  });
  return {
    drain: task.drain,
    async stop() {
      await task.stop();
      for (const sender of options.senders) await sender.close?.();
    },
  };
}

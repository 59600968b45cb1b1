import { oneTimeCodeKeysFrom, type SubgraphDefinition, startOutboxRelay } from '@portal/kit';
import type { ChannelSender } from './delivery/channel-sender';
import { startCodeMessageConsumer } from './delivery/code/code-message.consumer';
import { recordCodeReceipt, startCodeWorker } from './delivery/code/code-message.worker';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { NotificationsConfig } from './config';
import { notificationsEntities } from './entities';
import { notificationsMigrations } from './migrations';
import { startAccountNoticeConsumer } from './account/account-notice.consumer';
import { registerDeliveryMetrics } from './delivery/delivery.metrics';
import { recordDeliveryReceipt, startDeliveryWorker } from './delivery/delivery.worker';
import { createEmailSender } from './delivery/email/email.sender';
import { createSmsSender } from './delivery/sms/sms.sender';
import { markChatUnusable, type TelegramLinkSettings } from './delivery/telegram/telegram-link.service';
import { createTelegramSender } from './delivery/telegram/telegram.sender';
import { startTelegramPolling } from './delivery/telegram/telegram.updates';
import { telegramWebhookRoute } from './delivery/telegram/telegram.webhook';
import { startNoticeConsumer } from './notice/notice.consumer';
import { startRecipientProjection } from './recipient/recipient.consumer';
import { buildNotificationsSchema } from './schema';

/**
 * The notifications subgraph as the launcher, composition and tests run it. Without a config
 * (subgraph tests of notices alone) nothing is sent: deliveries stay QUEUED.
 */
export function createNotificationsSubgraph(config?: NotificationsConfig): SubgraphDefinition {
  const telegram = config?.TELEGRAM_BOT_TOKEN
    ? { apiUrl: config.TELEGRAM_API_URL, token: config.TELEGRAM_BOT_TOKEN, timeoutMs: config.TELEGRAM_TIMEOUT_MS }
    : null;
  const linkSettings: TelegramLinkSettings | null = telegram
    ? { botUsername: config!.TELEGRAM_BOT_USERNAME.replace(/^@/, ''), linkTtlMs: config!.TELEGRAM_LINK_TTL_MINUTES * 60_000 }
    : null;
  return {
    name: 'notifications',
    schema: 'notifications',
    entities: notificationsEntities,
    migrations: notificationsMigrations,
    buildSchema: buildNotificationsSchema,
    extendContext: (base) => Object.assign(base, { telegram: linkSettings }),
    routes: (orm) => (telegram && config!.TELEGRAM_UPDATES === 'webhook' ? [telegramWebhookRoute(orm, telegram, config!.TELEGRAM_WEBHOOK_SECRET)] : []),
    // listed in drain order: recipients first so notices see them, the relay last so it publishes what they recorded
    background: (orm, { databaseUrl, metrics }) => {
      const senders: ChannelSender[] = config
        ? [
            createEmailSender({
              smtpUrl: config.SMTP_URL,
              from: config.NOTIFY_EMAIL_FROM,
              portalWebUrl: config.PORTAL_WEB_URL,
              ratePerSecond: config.EMAIL_RATE_PER_SECOND,
              timeoutMs: config.SMTP_TIMEOUT_MS,
            }),
            createSmsSender({
              smppUrl: config.SMPP_URL,
              senderId: config.SMS_SENDER_ID,
              bindMode: config.SMPP_BIND_MODE as 'transceiver' | 'transmitter',
              ratePerSecond: config.SMS_RATE_PER_SECOND,
              timeoutMs: config.SMPP_TIMEOUT_MS,
              enquireLinkMs: config.SMPP_ENQUIRE_LINK_MS,
              rebindInitialMs: 1000,
              rebindMaxMs: 60_000,
              onReceipt: async (receipt) => (await recordDeliveryReceipt(orm.em, { channel: 'SMS', ...receipt })) || recordCodeReceipt(orm.em, receipt),
            }),
            ...(telegram
              ? [
                  createTelegramSender({
                    ...telegram,
                    portalWebUrl: config.PORTAL_WEB_URL,
                    ratePerSecond: config.TELEGRAM_RATE_PER_SECOND,
                    onChatUnusable: (chatId) => markChatUnusable(orm.em.fork() as EntityManager, chatId),
                  }),
                ]
              : []),
          ]
        : [];
      return [
        startRecipientProjection(orm, { databaseUrl }),
        startNoticeConsumer(orm, { databaseUrl }),
        startAccountNoticeConsumer(orm, { databaseUrl }),
        startCodeMessageConsumer(orm, { databaseUrl }),
        ...(config
          ? [
              startDeliveryWorker(orm, {
                senders,
                policy: {
                  maxAttempts: config.DELIVERY_MAX_ATTEMPTS,
                  maxAgeMs: config.DELIVERY_MAX_AGE_HOURS * 3_600_000,
                  initialDelayMs: config.DELIVERY_RETRY_INITIAL_DELAY_MS,
                  maxDelayMs: config.DELIVERY_RETRY_MAX_DELAY_MS,
                },
                leaseMs: config.DELIVERY_LEASE_SECONDS * 1000,
                pollMs: config.DELIVERY_POLL_MS,
                metrics: registerDeliveryMetrics(metrics.registry, orm),
              }),
              startCodeWorker(orm, {
                senders,
                keys: oneTimeCodeKeysFrom(config.ONE_TIME_CODE_KEY),
                policy: { maxAttempts: config.DELIVERY_MAX_ATTEMPTS, initialDelayMs: config.DELIVERY_RETRY_INITIAL_DELAY_MS, maxDelayMs: config.DELIVERY_RETRY_MAX_DELAY_MS },
                leaseMs: config.DELIVERY_LEASE_SECONDS * 1000,
                pollMs: config.DELIVERY_POLL_MS,
              }),
              ...(telegram && config.TELEGRAM_UPDATES === 'polling'
                ? [startTelegramPolling(orm, { ...telegram, pollTimeoutSeconds: config.TELEGRAM_POLL_TIMEOUT_SECONDS, idleMs: config.DELIVERY_POLL_MS })]
                : []),
            ]
          : []),
        startOutboxRelay(orm, { databaseUrl, source: 'notifications' }),
      ];
    },
  };
}

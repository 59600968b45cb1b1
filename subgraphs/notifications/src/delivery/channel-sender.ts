import type { LanguageCode } from '@portal/kit';
import type { SendOutcome } from './delivery-job.rules';
import type { NotificationChannelCode } from './delivery.rules';

/** The delivery being attempted: which notice, on which channel, which attempt (from 1). */
export interface DeliveryAttempt {
  notificationId: string;
  channel: NotificationChannelCode;
  attempt: number;
}

/** The notice as a channel needs it: texts in the recipient's language and where to reach them now. */
export interface NoticeMessage {
  userId: string;
  type: string;
  language: LanguageCode;
  title: string;
  body: string;
  applicationId: string | null;
  applicationNumber: string | null;
  email: string | null;
  phone: string | null;
  telegramChatId: string | null;
  /** The whole SMS text, when the message writes its own (one-time codes); else the SMS names the title. */
  smsText?: string | null;
}

/**
 * One outside channel (email, SMS, Telegram). The delivery worker claims, retries, rate-limits and
 * records; a sender only tries once and says how it went. It must give up (transient) well before
 * the worker's lease ends, so an attempt is never still running when another may start.
 */
export interface ChannelSender {
  readonly channel: Exclude<NotificationChannelCode, 'CABINET'>;
  /** Attempts started per second on this channel, across all replicas. */
  readonly ratePerSecond: number;
  send(delivery: DeliveryAttempt, message: NoticeMessage): Promise<SendOutcome>;
  close?(): Promise<void>;
}

export const NOTIFICATION_CHANNELS = ['CABINET', 'EMAIL', 'SMS', 'TELEGRAM'] as const;
export type NotificationChannelCode = (typeof NOTIFICATION_CHANNELS)[number];

export const DELIVERY_STATUSES = ['QUEUED', 'SENT', 'DELIVERED', 'FAILED'] as const;
export type DeliveryStatusCode = (typeof DELIVERY_STATUSES)[number];

/** Where a user can be reached, from the UserProfileChanged projection and their preferences. */
export interface RecipientReach {
  channels: readonly NotificationChannelCode[];
  email: string | null;
  phone: string | null;
  telegramChatId: string | null;
  blocked: boolean;
  /** Consent withdrawn: only the notice confirming it goes beyond the cabinet. */
  closed?: boolean;
}

/** The one notice a closed account (consent withdrawn) still receives beyond the cabinet: the one confirming it. */
export const CLOSING_NOTICE_TYPE = 'CONSENT_WITHDRAWN';

export interface PlannedDelivery {
  channel: NotificationChannelCode;
  status: DeliveryStatusCode;
  attempts: number;
  lastError: string | null;
}

const MISSING_ADDRESS: Record<Exclude<NotificationChannelCode, 'CABINET'>, string> = {
  EMAIL: 'The account has no verified email address: confirm one with updateContact and verifyContact, or turn EMAIL off in the notification preferences.',
  SMS: 'The account has no verified phone number: confirm one with updateContact and verifyContact, or turn SMS off in the notification preferences.',
  TELEGRAM: 'No Telegram chat is linked: link one with startTelegramLink, or turn TELEGRAM off in the notification preferences.',
};

/**
 * The deliveries recorded with a new notification. The cabinet has it as soon as it is stored
 * (L-25: always). Other chosen channels are QUEUED for the delivery worker (delivery.worker.ts),
 * which sends those that have a sender. A channel whose address is gone is FAILED at once, saying why;
 * a blocked account (U-2) is reached through the cabinet only.
 */
export function plannedDeliveries(reach: RecipientReach, options: { closingNotice?: boolean } = {}): PlannedDelivery[] {
  const deliveries: PlannedDelivery[] = [{ channel: 'CABINET', status: 'DELIVERED', attempts: 1, lastError: null }];
  if (reach.blocked || (reach.closed && !options.closingNotice)) return deliveries;
  const address: Record<Exclude<NotificationChannelCode, 'CABINET'>, string | null> = { EMAIL: reach.email, SMS: reach.phone, TELEGRAM: reach.telegramChatId };
  for (const channel of NOTIFICATION_CHANNELS) {
    if (channel === 'CABINET' || !reach.channels.includes(channel)) continue;
    deliveries.push(
      address[channel]
        ? { channel, status: 'QUEUED', attempts: 0, lastError: null }
        : { channel, status: 'FAILED', attempts: 0, lastError: MISSING_ADDRESS[channel] },
    );
  }
  return deliveries;
}

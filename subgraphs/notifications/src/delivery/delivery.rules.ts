export const NOTIFICATION_CHANNELS = ['CABINET', 'EMAIL', 'SMS', 'TELEGRAM'] as const;
export type NotificationChannelCode = (typeof NOTIFICATION_CHANNELS)[number];

export const DELIVERY_STATUSES = ['QUEUED', 'SENT', 'DELIVERED', 'FAILED'] as const;
export type DeliveryStatusCode = (typeof DELIVERY_STATUSES)[number];

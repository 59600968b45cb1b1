import { createTransport } from 'nodemailer';
import type { ChannelSender } from '../channel-sender';
import { classifySmtpFailure, composeEmail, type SmtpFailure } from './email.rules';

export interface EmailSenderOptions {
  smtpUrl: string;
  from: string;
  portalWebUrl: string;
  ratePerSecond: number;
  timeoutMs: number;
}

/** The host part of an address like `"Name" <user@host>`, for Message-IDs. */
function domainOf(from: string): string {
  const match = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from);
  return match?.[1] ?? 'portal.invalid';
}

/**
 * Sends notices by email through the SMTP server of SMTP_URL, one connection per attempt (a pool
 * would retry a failed message by itself, behind the worker's back). The Message-ID
 * is the same for every attempt of one delivery, so a receiving system can tell a retry of a message
 * whose acceptance was lost from a new one.
 */
export function createEmailSender(options: EmailSenderOptions): ChannelSender {
  const transport = createTransport({
    url: options.smtpUrl,
    connectionTimeout: options.timeoutMs,
    greetingTimeout: options.timeoutMs,
    socketTimeout: options.timeoutMs,
  });
  const domain = domainOf(options.from);
  return {
    channel: 'EMAIL',
    ratePerSecond: options.ratePerSecond,
    async send(delivery, message) {
      if (!message.email) {
        return { kind: 'permanent', reason: 'The account has no verified email address any more: confirm one with updateContact and verifyContact, or turn EMAIL off in the notification preferences.' };
      }
      const email = composeEmail(message, options.portalWebUrl);
      try {
        const info = await transport.sendMail({
          from: options.from,
          to: message.email,
          subject: email.subject,
          text: email.text,
          html: email.html,
          messageId: `<${delivery.notificationId}.email@${domain}>`,
          headers: {
            'List-Unsubscribe': `<${email.preferencesUrl}>`,
            'Content-Language': message.language.toLowerCase(),
            'Auto-Submitted': 'auto-generated',
          },
        });
        // accepted by the receiving server for the recipient: delivered as mail services count it (a later bounce is not tracked)
        const accepted = info.rejected.length === 0 && info.accepted.length > 0;
        return { kind: 'sent', providerMessageId: info.messageId, delivered: accepted };
      } catch (error) {
        return classifySmtpFailure(error as SmtpFailure);
      }
    },
    async close() {
      transport.close();
    },
  };
}

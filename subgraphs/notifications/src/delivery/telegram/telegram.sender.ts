import type { ChannelSender } from '../channel-sender';
import { portalLinks } from '../email/email.rules';
import { type BotApiOptions, callBotApi } from './bot-api';
import { chatIsUnusable, classifyBotApiAnswer, composeTelegramText } from './telegram.rules';

export interface TelegramSenderOptions extends BotApiOptions {
  portalWebUrl: string;
  ratePerSecond: number;
  /** Called when Telegram says the chat cannot be reached any more (403: the user blocked the bot). */
  onChatUnusable(chatId: string): Promise<void>;
}

/** Sends notices with the Bot API's sendMessage to the chat the user linked (startTelegramLink). */
export function createTelegramSender(options: TelegramSenderOptions): ChannelSender {
  return {
    channel: 'TELEGRAM',
    ratePerSecond: options.ratePerSecond,
    async send(_delivery, message) {
      if (!message.telegramChatId) {
        return { kind: 'permanent', reason: 'No Telegram chat is linked any more: link one with startTelegramLink, or turn TELEGRAM off in the notification preferences.' };
      }
      const { cabinetUrl } = portalLinks(options.portalWebUrl, message.applicationId);
      const reply = await callBotApi(options, 'sendMessage', {
        chat_id: message.telegramChatId,
        text: composeTelegramText(message, cabinetUrl),
        link_preview_options: { is_disabled: true },
      });
      if (reply.status === 0) return { kind: 'transient', reason: `Telegram did not answer: ${reply.networkError}` };
      if (chatIsUnusable(reply.status, reply.answer)) await options.onChatUnusable(message.telegramChatId);
      return classifyBotApiAnswer(reply.status, reply.answer);
    },
  };
}

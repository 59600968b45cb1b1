import { NOTIFICATION_CHANNELS, type NotificationChannelCode } from '../delivery/delivery.rules';

/** Without a choice of their own, users get notices in the cabinet only. */
export const DEFAULT_CHANNELS: readonly NotificationChannelCode[] = ['CABINET'];

/** A private Telegram chat id: a positive whole number (up to 52 bits, so at most 16 digits). */
const TELEGRAM_CHAT_ID = /^[1-9][0-9]{0,15}$/;

export interface PreferenceChoice {
  channels: readonly NotificationChannelCode[];
  telegramChatId?: string | null;
}

/** The addresses identity knows for the account (UserProfileChanged). */
export interface AccountContacts {
  email: string | null;
  phone: string | null;
}

export interface PreferenceProblem {
  field: 'channels' | 'telegramChatId';
  message: string;
}

/** Preferences as stored: channels once each, in a fixed order; a blank chat id is no chat id. */
export function normalizePreferences(choice: PreferenceChoice): { channels: NotificationChannelCode[]; telegramChatId: string | null } {
  const telegramChatId = choice.telegramChatId?.trim() || null;
  return { channels: NOTIFICATION_CHANNELS.filter((channel) => choice.channels.includes(channel)), telegramChatId };
}

/** Everything wrong with a choice of channels, each saying how to fix it; empty when it can be saved. */
export function preferenceProblems(choice: PreferenceChoice, contacts: AccountContacts): PreferenceProblem[] {
  const problems: PreferenceProblem[] = [];
  const repeated = NOTIFICATION_CHANNELS.filter((channel) => choice.channels.filter((c) => c === channel).length > 1);
  if (repeated.length > 0) {
    problems.push({ field: 'channels', message: `List each channel once; ${repeated.join(', ')} ${repeated.length === 1 ? 'appears' : 'appear'} more than once.` });
  }
  if (!choice.channels.includes('CABINET')) {
    problems.push({ field: 'channels', message: 'Keep CABINET among the channels: the personal cabinet always receives notifications.' });
  }
  if (choice.channels.includes('EMAIL') && !contacts.email) {
    problems.push({ field: 'channels', message: 'EMAIL needs an email address on your account: add one to your profile first, or leave EMAIL out.' });
  }
  if (choice.channels.includes('SMS') && !contacts.phone) {
    problems.push({ field: 'channels', message: 'SMS needs a phone number on your account: add one to your profile first, or leave SMS out.' });
  }
  const chatId = choice.telegramChatId?.trim() || null;
  if (chatId !== null && !TELEGRAM_CHAT_ID.test(chatId)) {
    problems.push({
      field: 'telegramChatId',
      message: `telegramChatId must be the numeric id of your chat with the portal's Telegram bot, e.g. 123456789; got "${chatId.slice(0, 40)}".`,
    });
  } else if (chatId === null && choice.channels.includes('TELEGRAM')) {
    problems.push({ field: 'telegramChatId', message: "TELEGRAM needs telegramChatId: the numeric id of your chat with the portal's Telegram bot." });
  }
  return problems;
}

import { NOTIFICATION_CHANNELS, type NotificationChannelCode } from '../delivery/delivery.rules';

/** Without a choice of their own, users get notices in the cabinet only. */
export const DEFAULT_CHANNELS: readonly NotificationChannelCode[] = ['CABINET'];

/** A chat is proven to be the user's only by the deep link of startTelegramLink, never typed in. */
export const TELEGRAM_CHAT_ID_REFUSED =
  'telegramChatId cannot be set here: link your Telegram chat with startTelegramLink (open the link it returns and press Start in Telegram).';

export interface PreferenceChoice {
  channels: readonly NotificationChannelCode[];
  telegramChatId?: string | null;
}

/** The verified addresses identity announced for the account (UserProfileChanged) and the linked Telegram chat. */
export interface AccountContacts {
  email: string | null;
  phone: string | null;
  telegramChatId?: string | null;
}

export interface PreferenceProblem {
  field: 'channels' | 'telegramChatId';
  message: string;
}

/** Channels as stored: once each, in a fixed order. */
export function normalizeChannels(channels: readonly NotificationChannelCode[]): NotificationChannelCode[] {
  return NOTIFICATION_CHANNELS.filter((channel) => channels.includes(channel));
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
    problems.push({ field: 'channels', message: 'EMAIL needs a verified email address on your account: set it with updateContact(channel: EMAIL, value) and confirm the code it sends with verifyContact, or leave EMAIL out.' });
  }
  if (choice.channels.includes('SMS') && !contacts.phone) {
    problems.push({ field: 'channels', message: 'SMS needs a verified phone number on your account: set it with updateContact(channel: PHONE, value) and confirm the code it sends by SMS with verifyContact, or leave SMS out.' });
  }
  if (choice.telegramChatId !== undefined && choice.telegramChatId !== null) {
    problems.push({ field: 'telegramChatId', message: TELEGRAM_CHAT_ID_REFUSED });
  } else if (choice.channels.includes('TELEGRAM') && !contacts.telegramChatId) {
    problems.push({ field: 'channels', message: 'TELEGRAM needs a linked Telegram chat: link one with startTelegramLink first, or leave TELEGRAM out.' });
  }
  return problems;
}

import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { backgroundWork, type BackgroundTask } from '@portal/kit';
import { type BotApiOptions, callBotApi } from './bot-api';
import { redeemLinkCode } from './telegram-link.service';
import { linkReply, startCode } from './telegram.rules';

/** The part of a Telegram Update (https://core.telegram.org/bots/api#update) linking reads. */
export interface TelegramUpdate {
  update_id: number;
  message?: { text?: string; chat?: { id?: number; type?: string } };
}

/**
 * Handles one update: `/start <code>` in a private chat redeems the code and answers the chat in the
 * user's language. Anything else is ignored.
 */
export async function handleTelegramUpdate(em: EntityManager, api: BotApiOptions, update: TelegramUpdate): Promise<void> {
  const chat = update.message?.chat;
  const code = startCode(update.message?.text);
  if (!code || chat?.type !== 'private' || typeof chat.id !== 'number' || chat.id <= 0) return;
  const chatId = String(chat.id);
  const { state, language } = await redeemLinkCode(em, code, chatId);
  await callBotApi(api, 'sendMessage', { chat_id: chatId, text: linkReply(state, language) });
}

export interface TelegramPollingOptions extends BotApiOptions {
  /** Long-poll timeout of getUpdates, seconds (0 in tests). */
  pollTimeoutSeconds: number;
  /** Wait after an empty or failed poll. */
  idleMs: number;
}

/**
 * Reads the bot's updates with getUpdates long polling (TELEGRAM_UPDATES=polling): run it in ONE
 * replica only, Telegram refuses two pollers of one bot. Confirms each batch by the next offset.
 */
export function startTelegramPolling(orm: MikroORM, options: TelegramPollingOptions): BackgroundTask {
  let offset = 0;
  let stopped = false;
  let current: AbortController | null = null;
  let chain: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | null = null;

  const pollOnce = async (timeoutSeconds: number): Promise<void> => {
    const abort = new AbortController();
    current = abort;
    const reply = await callBotApi(
      { ...options, timeoutMs: options.timeoutMs + timeoutSeconds * 1000 },
      'getUpdates',
      { offset, timeout: timeoutSeconds, allowed_updates: ['message'] },
      abort.signal,
    ).finally(() => {
      current = null;
    });
    if (!reply.answer?.ok || !Array.isArray(reply.answer.result)) return;
    for (const update of reply.answer.result as TelegramUpdate[]) {
      await backgroundWork.run('telegram-updates', () => handleTelegramUpdate(orm.em.fork() as EntityManager, options, update));
      offset = Math.max(offset, update.update_id + 1);
    }
  };
  const enqueue = (timeoutSeconds: number): Promise<void> => {
    chain = chain.then(() => (stopped ? undefined : pollOnce(timeoutSeconds))).catch(() => undefined);
    return chain;
  };
  const loop = (): void => {
    if (stopped) return;
    void enqueue(options.pollTimeoutSeconds).then(() => {
      if (!stopped) timer = setTimeout(loop, options.idleMs);
    });
  };
  loop();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      current?.abort();
      await chain;
    },
    async drain() {
      // a long poll in flight only waits for news: cut it short (its updates, if any, come again)
      current?.abort();
      await enqueue(0);
    },
  };
}

import type { BotApiAnswer } from './telegram.rules';

export interface BotApiOptions {
  /** TELEGRAM_API_URL: https://api.telegram.org or the stand-in. */
  apiUrl: string;
  /** TELEGRAM_BOT_TOKEN: part of every URL, so never in a log line or an error. */
  token: string;
  timeoutMs: number;
}

export interface BotApiReply {
  /** HTTP status; 0 when no answer came (refused connection, timeout). */
  status: number;
  answer: BotApiAnswer | null;
  /** Why there was no answer, without the URL (it holds the token). */
  networkError?: string;
}

/** One Bot API call: POST <apiUrl>/bot<token>/<method> with a JSON body; never throws. */
export async function callBotApi(options: BotApiOptions, method: string, params: Record<string, unknown>, signal?: AbortSignal): Promise<BotApiReply> {
  const base = options.apiUrl.endsWith('/') ? options.apiUrl : `${options.apiUrl}/`;
  // not new URL(relative, base): the token's colon would make `bot<id>:` a scheme
  const url = `${base}bot${options.token}/${encodeURIComponent(method)}`;
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, options.timeoutMs);
  const onAbort = (): void => controller.abort();
  signal?.addEventListener('abort', onAbort);
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(params),
      signal: controller.signal,
    });
    const text = await response.text();
    let answer: BotApiAnswer | null = null;
    try {
      const parsed = JSON.parse(text) as unknown;
      if (parsed && typeof parsed === 'object' && typeof (parsed as BotApiAnswer).ok === 'boolean') answer = parsed as BotApiAnswer;
    } catch {
      answer = null;
    }
    return { status: response.status, answer };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    // the error's message may quote the URL, and the URL holds the token: only its kind is kept
    return { status: 0, answer: null, networkError: timedOut ? `no answer within ${options.timeoutMs} ms` : (cause ?? (error as Error).name ?? 'network error') };
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}

import { loadConfig, num, oneTimeCodeEnvSpec, oneTimeCodeKeysFrom, port, str, subgraphEnvSpec, url } from '@portal/kit';

/** The SMTP stand-in `npm start` runs (standins/src/smtp.ts). */
export const DEV_SMTP_URL = 'smtp://portal:portal@127.0.0.1:4106';
/** The SMSC stand-in `npm start` runs (standins/src/smpp.ts). */
export const DEV_SMPP_URL = 'smpp://portal:portal@127.0.0.1:4108';

export const notificationsEnvSpec = {
  ...subgraphEnvSpec,
  PORT: port({ default: 4005, desc: 'HTTP port of the notifications subgraph' }),
  SMTP_URL: str({ devDefault: DEV_SMTP_URL, desc: 'mail submission server: smtp://user:pass@host:port (STARTTLS when offered), smtps:// for TLS' }),
  NOTIFY_EMAIL_FROM: str({ default: '"Мамлекеттик порталы / Госпортал" <no-reply@portal.kg>', desc: 'sender of notice emails' }),
  PORTAL_WEB_URL: url({ default: 'http://localhost:4000/', desc: 'the web portal: emails link to its cabinet and notification preferences' }),
  EMAIL_RATE_PER_SECOND: num({ default: 10, desc: 'emails started per second, across replicas' }),
  SMTP_TIMEOUT_MS: num({ default: 30_000, desc: 'connection, greeting and socket timeout of one SMTP attempt' }),
  SMPP_URL: str({ devDefault: DEV_SMPP_URL, desc: 'SMS centre: smpp://system_id:password@host:port (ssmpp:// for TLS)' }),
  SMPP_BIND_MODE: str({ choices: ['transceiver', 'transmitter'], default: 'transceiver', desc: 'transceiver: submit and receive delivery receipts on one session; transmitter: submit only (SMS end at SENT)' }),
  SMS_SENDER_ID: str({ default: 'Gosportal', desc: 'alphanumeric sender id of notice SMS (up to 11 characters, registered with the operator)' }),
  SMS_RATE_PER_SECOND: num({ default: 10, desc: 'SMS notices started per second, across replicas (each part is one submit_sm)' }),
  SMPP_TIMEOUT_MS: num({ default: 5_000, desc: 'longest time of one SMS attempt: waiting for the bound link and the answers to all its parts' }),
  SMPP_ENQUIRE_LINK_MS: num({ default: 30_000, desc: 'enquire_link keep-alive period of the SMPP session' }),
  TELEGRAM_BOT_TOKEN: str({ default: '', desc: 'token of the portal\'s Telegram bot from @BotFather; empty: no Telegram channel (never logged)' }),
  TELEGRAM_BOT_USERNAME: str({ default: '', desc: 'the bot\'s username, for the t.me deep links of startTelegramLink; required with TELEGRAM_BOT_TOKEN' }),
  TELEGRAM_API_URL: url({ default: 'https://api.telegram.org', desc: 'Bot API base URL (the stand-in in development)' }),
  TELEGRAM_UPDATES: str({ choices: ['polling', 'webhook'], default: 'polling', desc: 'how the bot hears /start: getUpdates long polling (one replica only) or POST /telegram/webhook' }),
  TELEGRAM_WEBHOOK_SECRET: str({ default: '', desc: 'with webhook: the secret_token given to setWebhook, checked in X-Telegram-Bot-Api-Secret-Token' }),
  TELEGRAM_LINK_TTL_MINUTES: num({ default: 15, desc: 'how long a startTelegramLink code can be used' }),
  TELEGRAM_RATE_PER_SECOND: num({ default: 25, desc: 'Telegram messages started per second, across replicas (Telegram allows about 30)' }),
  TELEGRAM_TIMEOUT_MS: num({ default: 10_000, desc: 'timeout of one Bot API call (beyond the long-poll time of getUpdates)' }),
  TELEGRAM_POLL_TIMEOUT_SECONDS: num({ default: 25, desc: 'long-poll timeout of getUpdates' }),
  DELIVERY_MAX_ATTEMPTS: num({ default: 10, desc: 'attempts per delivery before it is FAILED' }),
  DELIVERY_MAX_AGE_HOURS: num({ default: 24, desc: 'a delivery not sent this long after its notice is FAILED (R-34: within a working day)' }),
  DELIVERY_RETRY_INITIAL_DELAY_MS: num({ default: 10_000, desc: 'wait after the first failed attempt; doubles with each failure' }),
  DELIVERY_RETRY_MAX_DELAY_MS: num({ default: 900_000, desc: 'longest wait between two attempts' }),
  DELIVERY_LEASE_SECONDS: num({ default: 120, desc: 'how long a claimed attempt belongs to one replica before another may retry it' }),
  DELIVERY_POLL_MS: num({ default: 1000, desc: 'how often the delivery worker looks for due deliveries' }),
  ...oneTimeCodeEnvSpec,
};

export type NotificationsConfig = ReturnType<typeof loadNotificationsConfig>;

/** The notifications subgraph's validated settings (development defaults refused in production). */
export function loadNotificationsConfig(env: Record<string, string | undefined> = process.env) {
  const config = loadConfig(notificationsEnvSpec, env);
  const problems: string[] = [];
  let smtp: URL | null = null;
  try {
    smtp = new URL(config.SMTP_URL);
  } catch {
    problems.push('SMTP_URL: not a URL; expected smtp://user:pass@host:port or smtps://user:pass@host:port');
  }
  if (smtp && smtp.protocol !== 'smtp:' && smtp.protocol !== 'smtps:') problems.push(`SMTP_URL: the scheme must be smtp:// or smtps://, not ${smtp.protocol}//`);
  if (config.SMTP_TIMEOUT_MS * 3 >= config.DELIVERY_LEASE_SECONDS * 1000) {
    // connection, greeting and data each may take the timeout: an attempt must end before its lease
    problems.push('SMTP_TIMEOUT_MS: three times it must stay below DELIVERY_LEASE_SECONDS, so an attempt ends before another replica may retry it');
  }
  try {
    if (!/^s?smpp:$/.test(new URL(config.SMPP_URL).protocol)) problems.push('SMPP_URL: the scheme must be smpp:// or ssmpp://');
  } catch {
    problems.push('SMPP_URL: not a URL; expected smpp://system_id:password@host:port');
  }
  if (!/^[A-Za-z0-9 .-]{1,11}$/.test(config.SMS_SENDER_ID)) problems.push('SMS_SENDER_ID: 1 to 11 Latin letters, digits, spaces, dots or dashes');
  if (config.SMPP_TIMEOUT_MS >= config.DELIVERY_LEASE_SECONDS * 1000) {
    problems.push('SMPP_TIMEOUT_MS: must stay below DELIVERY_LEASE_SECONDS, so an attempt ends before another replica may retry it');
  }
  if (config.TELEGRAM_BOT_TOKEN) {
    if (!/^[0-9]+:[A-Za-z0-9_-]+$/.test(config.TELEGRAM_BOT_TOKEN)) problems.push('TELEGRAM_BOT_TOKEN: not a bot token; expected <bot id>:<secret> as @BotFather gives it');
    if (!/^@?[A-Za-z][A-Za-z0-9_]{3,31}$/.test(config.TELEGRAM_BOT_USERNAME)) problems.push('TELEGRAM_BOT_USERNAME: set the bot\'s username (5-32 letters, digits, _), the deep links name it');
    if (config.TELEGRAM_UPDATES === 'webhook' && !/^[A-Za-z0-9_-]{16,256}$/.test(config.TELEGRAM_WEBHOOK_SECRET)) {
      problems.push('TELEGRAM_WEBHOOK_SECRET: with TELEGRAM_UPDATES=webhook set 16-256 characters of A-Z, a-z, 0-9, _ and -, the same secret_token as in setWebhook');
    }
    if (config.TELEGRAM_TIMEOUT_MS >= config.DELIVERY_LEASE_SECONDS * 1000) problems.push('TELEGRAM_TIMEOUT_MS: must stay below DELIVERY_LEASE_SECONDS, so an attempt ends before another replica may retry it');
    if (!(config.TELEGRAM_POLL_TIMEOUT_SECONDS >= 0)) problems.push('TELEGRAM_POLL_TIMEOUT_SECONDS: must be 0 or more');
  }
  for (const key of ['EMAIL_RATE_PER_SECOND', 'SMS_RATE_PER_SECOND', 'SMPP_ENQUIRE_LINK_MS', 'TELEGRAM_LINK_TTL_MINUTES', 'TELEGRAM_RATE_PER_SECOND', 'TELEGRAM_TIMEOUT_MS', 'DELIVERY_MAX_ATTEMPTS', 'DELIVERY_MAX_AGE_HOURS', 'DELIVERY_RETRY_INITIAL_DELAY_MS', 'DELIVERY_RETRY_MAX_DELAY_MS', 'DELIVERY_POLL_MS'] as const) {
    if (!(config[key] > 0)) problems.push(`${key}: must be a positive number`);
  }
  try {
    oneTimeCodeKeysFrom(config.ONE_TIME_CODE_KEY);
  } catch (error) {
    problems.push((error as Error).message);
  }
  if (problems.length > 0) throw new Error(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  return config;
}

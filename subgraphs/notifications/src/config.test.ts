import { DEV_SECRETS } from '@portal/kit';
import { DEV_SMPP_URL, DEV_SMTP_URL, loadNotificationsConfig } from './config';

const base = { DATABASE_URL: 'postgres://localhost/portal' };
const PRODUCTION_CODE_KEY = { ONE_TIME_CODE_KEY: Buffer.alloc(32, 9).toString('base64') };

describe('loadNotificationsConfig', () => {
  it('sends to the SMTP stand-in in development, and needs SMTP_URL in production', () => {
    expect(loadNotificationsConfig(base)).toMatchObject({ SMTP_URL: DEV_SMTP_URL, PORTAL_WEB_URL: 'http://localhost:4000/', DELIVERY_MAX_ATTEMPTS: 10 });
    const production = { ...base, NODE_ENV: 'production', INTERNAL_SECRET: 'internal' };
    expect(() => loadNotificationsConfig(production)).toThrow(/SMTP_URL/);
    expect(loadNotificationsConfig({ ...production, ...PRODUCTION_CODE_KEY, SMTP_URL: 'smtps://portal:secret@mail.portal.kg:465', SMPP_URL: 'smpp://portal:secret@smsc.example.kg:2775' }).SMTP_URL).toBe(
      'smtps://portal:secret@mail.portal.kg:465',
    );
  });

  it('needs its own ONE_TIME_CODE_KEY in production: missing, the development one or too short is refused', () => {
    const production = { ...base, NODE_ENV: 'production', INTERNAL_SECRET: 'internal', SMTP_URL: 'smtps://portal:secret@mail.portal.kg:465', SMPP_URL: 'smpp://portal:secret@smsc.example.kg:2775' };
    expect(() => loadNotificationsConfig(production)).toThrow(/ONE_TIME_CODE_KEY/);
    expect(() => loadNotificationsConfig({ ...production, ONE_TIME_CODE_KEY: DEV_SECRETS.ONE_TIME_CODE_KEY })).toThrow(/development secrets; set ONE_TIME_CODE_KEY/);
    expect(() => loadNotificationsConfig({ ...production, ONE_TIME_CODE_KEY: Buffer.alloc(16, 7).toString('base64') })).toThrow(/ONE_TIME_CODE_KEY: must be at least 32 random bytes/);
    expect(loadNotificationsConfig({ ...production, ...PRODUCTION_CODE_KEY }).ONE_TIME_CODE_KEY).toBe(PRODUCTION_CODE_KEY.ONE_TIME_CODE_KEY);
  });

  it('sends SMS to the SMSC stand-in in development, and needs SMPP_URL in production', () => {
    expect(loadNotificationsConfig(base)).toMatchObject({ SMPP_URL: DEV_SMPP_URL, SMPP_BIND_MODE: 'transceiver', SMS_SENDER_ID: 'Gosportal' });
    const production = { ...base, NODE_ENV: 'production', INTERNAL_SECRET: 'internal', SMTP_URL: 'smtps://portal:secret@mail.portal.kg:465', ...PRODUCTION_CODE_KEY };
    expect(() => loadNotificationsConfig(production)).toThrow(/SMPP_URL/);
    expect(() => loadNotificationsConfig({ ...base, SMPP_URL: 'http://smsc.example.kg' })).toThrow(/SMPP_URL: the scheme must be smpp:\/\/ or ssmpp:\/\//);
    expect(() => loadNotificationsConfig({ ...base, SMPP_BIND_MODE: 'receiver' })).toThrow(/SMPP_BIND_MODE/);
    expect(() => loadNotificationsConfig({ ...base, SMS_SENDER_ID: 'Государственный' })).toThrow(/SMS_SENDER_ID: 1 to 11 Latin letters/);
    expect(() => loadNotificationsConfig({ ...base, SMPP_TIMEOUT_MS: '120000', DELIVERY_LEASE_SECONDS: '120' })).toThrow(/SMPP_TIMEOUT_MS: must stay below DELIVERY_LEASE_SECONDS/);
  });

  it('takes only smtp:// and smtps:// URLs', () => {
    expect(() => loadNotificationsConfig({ ...base, SMTP_URL: 'http://mail.portal.kg' })).toThrow(/SMTP_URL: the scheme must be smtp:\/\/ or smtps:\/\/, not http:\/\//);
    expect(() => loadNotificationsConfig({ ...base, SMTP_URL: 'mail.portal.kg:25' })).toThrow(/SMTP_URL/);
  });

  it('keeps an SMTP attempt shorter than its lease, and the retry settings positive', () => {
    expect(() => loadNotificationsConfig({ ...base, SMTP_TIMEOUT_MS: '60000', DELIVERY_LEASE_SECONDS: '120' })).toThrow(/SMTP_TIMEOUT_MS: three times it must stay below DELIVERY_LEASE_SECONDS/);
    expect(() => loadNotificationsConfig({ ...base, DELIVERY_MAX_ATTEMPTS: '0' })).toThrow(/DELIVERY_MAX_ATTEMPTS: must be a positive number/);
  });

  it('runs without Telegram unless a bot token is set, and then needs a sound bot setup', () => {
    expect(loadNotificationsConfig(base)).toMatchObject({ TELEGRAM_BOT_TOKEN: '', TELEGRAM_API_URL: 'https://api.telegram.org', TELEGRAM_UPDATES: 'polling' });
    const telegram = { ...base, TELEGRAM_BOT_TOKEN: '123456:ABC-def_ghi', TELEGRAM_BOT_USERNAME: 'KgPortalBot' };
    expect(loadNotificationsConfig(telegram).TELEGRAM_BOT_USERNAME).toBe('KgPortalBot');
    expect(() => loadNotificationsConfig({ ...telegram, TELEGRAM_BOT_TOKEN: 'not a token' })).toThrow(/TELEGRAM_BOT_TOKEN: not a bot token/);
    expect(() => loadNotificationsConfig({ ...telegram, TELEGRAM_BOT_USERNAME: '' })).toThrow(/TELEGRAM_BOT_USERNAME/);
    expect(() => loadNotificationsConfig({ ...telegram, TELEGRAM_UPDATES: 'webhook' })).toThrow(/TELEGRAM_WEBHOOK_SECRET/);
    expect(loadNotificationsConfig({ ...telegram, TELEGRAM_UPDATES: 'webhook', TELEGRAM_WEBHOOK_SECRET: 'a-long-enough-secret_1' }).TELEGRAM_UPDATES).toBe('webhook');
    expect(() => loadNotificationsConfig({ ...telegram, TELEGRAM_UPDATES: 'carrier-pigeon' })).toThrow(/TELEGRAM_UPDATES/);
  });
});

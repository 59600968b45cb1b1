import { DEV_SECRETS } from '@portal/kit';
import { feedOptionsFromEnv, loadGatewayEnv } from './config';

describe('gateway configuration', () => {
  it('refuses the development secret in production', () => {
    expect(() => loadGatewayEnv({ NODE_ENV: 'production', INTERNAL_SECRET: DEV_SECRETS.INTERNAL_SECRET })).toThrow(/INTERNAL_SECRET/);
  });
  it('starts in development with defaults and without an event log (no subscriptions)', () => {
    const env = loadGatewayEnv({});
    expect(env.PORT).toBe(4000);
    expect(env.DATABASE_URL).toBeUndefined();
  });
  it('reads the live feeds\' retry and replay settings, with defaults of about 30 s of retries and a day of replay', () => {
    expect(feedOptionsFromEnv({})).toEqual({ retryPolicy: { attempts: 6, initialDelayMs: 1000, maxDelayMs: 15_000 }, replayLimits: { maxEvents: 1000, maxAgeHours: 24 }, maxQueriesPerEvent: 8 });
    expect(feedOptionsFromEnv({ FEED_RETRY_ATTEMPTS: '3', FEED_RETRY_INITIAL_DELAY_MS: '10', FEED_REPLAY_MAX_EVENTS: '5' })).toMatchObject({ retryPolicy: { attempts: 3, initialDelayMs: 10 }, replayLimits: { maxEvents: 5 } });
    expect(() => feedOptionsFromEnv({ FEED_RETRY_ATTEMPTS: '0' })).toThrow(/FEED_RETRY_ATTEMPTS/);
    expect(() => feedOptionsFromEnv({ FEED_MAX_QUERIES_PER_EVENT: '0' })).toThrow(/FEED_MAX_QUERIES_PER_EVENT/);
    expect(() => feedOptionsFromEnv({ FEED_REPLAY_MAX_EVENTS: 'many' })).toThrow(/FEED_REPLAY_MAX_EVENTS/);
  });
});

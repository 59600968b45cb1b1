import { DEV_SECRETS } from '@portal/kit';
import { loadGatewayEnv } from './config';

describe('gateway configuration', () => {
  it('refuses the development secret in production', () => {
    expect(() => loadGatewayEnv({ NODE_ENV: 'production', INTERNAL_SECRET: DEV_SECRETS.INTERNAL_SECRET })).toThrow(/INTERNAL_SECRET/);
  });
  it('starts in development with defaults and without an event log (no subscriptions)', () => {
    const env = loadGatewayEnv({});
    expect(env.PORT).toBe(4000);
    expect(env.DATABASE_URL).toBeUndefined();
  });
});

import { DEV_SECRETS, loadConfig, subgraphEnvSpec } from './config';

describe('loadConfig', () => {
  const base = { DATABASE_URL: 'postgres://localhost/portal' };

  it('refuses to start in production with a development secret, naming the variable', () => {
    expect(() => loadConfig(subgraphEnvSpec, { ...base, NODE_ENV: 'production', INTERNAL_SECRET: DEV_SECRETS.INTERNAL_SECRET })).toThrow(/development secrets; set INTERNAL_SECRET/);
  });

  it('refuses to start in production without the secret at all', () => {
    expect(() => loadConfig(subgraphEnvSpec, { ...base, NODE_ENV: 'production' })).toThrow(/INTERNAL_SECRET/);
  });

  it('refuses invalid values with the variable named', () => {
    expect(() => loadConfig(subgraphEnvSpec, { NODE_ENV: 'staging', ...base })).toThrow(/NODE_ENV/);
    expect(() => loadConfig(subgraphEnvSpec, {})).toThrow(/DATABASE_URL/);
  });

  it('uses development defaults in development, also when NODE_ENV is unset', () => {
    expect(loadConfig(subgraphEnvSpec, base).INTERNAL_SECRET).toBe(DEV_SECRETS.INTERNAL_SECRET);
    expect(loadConfig(subgraphEnvSpec, { ...base, NODE_ENV: 'development' }).INTERNAL_SECRET).toBe(DEV_SECRETS.INTERNAL_SECRET);
    expect(loadConfig(subgraphEnvSpec, { ...base, NODE_ENV: 'production', INTERNAL_SECRET: 'a-real-secret' }).INTERNAL_SECRET).toBe('a-real-secret');
  });
});

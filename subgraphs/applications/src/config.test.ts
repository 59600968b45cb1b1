import { APPLICATIONS_DEV_SECRETS, loadApplicationsConfig } from './config';

const base = { DATABASE_URL: 'postgres://localhost/portal' };

describe('loadApplicationsConfig', () => {
  it('refuses to start in production with the development document link secret, or without one', () => {
    const production = { ...base, NODE_ENV: 'production', INTERNAL_SECRET: 'internal' };
    expect(() => loadApplicationsConfig({ ...production, DOCUMENT_LINK_SECRET: APPLICATIONS_DEV_SECRETS.DOCUMENT_LINK_SECRET })).toThrow(/DOCUMENT_LINK_SECRET/);
    expect(() => loadApplicationsConfig(production)).toThrow(/DOCUMENT_LINK_SECRET/);
    expect(loadApplicationsConfig({ ...production, DOCUMENT_LINK_SECRET: 'a real secret' }).DOCUMENT_LINK_SECRET).toBe('a real secret');
  });

  it('has a development default', () => {
    expect(loadApplicationsConfig(base).DOCUMENT_LINK_SECRET).toBe(APPLICATIONS_DEV_SECRETS.DOCUMENT_LINK_SECRET);
  });
});

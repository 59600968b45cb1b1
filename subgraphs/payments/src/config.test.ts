import { loadPaymentsConfig, PAYMENTS_DEV_SECRETS } from './config';

const base = { DATABASE_URL: 'postgres://localhost/portal' };

describe('loadPaymentsConfig', () => {
  it('refuses to start in production with the development callback secret', () => {
    const production = {
      ...base,
      NODE_ENV: 'production',
      INTERNAL_SECRET: 'internal',
      RECEIPT_BASE_URL: 'https://portal.kg/payments',
      RECEIPT_LINK_SECRET: 'receipts',
      SEPS_URL: 'https://seps.kg',
      PAYMENTS_PUBLIC_URL: 'https://portal.kg/payments',
    };
    expect(() => loadPaymentsConfig({ ...production, SEPS_CALLBACK_SECRET: PAYMENTS_DEV_SECRETS.SEPS_CALLBACK_SECRET })).toThrow(/SEPS_CALLBACK_SECRET/);
    expect(() => loadPaymentsConfig(production)).toThrow(/SEPS_CALLBACK_SECRET/);
    expect(loadPaymentsConfig({ ...production, SEPS_CALLBACK_SECRET: 'a real secret' }).SEPS_CALLBACK_SECRET).toBe('a real secret');
  });

  it('refuses a malformed issuer code or URL, naming the variable', () => {
    expect(() => loadPaymentsConfig({ ...base, UIN_ISSUER_CODE: '417' })).toThrow(/UIN_ISSUER_CODE: must be exactly 4 digits/);
    expect(() => loadPaymentsConfig({ ...base, SEPS_URL: 'seps.kg' })).toThrow(/SEPS_URL: must be an http\(s\) URL/);
  });

  it('has working development defaults', () => {
    expect(loadPaymentsConfig(base)).toMatchObject({
      SEPS_URL: 'http://127.0.0.1:4104',
      PAYMENTS_PUBLIC_URL: 'http://127.0.0.1:4004',
      UIN_ISSUER_CODE: '0417',
      SEPS_CALLBACK_SECRET: PAYMENTS_DEV_SECRETS.SEPS_CALLBACK_SECRET,
    });
  });
});

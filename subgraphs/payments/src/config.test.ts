import { loadPaymentsConfig, PAYMENTS_DEV_SECRETS } from './config';

const base = { DATABASE_URL: 'postgres://localhost/portal' };

describe('loadPaymentsConfig', () => {
  it('refuses to start in production with the development callback secret', () => {
    const production = {
      ...base,
      NODE_ENV: 'production',
      INTERNAL_SECRET: 'internal',
      PUBLIC_GATEWAY_URL: 'https://portal.kg',
      RECEIPT_LINK_SECRET: 'receipts',
      SEPS_URL: 'https://seps.kg',
      PAYMENTS_PUBLIC_URL: 'https://portal.kg/payments',
      SEPS_API_SECRET: 'a real api secret',
    };
    expect(() => loadPaymentsConfig({ ...production, SEPS_CALLBACK_SECRET: PAYMENTS_DEV_SECRETS.SEPS_CALLBACK_SECRET })).toThrow(/SEPS_CALLBACK_SECRET/);
    expect(() => loadPaymentsConfig(production)).toThrow(/SEPS_CALLBACK_SECRET/);
    expect(loadPaymentsConfig({ ...production, SEPS_CALLBACK_SECRET: 'a real secret' }).SEPS_CALLBACK_SECRET).toBe('a real secret');
  });

  it('refuses to start in production with the development API secret that signs requests to the payment system', () => {
    const production = {
      ...base,
      NODE_ENV: 'production',
      INTERNAL_SECRET: 'internal',
      PUBLIC_GATEWAY_URL: 'https://portal.kg',
      RECEIPT_LINK_SECRET: 'receipts',
      SEPS_URL: 'https://seps.kg',
      PAYMENTS_PUBLIC_URL: 'https://portal.kg/payments',
      SEPS_CALLBACK_SECRET: 'a real secret',
    };
    expect(() => loadPaymentsConfig({ ...production, SEPS_API_SECRET: PAYMENTS_DEV_SECRETS.SEPS_API_SECRET })).toThrow(/SEPS_API_SECRET/);
    expect(() => loadPaymentsConfig(production)).toThrow(/SEPS_API_SECRET/);
    expect(loadPaymentsConfig({ ...production, SEPS_API_SECRET: 'a real api secret' }).SEPS_API_SECRET).toBe('a real api secret');
  });

  it('refuses a retry base or reconciliation check interval that is not a number of milliseconds', () => {
    expect(() => loadPaymentsConfig({ ...base, SEPS_RETRY_BASE_MS: '5' })).toThrow(/SEPS_RETRY_BASE_MS/);
    expect(() => loadPaymentsConfig({ ...base, RECONCILIATION_CHECK_MS: 'daily' })).toThrow(/RECONCILIATION_CHECK_MS/);
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

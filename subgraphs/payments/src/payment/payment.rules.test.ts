import { ALREADY_PAID, CANCELLED_NOTHING_TO_PAY, callbackUrlOf, paymentPageUrl, reusableSession, sessionExpiry, whyNotPayable } from './payment.rules';

const now = new Date('2026-11-22T10:00:00Z');
const minutes = (n: number) => new Date(now.getTime() + n * 60_000);

describe('whyNotPayable', () => {
  it('refuses paid, cancelled and refunded accruals, each with its reason', () => {
    expect(whyNotPayable('PAID')).toBe(ALREADY_PAID);
    expect(whyNotPayable('PAID')).toMatch(/already paid/);
    expect(whyNotPayable('CANCELLED')).toBe(CANCELLED_NOTHING_TO_PAY);
    expect(whyNotPayable('CANCELLED')).toMatch(/cancelled.*nothing to pay/);
    expect(whyNotPayable('REFUNDED')).toMatch(/refunded/);
  });

  it('lets a pending accrual be paid', () => {
    expect(whyNotPayable('PENDING')).toBeNull();
  });
});

describe('reusableSession', () => {
  it('ignores closed sessions and those about to expire', () => {
    expect(reusableSession([], now)).toBeNull();
    expect(reusableSession([{ status: 'PAID', expiresAt: minutes(20) }, { status: 'FAILED', expiresAt: minutes(20) }], now)).toBeNull();
    expect(reusableSession([{ status: 'OPEN', expiresAt: minutes(4) }, { status: 'OPEN', expiresAt: minutes(-1) }], now)).toBeNull();
  });

  it('hands out the open session that lasts longest', () => {
    const longest = { status: 'OPEN' as const, expiresAt: minutes(25) };
    expect(reusableSession([{ status: 'OPEN', expiresAt: minutes(10) }, longest, { status: 'OPEN', expiresAt: minutes(5) }], now)).toBe(longest);
  });
});

describe('session URLs and expiry', () => {
  it('expires 30 minutes after opening', () => {
    expect(sessionExpiry(now)).toEqual(minutes(30));
  });

  it('builds the payment page and callback URLs without double slashes', () => {
    expect(paymentPageUrl('http://127.0.0.1:4104/', 'abc')).toBe('http://127.0.0.1:4104/pay/abc');
    expect(callbackUrlOf('https://portal.kg/payments//')).toBe('https://portal.kg/payments/callbacks/seps');
  });
});

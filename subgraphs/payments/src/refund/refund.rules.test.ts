import {
  ALREADY_REFUNDED,
  ALREADY_REFUNDED_OTHERWISE,
  canRequestRefund,
  decideRequestedRefund,
  confirmationProblem,
  decideRefund,
  formatRefundReceiptNumber,
  NOTHING_PAID_TO_REFUND,
  parseRefundConfirmation,
  REFUSED_REASON,
  refundReasonFor,
  WITHDRAWN_REASON,
} from './refund.rules';

describe('refundReasonFor: when a paid fee goes back', () => {
  it('returns the fee of a paid application withdrawn before a decision', () => {
    expect(refundReasonFor({ to: 'WITHDRAWN' }, 'PAID', null)).toBe(WITHDRAWN_REASON);
  });

  it('returns the fee of a refused application only where the standard says so', () => {
    expect(refundReasonFor({ to: 'REFUSED' }, 'PAID', { feeReturnedOnRefusal: true })).toBe(REFUSED_REASON);
    expect(refundReasonFor({ to: 'REFUSED' }, 'PAID', { feeReturnedOnRefusal: false })).toBeNull();
    // a version the payments subgraph has not heard of keeps the fee: nothing is returned by guess
    expect(refundReasonFor({ to: 'REFUSED' }, 'PAID', null)).toBeNull();
  });

  it('returns nothing that was not paid, nor after an approval or a rejection at intake', () => {
    for (const status of ['PENDING', 'CANCELLED', 'REFUNDED'] as const) expect(refundReasonFor({ to: 'WITHDRAWN' }, status, null)).toBeNull();
    expect(refundReasonFor({ to: 'APPROVED' }, 'PAID', { feeReturnedOnRefusal: true })).toBeNull();
    expect(refundReasonFor({ to: 'REJECTED' }, 'PAID', { feeReturnedOnRefusal: true })).toBeNull();
  });

  it('says why in both languages', () => {
    for (const reason of [WITHDRAWN_REASON, REFUSED_REASON]) {
      expect(reason.ky).toMatch(/[өүң]/);
      expect(reason.ru).toMatch(/[а-я]/);
    }
  });
});

describe('decideRefund: one refund per accrual, of a paid one only', () => {
  it('opens a refund of a paid accrual', () => {
    expect(decideRefund({ status: 'PAID' }, null)).toEqual({ kind: 'create' });
  });

  it('answers a repeated request with the refund that exists, whatever its state', () => {
    expect(decideRefund({ status: 'PAID' }, { id: 'r1' })).toEqual({ kind: 'existing', refundId: 'r1' });
    expect(decideRefund({ status: 'REFUNDED' }, { id: 'r1' })).toEqual({ kind: 'existing', refundId: 'r1' });
  });

  it('refuses an unpaid accrual and a second refund, saying why', () => {
    expect(decideRefund({ status: 'PENDING' }, null)).toEqual({ kind: 'refuse', message: NOTHING_PAID_TO_REFUND });
    expect(decideRefund({ status: 'CANCELLED' }, null)).toEqual({ kind: 'refuse', message: NOTHING_PAID_TO_REFUND });
    expect(decideRefund({ status: 'REFUNDED' }, null)).toEqual({ kind: 'refuse', message: ALREADY_REFUNDED });
  });
});

describe('refunds asked for by hand', () => {
  it('only an officer of the provider that charged the fee', () => {
    const accrual = { providerId: 'P1' };
    expect(canRequestRefund({ roles: ['PROVIDER_OFFICER'], providerId: 'p1' }, accrual)).toBe(true);
    expect(canRequestRefund({ roles: ['PROVIDER_OFFICER'], providerId: 'P2' }, accrual)).toBe(false);
    expect(canRequestRefund({ roles: ['CITIZEN'], providerId: null }, accrual)).toBe(false);
    expect(canRequestRefund({ roles: ['OPERATOR'], providerId: null }, accrual)).toBe(false);
  });

  it('the same request again is a retry; another reason for a refunded accrual is refused', () => {
    expect(decideRequestedRefund({ status: 'PAID' }, null, 'paid twice')).toEqual({ kind: 'create' });
    expect(decideRequestedRefund({ status: 'REFUNDED' }, { id: 'r1', reason: 'paid twice' }, 'paid twice')).toEqual({ kind: 'existing', refundId: 'r1' });
    expect(decideRequestedRefund({ status: 'REFUNDED' }, { id: 'r1', reason: 'paid twice' }, 'other')).toEqual({ kind: 'refuse', message: ALREADY_REFUNDED_OTHERWISE });
    expect(decideRequestedRefund({ status: 'PENDING' }, null, 'paid twice')).toEqual({ kind: 'refuse', message: NOTHING_PAID_TO_REFUND });
  });
});

describe('refund receipts and confirmations', () => {
  it('numbers refund receipts per year, apart from payment receipts', () => {
    expect(formatRefundReceiptNumber(2026, 7)).toBe('RF-2026-000007');
    expect(formatRefundReceiptNumber(2026, 1234567)).toBe('RF-2026-1234567');
    expect(() => formatRefundReceiptNumber(2026, 0)).toThrow(RangeError);
  });

  const valid = {
    refundId: '9f3c8a52-4a4e-4b8e-9d3c-0a1b2c3d4e5f',
    uin: '14232611220000000079',
    paymentTransactionId: 'SEPS-20261202-00A1',
    refundTransactionId: 'SEPSR-20261202-00B2',
    amountMinor: 20000,
    status: 'COMPLETED',
    completedAt: '2026-12-02T06:00:00Z',
  };

  it('reads a confirmation and refuses a malformed one, naming the field', () => {
    expect(parseRefundConfirmation(JSON.stringify(valid))).toEqual({ ok: true, confirmation: { ...valid, status: undefined, completedAt: new Date(valid.completedAt) } });
    expect(parseRefundConfirmation('nope')).toEqual({ ok: false, problem: 'the confirmation is not JSON' });
    expect(parseRefundConfirmation(JSON.stringify({ ...valid, status: 'PENDING' }))).toMatchObject({ ok: false, problem: expect.stringMatching(/^status/) });
    expect(parseRefundConfirmation(JSON.stringify({ ...valid, amountMinor: -1 }))).toMatchObject({ ok: false, problem: expect.stringMatching(/^amountMinor/) });
  });

  it('refuses a confirmation of another refund, UIN, payment or amount', () => {
    const confirmation = { ...valid, completedAt: new Date(valid.completedAt) };
    const expected = { refundId: valid.refundId, uin: valid.uin, paymentTransactionId: valid.paymentTransactionId, amountMinor: 20000 };
    expect(confirmationProblem(confirmation, expected)).toBeNull();
    expect(confirmationProblem(confirmation, { ...expected, refundId: 'other' })).toMatch(/another refund/);
    expect(confirmationProblem(confirmation, { ...expected, uin: '1'.repeat(20) })).toMatch(/another UIN/);
    expect(confirmationProblem(confirmation, { ...expected, paymentTransactionId: 'X' })).toMatch(/another payment/);
    expect(confirmationProblem(confirmation, { ...expected, amountMinor: 1 })).toMatch(/not the 1 paid/);
  });
});

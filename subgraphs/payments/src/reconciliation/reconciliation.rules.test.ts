import { type BookEntry, bishkekDayBounds, bishkekDayOf, dayProblem, parseStatement, previousDay, reconcile } from './reconciliation.rules';

const UIN_A = '14232611220000000079';
const UIN_B = '14232611220000000087';
const payment = (transactionId: string, uin = UIN_A, amountMinor = 20000): BookEntry => ({ kind: 'PAYMENT', transactionId, uin, amountMinor, status: 'COMPLETED' });

describe('Bishkek days', () => {
  it('a day runs from 00:00 to 24:00 Bishkek time (UTC+6)', () => {
    expect(bishkekDayBounds('2026-12-02')).toEqual({ start: new Date('2026-12-01T18:00:00Z'), end: new Date('2026-12-02T18:00:00Z') });
    expect(bishkekDayOf(new Date('2026-12-01T18:00:00Z'))).toBe('2026-12-02');
    expect(bishkekDayOf(new Date('2026-12-01T17:59:59Z'))).toBe('2026-12-01');
  });

  it('the daily run takes the day before, across months and years', () => {
    expect(previousDay('2026-12-02')).toBe('2026-12-01');
    expect(previousDay('2027-01-01')).toBe('2026-12-31');
    expect(previousDay('2028-03-01')).toBe('2028-02-29');
  });

  it('refuses what is not a day, and a day that has not begun', () => {
    const now = new Date('2026-12-02T06:00:00Z');
    expect(dayProblem('2026-12-02', now)).toBeNull();
    expect(dayProblem('2026-11-30', now)).toBeNull();
    expect(dayProblem('2026-12-03', now)).toMatch(/has not begun/);
    expect(dayProblem('2026-02-30', now)).toMatch(/not a calendar day/);
    expect(dayProblem('02.12.2026', now)).toMatch(/YYYY-MM-DD/);
  });
});

describe('reconcile: every difference between the books and the statement', () => {
  it('finds nothing when both sides agree, whatever the order', () => {
    const refund: BookEntry = { kind: 'REFUND', transactionId: 'SEPSR-1', uin: UIN_A, amountMinor: 20000, status: 'COMPLETED' };
    expect(reconcile([payment('T1'), refund, payment('T2', UIN_B)], [payment('T2', UIN_B), refund, payment('T1')])).toEqual([]);
  });

  it('a payment the statement lists but the portal never booked: missing in the portal', () => {
    expect(reconcile([], [payment('T9', UIN_B, 5000)])).toEqual([
      {
        kind: 'MISSING_IN_PORTAL',
        entryKind: 'PAYMENT',
        transactionId: 'T9',
        uin: UIN_B,
        portalUin: null,
        portalAmountMinor: null,
        paymentSystemAmountMinor: 5000,
        portalStatus: null,
        paymentSystemStatus: 'COMPLETED',
      },
    ]);
  });

  it('a payment booked by the portal that the statement lacks: missing in the payment system', () => {
    expect(reconcile([payment('T1')], [])).toMatchObject([{ kind: 'MISSING_IN_PAYMENT_SYSTEM', transactionId: 'T1', portalAmountMinor: 20000, paymentSystemAmountMinor: null }]);
  });

  it('the same transaction with another amount, status or UIN', () => {
    expect(reconcile([payment('T1')], [{ ...payment('T1'), amountMinor: 19999 }])).toMatchObject([{ kind: 'AMOUNT_DIFFERS', portalAmountMinor: 20000, paymentSystemAmountMinor: 19999 }]);
    expect(reconcile([payment('T1')], [{ ...payment('T1'), status: 'REVERSED' }])).toMatchObject([{ kind: 'STATUS_DIFFERS', portalStatus: 'COMPLETED', paymentSystemStatus: 'REVERSED' }]);
    expect(reconcile([payment('T1')], [payment('T1', UIN_B)])).toMatchObject([{ kind: 'UIN_DIFFERS', uin: UIN_B, portalUin: UIN_A }]);
  });

  it('a payment and a refund with the same transaction id are different entries', () => {
    expect(reconcile([payment('T1')], [{ ...payment('T1'), kind: 'REFUND' }]).map((m) => m.kind)).toEqual(['MISSING_IN_PORTAL', 'MISSING_IN_PAYMENT_SYSTEM']);
  });

  it('a transaction the statement lists twice: the second is missing in the portal', () => {
    expect(reconcile([payment('T1')], [payment('T1'), payment('T1')]).map((m) => m.kind)).toEqual(['MISSING_IN_PORTAL']);
  });
});

describe('parseStatement', () => {
  const statement = (entries: unknown[], date = '2026-12-02') => JSON.stringify({ date, generatedAt: '2026-12-02T10:00:00Z', entries });
  it('reads the entries of the day asked for', () => {
    const entry = { kind: 'PAYMENT', transactionId: 'SEPS-1', uin: UIN_A, amountMinor: 20000, status: 'COMPLETED', at: '2026-12-02T04:00:00Z' };
    expect(parseStatement(statement([entry]), '2026-12-02')).toEqual({ ok: true, statement: { date: '2026-12-02', entries: [payment('SEPS-1')] } });
  });

  it('refuses a statement of another day and malformed entries, naming the entry', () => {
    expect(parseStatement(statement([], '2026-12-01'), '2026-12-02')).toMatchObject({ ok: false, problem: expect.stringMatching(/not for 2026-12-02/) });
    expect(parseStatement('{', '2026-12-02')).toEqual({ ok: false, problem: 'the statement is not JSON' });
    expect(parseStatement(statement([{ kind: 'GIFT' }]), '2026-12-02')).toMatchObject({ ok: false, problem: 'entries[0].kind must be PAYMENT or REFUND' });
    expect(parseStatement(statement([{ ...payment('T'), amountMinor: 0 }]), '2026-12-02')).toMatchObject({ ok: false, problem: expect.stringMatching(/^entries\[0\]\.amountMinor/) });
  });
});

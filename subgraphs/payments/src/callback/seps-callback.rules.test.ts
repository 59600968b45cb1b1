import { makeUin } from '../accrual/uin.rules';
import { decideConfirmation, parseSepsCallback } from './seps-callback.rules';

const uin = makeUin({ issuerCode: '1423', date: new Date('2026-11-22T10:00:00Z'), sequence: 7 });
const valid = {
  sessionId: '9f3c8a52-4a4e-4b8e-9d3c-0a1b2c3d4e5f',
  uin,
  transactionId: 'SEPS-20261122-00A1',
  outcome: 'success',
  amountMinor: 50000,
  paidAt: '2026-11-22T16:05:00+06:00',
};
const body = (overrides: Record<string, unknown>) => JSON.stringify({ ...valid, ...overrides });

describe('parseSepsCallback', () => {
  it('refuses what is not a well-formed callback, saying which field is wrong', () => {
    expect(parseSepsCallback('not json')).toEqual({ ok: false, problem: 'the body is not JSON' });
    expect(parseSepsCallback('[]')).toEqual({ ok: false, problem: 'the body is not a JSON object' });
    expect(parseSepsCallback(body({ sessionId: 'x' }))).toMatchObject({ ok: false, problem: expect.stringMatching(/^sessionId/) });
    expect(parseSepsCallback(body({ uin: `${uin.slice(0, 19)}${(Number(uin[19]) + 1) % 10}` }))).toMatchObject({ ok: false, problem: expect.stringMatching(/^uin/) });
    expect(parseSepsCallback(body({ transactionId: '' }))).toMatchObject({ ok: false, problem: expect.stringMatching(/^transactionId/) });
    expect(parseSepsCallback(body({ transactionId: 'a b' }))).toMatchObject({ ok: false });
    expect(parseSepsCallback(body({ outcome: 'maybe' }))).toMatchObject({ ok: false, problem: expect.stringMatching(/^outcome/) });
    expect(parseSepsCallback(body({ amountMinor: '50000' }))).toMatchObject({ ok: false, problem: expect.stringMatching(/^amountMinor/) });
    expect(parseSepsCallback(body({ amountMinor: 0.5 }))).toMatchObject({ ok: false });
    expect(parseSepsCallback(body({ paidAt: '2026-11-22 16:05' }))).toMatchObject({ ok: false, problem: expect.stringMatching(/^paidAt/) });
    expect(parseSepsCallback(body({ paidAt: '2026-13-45T16:05:00Z' }))).toMatchObject({ ok: false, problem: 'paidAt is not a real date-time' });
  });

  it('reads a success with its payment time, and a failure without one', () => {
    expect(parseSepsCallback(Buffer.from(body({ sessionId: valid.sessionId.toUpperCase() })))).toEqual({
      ok: true,
      callback: { ...valid, paidAt: new Date('2026-11-22T10:05:00Z') },
    });
    expect(parseSepsCallback(body({ outcome: 'failure', paidAt: null, sessionId: null }))).toEqual({
      ok: true,
      callback: { ...valid, outcome: 'failure', paidAt: null, sessionId: null },
    });
  });
});

describe('decideConfirmation', () => {
  const pending = { id: 'a1', status: 'PENDING' as const, amountMinor: 50000 };
  const fresh = { receiptOfTransaction: null, sessionAccrualId: null };

  it('refuses unknown UINs, cancelled, refunded and already paid accruals, and wrong amounts', () => {
    expect(decideConfirmation(null, valid, fresh)).toMatchObject({ kind: 'refuse', httpStatus: 404, reason: 'UNKNOWN_UIN' });
    expect(decideConfirmation({ ...pending, status: 'CANCELLED' }, valid, fresh)).toMatchObject({ kind: 'refuse', httpStatus: 409, reason: 'ACCRUAL_CANCELLED' });
    expect(decideConfirmation({ ...pending, status: 'REFUNDED' }, valid, fresh)).toMatchObject({ kind: 'refuse', httpStatus: 409, reason: 'ACCRUAL_REFUNDED' });
    expect(decideConfirmation({ ...pending, status: 'PAID' }, valid, fresh)).toMatchObject({ kind: 'refuse', httpStatus: 409, reason: 'ALREADY_PAID' });
    expect(decideConfirmation(pending, { amountMinor: 49999 }, fresh)).toEqual({
      kind: 'refuse',
      httpStatus: 400,
      reason: 'AMOUNT_MISMATCH',
      message: 'The amount paid (49999 tyiyn) differs from the amount due (50000 tyiyn).',
    });
  });

  it('refuses a session or a transaction that belongs to another accrual', () => {
    expect(decideConfirmation(pending, valid, { receiptOfTransaction: null, sessionAccrualId: 'a2' })).toMatchObject({ reason: 'SESSION_OF_ANOTHER_ACCRUAL', httpStatus: 400 });
    expect(decideConfirmation(pending, valid, { receiptOfTransaction: { accrualId: 'a2' }, sessionAccrualId: null })).toMatchObject({
      reason: 'TRANSACTION_OF_ANOTHER_ACCRUAL',
      httpStatus: 409,
    });
  });

  it('treats a recorded transaction as a duplicate whatever the accrual state now', () => {
    expect(decideConfirmation({ ...pending, status: 'PAID' }, valid, { receiptOfTransaction: { accrualId: 'a1' }, sessionAccrualId: 'a1' })).toEqual({ kind: 'duplicate' });
  });

  it('confirms a pending accrual paid in full', () => {
    expect(decideConfirmation(pending, valid, { receiptOfTransaction: null, sessionAccrualId: 'a1' })).toEqual({ kind: 'confirm' });
  });
});

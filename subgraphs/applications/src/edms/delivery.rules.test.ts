import { actionOfUpdate, afterDeliveryAttempt, isDeliveryOverdue, sequenceProblem, staleUpdateProblem } from './delivery.rules';

const policy = { maxAttempts: 3, maxAgeMs: 3_600_000, initialDelayMs: 1000, maxDelayMs: 8000 };
const createdAt = new Date('2026-12-02T08:00:00Z');
const now = new Date('2026-12-02T08:00:10Z');
const base = { createdAt, now, random: 1, policy, attempts: 1, status: 'PENDING' as const };

describe('after a delivery attempt', () => {
  it('an acknowledgement with the delivery id ends the delivery', () => {
    expect(afterDeliveryAttempt({ ...base, outcome: { kind: 'ACKNOWLEDGED', httpStatus: 200 } })).toEqual({ status: 'ACKNOWLEDGED', lastError: null, nextAttemptAt: null, delivered: true, acknowledged: true });
  });

  it('a 2xx without the right id is DELIVERED and retried with backoff', () => {
    const next = afterDeliveryAttempt({ ...base, outcome: { kind: 'UNACKNOWLEDGED', httpStatus: 200, reason: 'wrong id' } });
    expect(next).toEqual({ status: 'DELIVERED', lastError: 'wrong id', nextAttemptAt: new Date(now.getTime() + 1000), delivered: true, acknowledged: false });
  });

  it('a failure keeps PENDING (or DELIVERED once reached), doubling the wait, then FAILED at the cap', () => {
    expect(afterDeliveryAttempt({ ...base, attempts: 2, outcome: { kind: 'FAILED', httpStatus: 500, reason: 'HTTP 500' } })).toMatchObject({ status: 'PENDING', nextAttemptAt: new Date(now.getTime() + 2000) });
    expect(afterDeliveryAttempt({ ...base, status: 'DELIVERED', outcome: { kind: 'FAILED', httpStatus: null, reason: 'timeout' } }).status).toBe('DELIVERED');
    expect(afterDeliveryAttempt({ ...base, attempts: 3, outcome: { kind: 'FAILED', httpStatus: null, reason: 'timeout' } })).toMatchObject({ status: 'FAILED', lastError: 'Gave up after 3 attempts: timeout' });
    expect(afterDeliveryAttempt({ ...base, outcome: { kind: 'FAILED', httpStatus: null, reason: 'moved back to the portal', permanent: true } })).toMatchObject({ status: 'FAILED', lastError: 'moved back to the portal' });
  });
});

describe('overdue deliveries', () => {
  it('are those not acknowledged within the configured time', () => {
    const hour = 3_600_000;
    const later = new Date(createdAt.getTime() + 2 * hour);
    expect(isDeliveryOverdue({ status: 'DELIVERED', createdAt, acknowledgedAt: null }, later, hour)).toBe(true);
    expect(isDeliveryOverdue({ status: 'PENDING', createdAt, acknowledgedAt: null }, now, hour)).toBe(false);
    expect(isDeliveryOverdue({ status: 'ACKNOWLEDGED', createdAt, acknowledgedAt: later }, later, hour)).toBe(false);
  });
});

describe('updates', () => {
  it('map to the transitions of the table', () => {
    const update = { protocol: 'portal-edms/1' as const, updateId: 'u-00000001', deliveryId: 'd', applicationId: 'a', sequence: 1, issuedAt: now.toISOString() };
    expect(actionOfUpdate({ ...update, kind: 'ACCEPTED' })).toEqual({ action: 'accept', reason: null });
    expect(actionOfUpdate({ ...update, kind: 'REJECTED', reason: ' нет ' })).toEqual({ action: 'reject', reason: 'нет' });
    expect(actionOfUpdate({ ...update, kind: 'DECIDED', decision: 'REFUSED', reason: 'нет' }).action).toBe('refuse');
    expect(actionOfUpdate({ ...update, kind: 'DECIDED', decision: 'APPROVED', result: { document: {}, signature: 'x' } }).action).toBe('approve');
  });

  it('must come next in sequence and be fresh', () => {
    expect(sequenceProblem(1, 0)).toBeNull();
    expect(sequenceProblem(1, 1)).toContain('already applied');
    expect(sequenceProblem(3, 1)).toContain('expected sequence 2');
    expect(staleUpdateProblem(now.toISOString(), now, 300_000)).toBeNull();
    expect(staleUpdateProblem(new Date(now.getTime() - 301_000).toISOString(), now, 300_000)).toContain('stale or replayed');
    expect(staleUpdateProblem(new Date(now.getTime() + 301_000).toISOString(), now, 300_000)).toContain('future');
  });
});

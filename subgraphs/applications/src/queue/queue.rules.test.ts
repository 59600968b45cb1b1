import { isApplicationOverdue, isOwnListCursor, isQueueCursor, queueDueAt } from './queue.rules';

const intake = new Date('2026-03-03T12:00:00Z');
const decision = new Date('2026-03-10T12:00:00Z');
const before = new Date('2026-03-03T11:59:59Z');
const after = new Date('2026-03-03T12:00:01Z');
const id = '7d6f1a8e-0a51-4b6b-9a0e-2b1c3d4e5f60';

describe('queueDueAt', () => {
  it('is the intake deadline while SUBMITTED and the decision deadline otherwise', () => {
    expect(queueDueAt('SUBMITTED', intake, null)).toBe(intake);
    expect(queueDueAt('IN_REVIEW', intake, decision)).toBe(decision);
    expect(queueDueAt('AWAITING_PAYMENT', intake, null)).toBeNull();
  });
});

describe('isApplicationOverdue', () => {
  it('flags a missed intake deadline while SUBMITTED, strictly after it', () => {
    expect(isApplicationOverdue('SUBMITTED', intake, null, before)).toBe(false);
    expect(isApplicationOverdue('SUBMITTED', intake, null, intake)).toBe(false);
    expect(isApplicationOverdue('SUBMITTED', intake, null, after)).toBe(true);
  });

  it('flags a missed decision deadline while IN_REVIEW', () => {
    expect(isApplicationOverdue('IN_REVIEW', intake, decision, after)).toBe(false);
    expect(isApplicationOverdue('IN_REVIEW', intake, decision, new Date('2026-03-11T00:00:00Z'))).toBe(true);
  });

  it('never flags what waits for the applicant or is finished', () => {
    const late = new Date('2027-01-01T00:00:00Z');
    for (const status of ['DRAFT', 'AWAITING_PAYMENT', 'REJECTED', 'APPROVED', 'REFUSED', 'WITHDRAWN'] as const) {
      expect(isApplicationOverdue(status, intake, decision, late)).toBe(false);
    }
  });
});

describe('cursors', () => {
  it('accepts the positions the lists produce', () => {
    expect(isQueueCursor({ d: '2026-03-03T12:00:00.000Z', id })).toBe(true);
    expect(isQueueCursor({ d: null, id })).toBe(true);
    expect(isOwnListCursor({ c: '2026-03-03T12:00:00.000Z', id })).toBe(true);
  });

  it('refuses anything else', () => {
    for (const value of [null, 3, { d: 'yesterday', id }, { d: null, id: 'x' }, { id }, { d: '2026-03-03', id }]) {
      expect(isQueueCursor(value)).toBe(false);
    }
    expect(isOwnListCursor({ c: null, id })).toBe(false);
  });
});

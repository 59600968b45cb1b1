import { newlyOverdueDeadline, type OverdueFacts, overdueSince } from './overdue.rules';

const intakeDueAt = new Date('2026-03-03T12:00:00Z');
const dueAt = new Date('2026-03-10T12:00:00Z');
const announced = new Date('2026-03-03T12:01:00Z');
const afterIntake = new Date('2026-03-03T12:00:00.001Z');
const afterDecision = new Date('2026-03-10T12:00:00.001Z');
const late = new Date('2027-01-01T00:00:00Z');

const facts = (overrides: Partial<OverdueFacts>): OverdueFacts => ({
  status: 'SUBMITTED',
  intakeDueAt,
  dueAt: null,
  intakeOverdueAt: null,
  decisionOverdueAt: null,
  ...overrides,
});

describe('newlyOverdueDeadline', () => {
  it('is the intake deadline once a SUBMITTED application is past it, strictly after', () => {
    expect(newlyOverdueDeadline(facts({}), new Date('2026-03-03T11:59:59Z'))).toBeNull();
    expect(newlyOverdueDeadline(facts({}), intakeDueAt)).toBeNull();
    expect(newlyOverdueDeadline(facts({}), afterIntake)).toEqual({ deadline: 'INTAKE', dueAt: intakeDueAt });
  });

  it('is the decision deadline once an IN_REVIEW application is past it, strictly after', () => {
    const inReview = facts({ status: 'IN_REVIEW', dueAt });
    expect(newlyOverdueDeadline(inReview, afterIntake)).toBeNull();
    expect(newlyOverdueDeadline(inReview, dueAt)).toBeNull();
    expect(newlyOverdueDeadline(inReview, afterDecision)).toEqual({ deadline: 'DECISION', dueAt });
  });

  it('is nothing once that deadline was announced', () => {
    expect(newlyOverdueDeadline(facts({ intakeOverdueAt: announced }), late)).toBeNull();
    expect(newlyOverdueDeadline(facts({ status: 'IN_REVIEW', dueAt, decisionOverdueAt: late }), late)).toBeNull();
  });

  it('announces the decision deadline even when the intake deadline was announced, and the reverse', () => {
    expect(newlyOverdueDeadline(facts({ status: 'IN_REVIEW', dueAt, intakeOverdueAt: announced }), afterDecision)).toEqual({ deadline: 'DECISION', dueAt });
    // a marker of the other deadline does not count
    expect(newlyOverdueDeadline(facts({ decisionOverdueAt: announced }), afterIntake)).toEqual({ deadline: 'INTAKE', dueAt: intakeDueAt });
  });

  it('is nothing while waiting for the applicant, once decided, or without a deadline', () => {
    for (const status of ['DRAFT', 'AWAITING_PAYMENT', 'REJECTED', 'APPROVED', 'REFUSED', 'WITHDRAWN'] as const) {
      expect(newlyOverdueDeadline(facts({ status, dueAt }), late)).toBeNull();
    }
    expect(newlyOverdueDeadline(facts({ intakeDueAt: null }), late)).toBeNull();
    expect(newlyOverdueDeadline(facts({ status: 'IN_REVIEW', dueAt: null }), late)).toBeNull();
  });
});

describe('overdueSince', () => {
  it('is the marker of the deadline the provider is working to', () => {
    expect(overdueSince(facts({ intakeOverdueAt: announced }))).toBe(announced);
    expect(overdueSince(facts({ status: 'IN_REVIEW', intakeOverdueAt: announced, decisionOverdueAt: null }))).toBeNull();
    expect(overdueSince(facts({ status: 'IN_REVIEW', intakeOverdueAt: announced, decisionOverdueAt: late }))).toBe(late);
  });

  it('is null once the application no longer waits for the provider', () => {
    for (const status of ['DRAFT', 'AWAITING_PAYMENT', 'REJECTED', 'APPROVED', 'REFUSED', 'WITHDRAWN'] as const) {
      expect(overdueSince(facts({ status, intakeOverdueAt: announced, decisionOverdueAt: late }))).toBeNull();
    }
  });
});

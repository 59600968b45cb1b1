import { accrualActionFor, type ApplicationStatusChange, issuerCodeFor } from './accrual-lifecycle.rules';

const change = (overrides: Partial<ApplicationStatusChange> = {}): ApplicationStatusChange => ({
  applicationId: '7C1B0B8E-0000-4000-8000-000000000001',
  number: 'MVD-2026-000001',
  applicantId: 'a5d1e7c2-3b1f-4c8e-9d70-000000000101',
  providerId: '0b9c4c1e-6f4a-4e55-9a51-1f7c2f0a0001',
  serviceId: '5e1c0000-0000-4000-8000-000000000001',
  serviceVersion: 1,
  serviceTitle: { ky: 'Справка', ru: 'Справка' },
  from: 'SUBMITTED',
  to: 'AWAITING_PAYMENT',
  at: '2026-11-22T09:00:00.000Z',
  reason: null,
  appealProcedure: null,
  payment: { amountMinor: 50000, payerPin: '21203199000123', budgetCode: '14231100', purpose: { ky: ' Төлөм ', ru: 'Оплата' } },
  dueAt: null,
  intakeDueAt: null,
  resultDocumentNumber: null,
  ...overrides,
});
const options = { fallbackIssuerCode: '0417' };

describe('issuerCodeFor', () => {
  it("takes the budget code's first four digits, else the configured code", () => {
    expect(issuerCodeFor('14231100', '0417')).toBe('1423');
    expect(issuerCodeFor(null, '0417')).toBe('0417');
    expect(issuerCodeFor('142', '0417')).toBe('0417');
    expect(issuerCodeFor('KB-1423', '0417')).toBe('0417');
  });

  it('refuses a malformed configured code', () => {
    expect(() => issuerCodeFor(null, '417')).toThrow(/4 digits/);
  });
});

describe('accrualActionFor', () => {
  it('creates an accrual when payment is asked for, payer = applicant, normalized', () => {
    expect(accrualActionFor(change(), options)).toEqual({
      kind: 'create',
      draft: {
        applicationId: '7c1b0b8e-0000-4000-8000-000000000001',
        providerId: '0b9c4c1e-6f4a-4e55-9a51-1f7c2f0a0001',
        payerUserId: 'a5d1e7c2-3b1f-4c8e-9d70-000000000101',
        payerPin: '21203199000123',
        amountMinor: 50000,
        purpose: { ky: 'Төлөм', ru: 'Оплата' },
        budgetCode: '14231100',
        issuerCode: '1423',
      },
    });
  });

  it('uses the configured issuer code when the service has no budget code', () => {
    const action = accrualActionFor(change({ payment: { ...change().payment!, budgetCode: null } }), options);
    expect(action).toMatchObject({ kind: 'create', draft: { budgetCode: null, issuerCode: '0417' } });
  });

  it('cancels on withdrawal, rejection and refusal', () => {
    for (const to of ['WITHDRAWN', 'REJECTED', 'REFUSED']) {
      expect(accrualActionFor(change({ to, payment: null }), options)).toEqual({
        kind: 'cancel',
        applicationId: '7c1b0b8e-0000-4000-8000-000000000001',
        at: new Date('2026-11-22T09:00:00.000Z'),
      });
    }
  });

  it('ignores the other statuses', () => {
    for (const to of ['SUBMITTED', 'IN_REVIEW', 'APPROVED']) expect(accrualActionFor(change({ to }), options)).toEqual({ kind: 'ignore' });
  });

  it('reports what is wrong with a payment it cannot turn into an accrual', () => {
    expect(accrualActionFor(change({ payment: null }), options)).toEqual({
      kind: 'invalid',
      applicationId: '7C1B0B8E-0000-4000-8000-000000000001',
      problems: ['the change to AWAITING_PAYMENT carries no payment terms'],
    });
    const bad = accrualActionFor(change({ payment: { amountMinor: 0, payerPin: '123', budgetCode: null, purpose: { ky: '', ru: 'x' } } }), options);
    expect(bad).toMatchObject({ kind: 'invalid' });
    expect((bad as { problems: string[] }).problems).toEqual([
      'payerPin is not 14 digits',
      'amountMinor must be a whole number of tyiyn from 1 to 2147483647',
      'the purpose needs both a Kyrgyz and a Russian text',
    ]);
    expect(accrualActionFor(change({ payment: { ...change().payment!, amountMinor: 2 ** 31 } }), options).kind).toBe('invalid');
  });
});

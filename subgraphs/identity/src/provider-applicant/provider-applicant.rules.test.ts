import type { EventPayloads } from '@portal/kit';
import { applicantRelationOf, appealBodyRelationOf } from './provider-applicant.rules';

const change = (from: string | null, to: string): EventPayloads['ApplicationStatusChanged'] => ({
  applicationId: 'a1',
  number: null,
  applicantId: 'u1',
  providerId: 'p1',
  serviceId: 's1',
  serviceVersion: 1,
  serviceTitle: { ky: 'к', ru: 'р' },
  from,
  to,
  at: '2026-12-01T09:00:00.000Z',
  reason: null,
  appealProcedure: null,
  payment: null,
  dueAt: null,
  intakeDueAt: null,
  resultDocumentNumber: null,
});

describe('who is an applicant of a provider', () => {
  it('a draft is nobody’s business but the applicant’s', () => {
    expect(applicantRelationOf(change(null, 'DRAFT'), new Date())).toBeNull();
  });

  it.each([
    ['DRAFT', 'SUBMITTED'],
    ['SUBMITTED', 'IN_REVIEW'],
    ['IN_REVIEW', 'WITHDRAWN'],
    ['IN_REVIEW', 'APPROVED'],
  ])('%s -> %s relates the applicant to the provider', (from, to) => {
    expect(applicantRelationOf(change(from, to), new Date())).toEqual({ providerId: 'p1', applicantId: 'u1', applicationId: 'a1', since: new Date('2026-12-01T09:00:00.000Z') });
  });

  it('falls back to the event time when the change carries no usable time', () => {
    const occurredAt = new Date('2026-12-01T10:00:00.000Z');
    expect(applicantRelationOf({ ...change('DRAFT', 'SUBMITTED'), at: 'soon' }, occurredAt)?.since).toEqual(occurredAt);
  });
});

describe('appealBodyRelationOf (R-37, R-38)', () => {
  const appeal = (to: EventPayloads['AppealChanged']['to'], appealBody: EventPayloads['AppealChanged']['appealBody']): EventPayloads['AppealChanged'] => ({
    appealId: 'c1',
    version: 2,
    applicationId: 'a1',
    applicationNumber: null,
    serviceTitle: { ky: 'к', ru: 'р' },
    applicantId: 'u1',
    providerId: 'p1',
    subject: 'DECISION',
    from: 'FILED',
    to,
    at: '2026-12-01T09:00:00.000Z',
    appealBody,
    dueAt: null,
    answer: null,
    reopenedTo: null,
    providerOfficerIds: [],
    appealBodyOfficerIds: [],
  });
  const body = { providerId: 'b1', code: 'MINJUST', name: { ky: 'к', ru: 'р' } };

  it("makes the appeal body's officers readers of the applicant once the complaint is registered with it", () => {
    expect(appealBodyRelationOf(appeal('REGISTERED', body), new Date())).toEqual({ providerId: 'b1', applicantId: 'u1', applicationId: 'a1', since: new Date('2026-12-01T09:00:00.000Z') });
  });

  it('gives nobody access while the complaint is only filed, with no body named', () => {
    expect(appealBodyRelationOf(appeal('FILED', null), new Date())).toBeNull();
  });
});

import { type ApplicationOverdue, noticeForAccrual, noticeForDraftExpiry, noticeForOverdue, noticeForPayment, noticeForRefund, noticesForAppeal, noticesForStatusChange, type StatusChange } from './notice-triggers.rules';

const APPLICATION = '7d1f0c9e-1111-4a5b-8c6d-000000000001';
const APPLICANT = 'a5d1e7c2-3b1f-4c8e-9d70-000000000101';
const OCCURRED = new Date('2026-11-24T09:00:00Z');
const title = { ky: 'Маалымкат', ru: 'Справка' };
const appealProcedure = { ky: 'Даттануу', ru: 'Обжалование' };

const change = (overrides: Partial<StatusChange>): StatusChange => ({
  applicationId: APPLICATION,
  number: 'KG-1',
  applicantId: APPLICANT,
  providerId: '0b9c4c1e-6f4a-4e55-9a51-1f7c2f0a0001',
  serviceId: '0b9c4c1e-6f4a-4e55-9a51-1f7c2f0a9999',
  serviceVersion: 1,
  serviceTitle: title,
  from: 'DRAFT',
  to: 'SUBMITTED',
  at: '2026-11-24T08:05:00Z',
  reason: null,
  appealProcedure: null,
  payment: null,
  dueAt: null,
  intakeDueAt: null,
  resultDocumentNumber: null,
  ...overrides,
});

const typesOf = (overrides: Partial<StatusChange>) => noticesForStatusChange(change(overrides), 3, OCCURRED).map((planned) => planned.notice.type);

describe('noticesForStatusChange', () => {
  it.each([
    [{ from: 'DRAFT', to: 'SUBMITTED' }, ['APPLICATION_SUBMITTED']],
    [{ from: 'SUBMITTED', to: 'IN_REVIEW' }, ['APPLICATION_ACCEPTED']],
    [{ from: 'SUBMITTED', to: 'AWAITING_PAYMENT' }, ['APPLICATION_ACCEPTED']],
    [{ from: 'AWAITING_PAYMENT', to: 'IN_REVIEW', dueAt: '2026-11-30T12:00:00Z' }, ['APPLICATION_REVIEW_STARTED']],
    [{ from: 'AWAITING_PAYMENT', to: 'IN_REVIEW', dueAt: null }, []],
    [{ from: 'SUBMITTED', to: 'REJECTED' }, ['APPLICATION_REJECTED']],
    [{ from: 'IN_REVIEW', to: 'APPROVED' }, ['APPLICATION_APPROVED']],
    [{ from: 'IN_REVIEW', to: 'REFUSED' }, ['APPLICATION_REFUSED']],
    [{ from: 'AWAITING_PAYMENT', to: 'WITHDRAWN' }, ['APPLICATION_WITHDRAWN']],
    [{ from: null, to: 'DRAFT' }, []],
    [{ from: 'DRAFT', to: 'DRAFT' }, []],
  ] as Array<[Partial<StatusChange>, string[]]>)('%j -> %j', (overrides, expected) => {
    expect(typesOf(overrides)).toEqual(expected);
  });

  it('addresses the applicant and keys the notice by application version', () => {
    const [planned] = noticesForStatusChange(change({}), 3, OCCURRED);
    expect(planned).toMatchObject({ userId: APPLICANT, applicationId: APPLICATION, sourceKey: `application:${APPLICATION}:v3` });
  });

  it('carries the intake deadline, the completion date and whether payment is due', () => {
    const [submitted] = noticesForStatusChange(change({ intakeDueAt: '2026-11-25T12:00:00Z' }), 2, OCCURRED);
    expect(submitted.notice.facts).toMatchObject({ number: 'KG-1', serviceTitle: title, submittedAt: new Date('2026-11-24T08:05:00Z'), intakeDueAt: new Date('2026-11-25T12:00:00Z') });

    const [free] = noticesForStatusChange(change({ from: 'SUBMITTED', to: 'IN_REVIEW', dueAt: '2026-11-27T12:00:00Z' }), 3, OCCURRED);
    expect(free.notice.facts).toMatchObject({ paymentRequired: false, dueAt: new Date('2026-11-27T12:00:00Z') });

    const [paid] = noticesForStatusChange(change({ from: 'SUBMITTED', to: 'AWAITING_PAYMENT' }), 3, OCCURRED);
    expect(paid.notice.facts).toMatchObject({ paymentRequired: true, dueAt: null, dueAtIfPaidBy: null });

    // a paid service's acceptance carries the completion date if the fee is confirmed in time (v2 events)
    const dueAtIfPaidBy = { paidBy: '2026-11-24T12:00:00Z', dueAt: '2026-11-27T12:00:00Z' };
    const [promised] = noticesForStatusChange(change({ from: 'SUBMITTED', to: 'AWAITING_PAYMENT', dueAtIfPaidBy }), 3, OCCURRED);
    expect(promised.notice.facts).toMatchObject({ dueAtIfPaidBy: { paidBy: new Date('2026-11-24T12:00:00Z'), dueAt: new Date('2026-11-27T12:00:00Z') } });
  });

  it('carries the reason and the appeal procedure of a rejection and a refusal', () => {
    for (const to of ['REJECTED', 'REFUSED']) {
      const [planned] = noticesForStatusChange(change({ from: 'SUBMITTED', to, reason: 'incomplete', appealProcedure }), 3, OCCURRED);
      expect(planned.notice.facts).toMatchObject({ reason: 'incomplete', appealProcedure, decidedAt: new Date('2026-11-24T08:05:00Z') });
    }
  });

  it('carries the result document number of an approval', () => {
    const [planned] = noticesForStatusChange(change({ from: 'IN_REVIEW', to: 'APPROVED', resultDocumentNumber: 'DOC-9' }), 5, OCCURRED);
    expect(planned.notice.facts).toMatchObject({ resultDocumentNumber: 'DOC-9' });
  });

  it('uses the event time when the change time is unreadable, and the id when there is no number', () => {
    const [planned] = noticesForStatusChange(change({ at: 'garbage', number: null }), 2, OCCURRED);
    expect(planned.notice.facts).toMatchObject({ submittedAt: OCCURRED, number: APPLICATION });
  });
});

describe('payment notices', () => {
  const summary = { applicationId: APPLICATION, applicantId: APPLICANT, number: 'KG-1', serviceTitle: title };
  const accrual = { accrualId: 'c0000000-0000-4000-8000-000000000001', applicationId: APPLICATION, payerId: APPLICANT, uin: '01234567890123456789', amountMinor: 25000 };

  it('asks the applicant to pay once the accrual exists, with amount and UIN', () => {
    expect(noticeForAccrual(accrual, summary)).toEqual({
      userId: APPLICANT,
      applicationId: APPLICATION,
      notice: { type: 'PAYMENT_REQUIRED', facts: { number: 'KG-1', serviceTitle: title, amountMinor: 25000, uin: '01234567890123456789' } },
      sourceKey: `accrual:${accrual.accrualId}:created`,
    });
  });

  it('confirms the payment with amount, receipt and time', () => {
    const payment = { accrualId: accrual.accrualId, applicationId: APPLICATION, payerId: APPLICANT, amountMinor: 25000, receiptNumber: 'R-1', paidAt: '2026-11-24T10:00:00Z' };
    expect(noticeForPayment(payment, summary, OCCURRED)).toMatchObject({
      userId: APPLICANT,
      notice: { type: 'PAYMENT_CONFIRMED', facts: { amountMinor: 25000, receiptNumber: 'R-1', paidAt: new Date('2026-11-24T10:00:00Z') } },
      sourceKey: `accrual:${accrual.accrualId}:paid`,
    });
  });

  it('tells the applicant the fee went back, once per accrual, with the refund receipt and why', () => {
    const refund = {
      refundId: 'd0000000-0000-4000-8000-000000000001',
      accrualId: accrual.accrualId,
      applicationId: APPLICATION,
      payerId: APPLICANT,
      amountMinor: 25000,
      uin: accrual.uin,
      receiptNumber: 'RF-2026-000001',
      completedAt: '2026-11-25T10:00:00Z',
      reason: { ky: 'Кайтарылып алынды', ru: 'Отозвано' },
    };
    expect(noticeForRefund(refund, summary, OCCURRED)).toEqual({
      userId: APPLICANT,
      applicationId: APPLICATION,
      notice: {
        type: 'PAYMENT_REFUNDED',
        facts: { number: 'KG-1', serviceTitle: title, amountMinor: 25000, uin: accrual.uin, receiptNumber: 'RF-2026-000001', refundedAt: new Date('2026-11-25T10:00:00Z'), reason: refund.reason },
      },
      // the same key whatever event id re-announces the refund: one notice
      sourceKey: `accrual:${accrual.accrualId}:refunded`,
    });
    expect(noticeForRefund({ ...refund, completedAt: 'garbled' }, summary, OCCURRED)?.notice).toMatchObject({ facts: { refundedAt: OCCURRED } });
    expect(noticeForRefund(refund, null, OCCURRED)).toBeNull();
  });

  it('cannot name an application it has never heard of', () => {
    expect(noticeForAccrual(accrual, null)).toBeNull();
  });
});

describe('noticeForOverdue', () => {
  const overdue = (overrides: Partial<ApplicationOverdue>): ApplicationOverdue => ({
    applicationId: APPLICATION,
    number: 'KG-1',
    applicantId: APPLICANT,
    providerId: '0b9c4c1e-6f4a-4e55-9a51-1f7c2f0a0001',
    serviceTitle: title,
    deadline: 'INTAKE',
    dueAt: '2026-11-25T12:00:00Z',
    status: 'SUBMITTED',
    detectedAt: '2026-11-25T12:01:00Z',
    ...overrides,
  });

  it('tells the applicant which deadline passed and when it fell due, keyed by application and deadline', () => {
    expect(noticeForOverdue(overdue({}))).toEqual({
      userId: APPLICANT,
      applicationId: APPLICATION,
      notice: { type: 'APPLICATION_OVERDUE', facts: { number: 'KG-1', serviceTitle: title, deadline: 'INTAKE', dueAt: new Date('2026-11-25T12:00:00Z') } },
      sourceKey: `application:${APPLICATION}:overdue:INTAKE`,
    });
    expect(noticeForOverdue(overdue({ deadline: 'DECISION', dueAt: '2026-11-30T12:00:00Z', status: 'IN_REVIEW' }))).toMatchObject({
      notice: { facts: { deadline: 'DECISION', dueAt: new Date('2026-11-30T12:00:00Z') } },
      sourceKey: `application:${APPLICATION}:overdue:DECISION`,
    });
  });

  it('keys the same fact the same way whenever it is emitted again', () => {
    const first = noticeForOverdue(overdue({ detectedAt: '2026-11-25T12:01:00Z' }));
    const again = noticeForOverdue(overdue({ detectedAt: '2026-11-25T13:00:00Z' }));
    expect(again!.sourceKey).toBe(first!.sourceKey);
  });

  it('falls back to the id without a number and to no date when the due time is unreadable', () => {
    expect(noticeForOverdue(overdue({ number: null, dueAt: 'garbage' }))!.notice.facts).toMatchObject({ number: APPLICATION, dueAt: null });
  });

  it('sends nothing for a deadline it has no words for', () => {
    expect(noticeForOverdue(overdue({ deadline: 'PAYMENT' as ApplicationOverdue['deadline'] }))).toBeNull();
  });
});

describe('noticeForDraftExpiry (R-27.6: drafts kept three months, the applicant told before removal)', () => {
  const expiring = {
    applicationId: '00000000-0000-4000-8000-0000000000d1',
    applicantId: '00000000-0000-4000-8000-0000000000a1',
    serviceTitle: { ky: 'Маалымкат', ru: 'Справка' },
    lastChangedAt: '2026-09-01T10:00:00.000Z',
    removalAt: '2026-12-01T10:00:00.000Z',
  };

  it('tells the applicant, keyed by the draft and its last change', () => {
    expect(noticeForDraftExpiry(expiring)).toEqual({
      userId: expiring.applicantId,
      applicationId: expiring.applicationId,
      notice: { type: 'DRAFT_EXPIRING', facts: { serviceTitle: expiring.serviceTitle, lastChangedAt: new Date(expiring.lastChangedAt), removalAt: new Date(expiring.removalAt) } },
      sourceKey: `application:${expiring.applicationId}:draft-expiring:2026-09-01T10:00:00.000Z`,
    });
  });

  it('gives a draft changed and left again a notice of its own', () => {
    const again = noticeForDraftExpiry({ ...expiring, lastChangedAt: '2026-10-01T10:00:00.000Z', removalAt: '2027-01-01T10:00:00.000Z' });
    expect(again?.sourceKey).not.toBe(noticeForDraftExpiry(expiring)?.sourceKey);
  });

  it('notifies nobody of a fact without valid dates', () => {
    expect(noticeForDraftExpiry({ ...expiring, removalAt: 'soon' })).toBeNull();
  });
});

describe('noticesForStatusChange: visits and results in person or as a record (R-33, R-35.3)', () => {
  const reception = { place: { ky: 'Бишкек', ru: 'Бишкек' }, hours: { ky: '9-17', ru: '9-17' } };
  const change = (overrides: Partial<StatusChange>): StatusChange => ({
    applicationId: 'app-1',
    number: 'KG-2026-000001',
    applicantId: 'citizen-1',
    providerId: 'provider-1',
    serviceId: 'service-1',
    serviceVersion: 1,
    serviceTitle: { ky: 'Кызмат', ru: 'Услуга' },
    from: 'SUBMITTED',
    to: 'IN_REVIEW',
    at: '2026-03-02T05:00:00.000Z',
    reason: null,
    appealProcedure: null,
    payment: null,
    dueAt: '2026-03-05T12:00:00.000Z',
    intakeDueAt: null,
    resultDocumentNumber: null,
    ...overrides,
  });
  const factsOf = (planned: ReturnType<typeof noticesForStatusChange>) => planned[0]?.notice.facts as unknown as Record<string, unknown>;

  it('carries the visit into the acceptance only when the service requires one', () => {
    expect(factsOf(noticesForStatusChange(change({ personalVisitRequired: true, reception }), 2, new Date()))).toMatchObject({ visit: reception });
    expect(factsOf(noticesForStatusChange(change({ personalVisitRequired: false, reception: null }), 2, new Date())).visit).toBeNull();
  });

  it('carries the collection place into an approval handed over in person, and the record choice', () => {
    const approved = change({ from: 'IN_REVIEW', to: 'APPROVED', resultDocumentNumber: 'DOC-1', resultDelivery: 'IN_PERSON', reception, resultFormat: 'DOCUMENT' });
    expect(factsOf(noticesForStatusChange(approved, 3, new Date()))).toMatchObject({ collection: reception, asRecord: false });
    const record = change({ from: 'IN_REVIEW', to: 'APPROVED', resultDocumentNumber: 'DOC-2', resultDelivery: 'PORTAL', reception: null, resultFormat: 'INFORMATION_SYSTEM_RECORD' });
    expect(factsOf(noticesForStatusChange(record, 3, new Date()))).toMatchObject({ collection: null, asRecord: true });
  });
});

describe('noticesForAppeal (R-37, R-38)', () => {
  const change = {
    appealId: 'c0000000-0000-4000-8000-000000000001',
    version: 2,
    applicationId: 'a0000000-0000-4000-8000-000000000001',
    applicationNumber: 'KG-2026-000001',
    serviceTitle: { ky: 'Кызмат', ru: 'Услуга' },
    applicantId: 'u0000000-0000-4000-8000-000000000001',
    providerId: 'p0000000-0000-4000-8000-000000000001',
    subject: 'INACTION' as const,
    from: 'FILED',
    to: 'REGISTERED' as const,
    at: '2026-11-24T08:05:00Z',
    appealBody: { providerId: 'b0000000-0000-4000-8000-000000000001', code: 'MINJUST', name: { ky: 'Юстиция министрлиги', ru: 'Министерство юстиции' } },
    dueAt: '2026-12-15T12:00:00Z',
    answer: null,
    reopenedTo: null,
    providerOfficerIds: ['o1', 'o2'],
    appealBodyOfficerIds: ['b1'],
  };

  it('tells the applicant, each provider officer and each officer of the appeal body once, each in their own words', () => {
    const planned = noticesForAppeal(change);
    expect(planned.map((notice) => [notice.userId, notice.notice.type, (notice.notice.facts as { audience: string }).audience])).toEqual([
      [change.applicantId, 'APPEAL_REGISTERED', 'APPLICANT'],
      ['o1', 'APPEAL_REGISTERED', 'PROVIDER'],
      ['o2', 'APPEAL_REGISTERED', 'PROVIDER'],
      ['b1', 'APPEAL_REGISTERED', 'APPEAL_BODY'],
    ]);
    expect(new Set(planned.map((notice) => `${notice.userId} ${notice.sourceKey}`)).size).toBe(4);
    expect(planned.every((notice) => notice.sourceKey.startsWith(`appeal:${change.appealId}:v2:`))).toBe(true);
  });

  it('an upheld answer carries the answer and where the application went', () => {
    const [applicant] = noticesForAppeal({ ...change, version: 4, from: 'UNDER_REVIEW', to: 'UPHELD', answer: 'Срок нарушен', reopenedTo: 'IN_REVIEW', appealBodyOfficerIds: [] });
    expect(applicant.notice.type).toBe('APPEAL_UPHELD');
    expect(applicant.notice.facts).toMatchObject({ answer: 'Срок нарушен', reopenedTo: 'IN_REVIEW' });
  });

  it('a reopened refusal tells the applicant it is back with the provider', () => {
    const [notice] = noticesForStatusChange(
      {
        applicationId: change.applicationId,
        number: 'KG-2026-000001',
        applicantId: change.applicantId,
        providerId: change.providerId,
        serviceId: 's',
        serviceVersion: 1,
        serviceTitle: change.serviceTitle,
        from: 'REFUSED',
        to: 'IN_REVIEW',
        at: '2026-11-24T08:05:00Z',
        reason: 'Отказ не обоснован',
        appealProcedure: null,
        payment: null,
        dueAt: '2026-11-27T12:00:00Z',
        intakeDueAt: null,
        resultDocumentNumber: null,
      },
      7,
      new Date(),
    );
    expect(notice.notice.type).toBe('APPLICATION_REOPENED');
  });
});

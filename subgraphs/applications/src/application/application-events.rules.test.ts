import { defaultWorkingCalendar } from '../calendar/working-calendar.rules';
import { dueAtIfPaidByEndOfDay, paymentPurpose, type StatusChangeFacts, statusChangedPayload } from './application-events.rules';

const title = { ru: 'Справка о несудимости', ky: 'Соттолбогондугу жөнүндө маалымкат' };
const appealProcedure = { ru: 'Жалоба подаётся в МВД в течение 30 дней.', ky: 'Арыз 30 күндүн ичинде ИИМге берилет.' };
const base: StatusChangeFacts = {
  application: {
    id: 'app-1',
    number: 'KG-2026-000123',
    applicantId: 'citizen',
    providerId: 'provider',
    serviceId: 'service',
    serviceVersion: 3,
    dueAt: null,
    intakeDueAt: new Date('2026-03-03T12:00:00Z'),
    resultDocumentNumber: null,
  },
  service: { title, appealProcedure },
  from: 'DRAFT',
  to: 'SUBMITTED',
  at: new Date('2026-03-02T05:00:00Z'),
  reason: null,
  payment: null,
};

describe('paymentPurpose', () => {
  it('names the service and the application in both languages', () => {
    expect(paymentPurpose(title, 'KG-2026-000123')).toEqual({
      ru: 'Оплата госпошлины за услугу «Справка о несудимости», заявка KG-2026-000123',
      ky: '«Соттолбогондугу жөнүндө маалымкат» кызматы үчүн мамлекеттик алымды төлөө, өтүнмө KG-2026-000123',
    });
  });
});

describe('statusChangedPayload', () => {
  it('carries the application, service title and deadlines as ISO strings', () => {
    expect(statusChangedPayload(base)).toEqual({
      applicationId: 'app-1',
      number: 'KG-2026-000123',
      applicantId: 'citizen',
      providerId: 'provider',
      serviceId: 'service',
      serviceVersion: 3,
      serviceTitle: title,
      from: 'DRAFT',
      to: 'SUBMITTED',
      at: '2026-03-02T05:00:00.000Z',
      reason: null,
      appealProcedure: null,
      payment: null,
      dueAt: null,
      intakeDueAt: '2026-03-03T12:00:00.000Z',
      resultDocumentNumber: null,
      dueAtIfPaidBy: null,
      reception: null,
      personalVisitRequired: null,
      resultDelivery: null,
      resultFormat: null,
    });
  });

  describe('R-35.3 and standard items 4-5: where and when to come, when the applicant must', () => {
    const reception = { place: { ky: 'Бишкек, Чүй пр. 32, 4-терезе', ru: 'Бишкек, пр. Чуй 32, окно 4' }, hours: { ky: 'Дүйшөмбү-жума 9:00-17:00', ru: 'Пн-Пт 9:00-17:00' } };

    it('tells of a required visit with the acceptance, and the result handed over in person with the approval', () => {
      const visiting = { ...base.service, personalVisitRequired: true, resultDelivery: 'PORTAL' as const, reception };
      expect(statusChangedPayload({ ...base, service: visiting, from: 'SUBMITTED', to: 'IN_REVIEW' })).toMatchObject({ personalVisitRequired: true, reception });
      expect(statusChangedPayload({ ...base, service: visiting, from: 'SUBMITTED', to: 'AWAITING_PAYMENT' })).toMatchObject({ personalVisitRequired: true, reception });
      expect(statusChangedPayload({ ...base, service: visiting, from: 'IN_REVIEW', to: 'APPROVED' })).toMatchObject({ resultDelivery: 'PORTAL', reception: null });

      const inPerson = { ...base.service, personalVisitRequired: false, resultDelivery: 'IN_PERSON' as const, reception };
      expect(statusChangedPayload({ ...base, service: inPerson, from: 'SUBMITTED', to: 'IN_REVIEW' })).toMatchObject({ personalVisitRequired: false, reception: null });
      expect(statusChangedPayload({ ...base, service: inPerson, from: 'IN_REVIEW', to: 'APPROVED' })).toMatchObject({ resultDelivery: 'IN_PERSON', reception });
    });

    it('R-33: names the form of the result the applicant chose on APPROVED only', () => {
      const application = { ...base.application, resultFormat: 'INFORMATION_SYSTEM_RECORD' as const };
      expect(statusChangedPayload({ ...base, application, from: 'IN_REVIEW', to: 'APPROVED' }).resultFormat).toBe('INFORMATION_SYSTEM_RECORD');
      expect(statusChangedPayload({ ...base, application, from: 'IN_REVIEW', to: 'REFUSED', reason: 'No' }).resultFormat).toBeNull();
      expect(statusChangedPayload({ ...base, from: 'IN_REVIEW', to: 'APPROVED' }).resultFormat).toBe('DOCUMENT');
    });
  });

  it('adds the appeal procedure to a rejection and a refusal only', () => {
    expect(statusChangedPayload({ ...base, from: 'SUBMITTED', to: 'REJECTED', reason: 'Outdated passport' })).toMatchObject({ appealProcedure, reason: 'Outdated passport' });
    expect(statusChangedPayload({ ...base, from: 'IN_REVIEW', to: 'REFUSED', reason: 'Not eligible' }).appealProcedure).toEqual(appealProcedure);
    expect(statusChangedPayload({ ...base, from: 'IN_REVIEW', to: 'APPROVED' }).appealProcedure).toBeNull();
  });

  it('adds the payment to AWAITING_PAYMENT only', () => {
    const payment = { amountMinor: 25000, payerPin: '11203199000123', budgetCode: '14221100', purpose: paymentPurpose(title, 'KG-2026-000123') };
    expect(statusChangedPayload({ ...base, from: 'SUBMITTED', to: 'AWAITING_PAYMENT', payment }).payment).toEqual(payment);
    expect(statusChangedPayload({ ...base, from: 'SUBMITTED', to: 'IN_REVIEW', payment }).payment).toBeNull();
  });

  it('names the result document on APPROVED only', () => {
    const application = { ...base.application, resultDocumentNumber: 'DOC-2026-000045' };
    expect(statusChangedPayload({ ...base, application, from: 'IN_REVIEW', to: 'APPROVED' }).resultDocumentNumber).toBe('DOC-2026-000045');
    expect(statusChangedPayload({ ...base, application, from: 'APPROVED', to: 'WITHDRAWN' }).resultDocumentNumber).toBeNull();
  });

  it('R-35.1 with R-40: AWAITING_PAYMENT carries the completion date if the fee is confirmed by the end of the day', () => {
    const calendar = defaultWorkingCalendar();
    // submitted and accepted Monday 15 June 2026 (Bishkek), 3 working days: due Thursday if paid on Monday
    const promise = dueAtIfPaidByEndOfDay(calendar, new Date('2026-06-15T04:00:00Z'), new Date('2026-06-15T05:00:00Z'), 3);
    expect(promise).toEqual({ paidBy: '2026-06-15T12:00:00.000Z', dueAt: '2026-06-18T12:00:00.000Z' });
    // accepted after working hours: the applicant has until the end of the next working day
    expect(dueAtIfPaidByEndOfDay(calendar, new Date('2026-06-15T04:00:00Z'), new Date('2026-06-15T13:00:00Z'), 3)).toEqual({
      paidBy: '2026-06-16T12:00:00.000Z',
      dueAt: '2026-06-19T12:00:00.000Z',
    });
    expect(statusChangedPayload({ ...base, from: 'SUBMITTED', to: 'AWAITING_PAYMENT', dueAtIfPaidBy: promise }).dueAtIfPaidBy).toEqual(promise);
    expect(statusChangedPayload({ ...base, from: 'SUBMITTED', to: 'IN_REVIEW', dueAtIfPaidBy: promise }).dueAtIfPaidBy).toBeNull();
  });
});

import { paymentPurpose, type StatusChangeFacts, statusChangedPayload } from './application-events.rules';

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
});

/**
 * The ApplicationStatusChanged event (kit event-types.ts) as this subgraph publishes it: every
 * status change from submission on, with what notifications, payments and the gateway need so no
 * consumer calls back (service title, appeal procedure on REJECTED/REFUSED, the payment to collect
 * on AWAITING_PAYMENT, the deadlines, the result document on APPROVED).
 */
import type { EventPayloads, LocalizedText, Reception } from '@portal/kit';
import type { WorkingCalendar } from '../calendar/working-calendar.rules';
import type { ApplicationStatus } from './application-transitions.rules';

export type ApplicationStatusChangedPayload = EventPayloads['ApplicationStatusChanged'];
export type PaymentRequest = NonNullable<ApplicationStatusChangedPayload['payment']>;
export type DueAtIfPaidBy = NonNullable<ApplicationStatusChangedPayload['dueAtIfPaidBy']>;

/**
 * for a paid service: the acceptance notice states the completion date, which depends on the
 * payment (R-40 suspends the count until it is confirmed). It promises the date that holds when the
 * fee is confirmed by the end of the current working day; each later working day moves it by one.
 */
export function dueAtIfPaidByEndOfDay(calendar: WorkingCalendar, submittedAt: Date, acceptedAt: Date, deadlineWorkingDays: number): DueAtIfPaidBy {
  const paidBy = calendar.endOfCurrentWorkingDay(acceptedAt);
  const dueAt = calendar.decisionDueAt(submittedAt, deadlineWorkingDays, [{ from: acceptedAt, until: paidBy }]);
  return { paidBy: paidBy.toISOString(), dueAt: dueAt.toISOString() };
}

/** What a payment order says it is for, in both languages. */
export function paymentPurpose(serviceTitle: LocalizedText, applicationNumber: string): LocalizedText {
  return {
    ru: `Оплата госпошлины за услугу «${serviceTitle.ru}», заявка ${applicationNumber}`,
    ky: `«${serviceTitle.ky}» кызматы үчүн мамлекеттик алымды төлөө, өтүнмө ${applicationNumber}`,
  };
}

export interface StatusChangeFacts {
  application: {
    id: string;
    number: string | null;
    applicantId: string;
    providerId: string;
    serviceId: string;
    serviceVersion: number;
    dueAt: Date | null;
    intakeDueAt: Date | null;
    resultDocumentNumber: string | null;
    resultFormat?: 'DOCUMENT' | 'INFORMATION_SYSTEM_RECORD';
  };
  service: {
    title: LocalizedText;
    appealProcedure: LocalizedText;
    personalVisitRequired?: boolean;
    resultDelivery?: 'PORTAL' | 'IN_PERSON';
    reception?: Reception | null;
  };
  from: ApplicationStatus;
  to: ApplicationStatus;
  at: Date;
  reason: string | null;
  /** Set when the change asks the applicant to pay. */
  payment: PaymentRequest | null;
  /** Set when the change asks the applicant to pay: the completion date if paid in time. */
  dueAtIfPaidBy?: DueAtIfPaidBy | null;
}

const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);

/** An acceptance at intake: the application registered, to be paid for or reviewed. */
const isAcceptance = (facts: StatusChangeFacts): boolean => facts.from === 'SUBMITTED' && (facts.to === 'AWAITING_PAYMENT' || facts.to === 'IN_REVIEW');

/**
 * Where and when to come, when the applicant must: told with the acceptance when the service requires
 * a personal visit, with the approval when the result is handed over in person (R-35.3, standard items 4-5).
 */
function receptionToTell(facts: StatusChangeFacts): StatusChangeFacts['service']['reception'] {
  const { service } = facts;
  if (isAcceptance(facts) && service.personalVisitRequired) return service.reception ?? null;
  if (facts.to === 'APPROVED' && service.resultDelivery === 'IN_PERSON') return service.reception ?? null;
  return null;
}

export function statusChangedPayload(facts: StatusChangeFacts): ApplicationStatusChangedPayload {
  const { application, service, to } = facts;
  return {
    applicationId: application.id,
    number: application.number,
    applicantId: application.applicantId,
    providerId: application.providerId,
    serviceId: application.serviceId,
    serviceVersion: application.serviceVersion,
    serviceTitle: service.title,
    from: facts.from,
    to,
    at: facts.at.toISOString(),
    reason: facts.reason,
    appealProcedure: to === 'REJECTED' || to === 'REFUSED' ? service.appealProcedure : null,
    payment: to === 'AWAITING_PAYMENT' ? facts.payment : null,
    dueAt: iso(application.dueAt),
    intakeDueAt: iso(application.intakeDueAt),
    resultDocumentNumber: to === 'APPROVED' ? application.resultDocumentNumber : null,
    dueAtIfPaidBy: to === 'AWAITING_PAYMENT' ? (facts.dueAtIfPaidBy ?? null) : null,
    reception: receptionToTell(facts),
    personalVisitRequired: isAcceptance(facts) ? service.personalVisitRequired === true : null,
    resultDelivery: to === 'APPROVED' ? (service.resultDelivery ?? 'PORTAL') : null,
    resultFormat: to === 'APPROVED' ? (application.resultFormat ?? 'DOCUMENT') : null,
  };
}

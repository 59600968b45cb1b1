import type { EventPayloads, LocalizedText, Reception } from '@portal/kit';
import { parseInstant } from '../template/format.rules';
import { type AppealAudience, type AppealFacts, type ApplicationFacts, MISSED_DEADLINES, type MissedDeadline, type Notice } from '../template/templates.rules';

/**
 * Which events become which notices (DESIGN.md "Notifications", R-34, R-35, R-40, R-41, R-32).
 * Pure: the consumer passes the event and what the projections know.
 */

export type StatusChange = EventPayloads['ApplicationStatusChanged'];
export type AccrualCreated = EventPayloads['AccrualCreated'];
export type PaymentConfirmed = EventPayloads['PaymentConfirmed'];
export type ApplicationOverdue = EventPayloads['ApplicationOverdue'];
export type RefundCompleted = EventPayloads['RefundCompleted'];
export type DraftExpiring = EventPayloads['DraftExpiring'];
export type AppealChanged = EventPayloads['AppealChanged'];
export type AppealOverdue = EventPayloads['AppealOverdue'];

/** What this subgraph remembers of an application, from its ApplicationStatusChanged events. */
export interface ApplicationSummary {
  applicationId: string;
  applicantId: string;
  number: string | null;
  serviceTitle: LocalizedText;
}

export interface PlannedNotice {
  userId: string;
  applicationId: string;
  notice: Notice;
  /**
   * Names the fact behind the notice independently of the event id (an application version, an
   * accrual), so that a producer re-emitting the same fact under a new event id notifies nobody twice.
   */
  sourceKey: string;
}

/** The completion date a paid service's acceptance promises, when the event carries it (v2). */
function ifPaidBy(value: StatusChange['dueAtIfPaidBy']): { paidBy: Date; dueAt: Date } | null {
  const paidBy = parseInstant(value?.paidBy ?? null);
  const dueAt = parseInstant(value?.dueAt ?? null);
  return paidBy && dueAt ? { paidBy, dueAt } : null;
}

function applicationFacts(number: string | null, applicationId: string, serviceTitle: LocalizedText): ApplicationFacts {
  // only drafts lack a registration number; fall back to the id so the notice still names the application
  return { number: number ?? applicationId, serviceTitle };
}

/** with the standard: a service that requires a personal visit says where and when with the acceptance (v2 events). */
function visitOf(change: StatusChange): Reception | null {
  return change.personalVisitRequired ? (change.reception ?? null) : null;
}

/**
 * The notice an application's status change calls for, if any. The payment notice is not among
 * them: it is sent once the accrual exists (noticeForAccrual), so it can carry the UIN.
 */
export function noticesForStatusChange(change: StatusChange, version: number, occurredAt: Date): PlannedNotice[] {
  const at = parseInstant(change.at) ?? occurredAt;
  const dueAt = parseInstant(change.dueAt);
  const facts = applicationFacts(change.number, change.applicationId, change.serviceTitle);
  const notice = ((): Notice | null => {
    // an upheld complaint sent a rejection or refusal back to the provider
    if ((change.from === 'REJECTED' || change.from === 'REFUSED') && (change.to === 'SUBMITTED' || change.to === 'IN_REVIEW')) {
      return { type: 'APPLICATION_REOPENED', facts: { ...facts, reopenedAt: at, to: change.to, dueAt: change.to === 'SUBMITTED' ? parseInstant(change.intakeDueAt) : dueAt, answer: change.reason } };
    }
    switch (change.to) {
      case 'SUBMITTED':
        return { type: 'APPLICATION_SUBMITTED', facts: { ...facts, submittedAt: at, intakeDueAt: parseInstant(change.intakeDueAt) } };
      case 'AWAITING_PAYMENT':
        return { type: 'APPLICATION_ACCEPTED', facts: { ...facts, registeredAt: at, dueAt, paymentRequired: true, dueAtIfPaidBy: ifPaidBy(change.dueAtIfPaidBy), visit: visitOf(change) } };
      case 'IN_REVIEW':
        if (change.from === 'SUBMITTED') return { type: 'APPLICATION_ACCEPTED', facts: { ...facts, registeredAt: at, dueAt, paymentRequired: false, visit: visitOf(change) } };
        // after payment: PAYMENT_CONFIRMED already went out; this adds the completion date once known
        if (change.from === 'AWAITING_PAYMENT' && dueAt) return { type: 'APPLICATION_REVIEW_STARTED', facts: { ...facts, startedAt: at, dueAt } };
        return null;
      case 'REJECTED':
        return { type: 'APPLICATION_REJECTED', facts: { ...facts, decidedAt: at, reason: change.reason, appealProcedure: change.appealProcedure } };
      case 'APPROVED':
        return {
          type: 'APPLICATION_APPROVED',
          facts: {
            ...facts,
            decidedAt: at,
            resultDocumentNumber: change.resultDocumentNumber,
            collection: change.resultDelivery === 'IN_PERSON' ? (change.reception ?? null) : null,
            asRecord: change.resultFormat === 'INFORMATION_SYSTEM_RECORD',
          },
        };
      case 'REFUSED':
        return { type: 'APPLICATION_REFUSED', facts: { ...facts, decidedAt: at, reason: change.reason, appealProcedure: change.appealProcedure } };
      case 'WITHDRAWN':
        return { type: 'APPLICATION_WITHDRAWN', facts: { ...facts, withdrawnAt: at } };
      default:
        return null;
    }
  })();
  if (!notice) return [];
  return [{ userId: change.applicantId, applicationId: change.applicationId, notice, sourceKey: `application:${change.applicationId}:v${version}` }];
}

/** The one "pay" notice of an accrual, addressed to the applicant; null when the application is unknown here. */
export function noticeForAccrual(accrual: AccrualCreated, application: ApplicationSummary | null): PlannedNotice | null {
  if (!application) return null;
  return {
    userId: application.applicantId,
    applicationId: accrual.applicationId,
    notice: {
      type: 'PAYMENT_REQUIRED',
      facts: { ...applicationFacts(application.number, application.applicationId, application.serviceTitle), amountMinor: accrual.amountMinor, uin: accrual.uin },
    },
    sourceKey: `accrual:${accrual.accrualId}:created`,
  };
}

/** The payment confirmation, addressed to the applicant; null when the application is unknown here. */
export function noticeForPayment(payment: PaymentConfirmed, application: ApplicationSummary | null, occurredAt: Date): PlannedNotice | null {
  if (!application) return null;
  return {
    userId: application.applicantId,
    applicationId: payment.applicationId,
    notice: {
      type: 'PAYMENT_CONFIRMED',
      facts: {
        ...applicationFacts(application.number, application.applicationId, application.serviceTitle),
        amountMinor: payment.amountMinor,
        receiptNumber: payment.receiptNumber,
        paidAt: parseInstant(payment.paidAt) ?? occurredAt,
      },
    },
    sourceKey: `accrual:${payment.accrualId}:paid`,
  };
}

/** The refund notice, addressed to the applicant once per accrual; null when the application is unknown here. */
export function noticeForRefund(refund: RefundCompleted, application: ApplicationSummary | null, occurredAt: Date): PlannedNotice | null {
  if (!application) return null;
  return {
    userId: application.applicantId,
    applicationId: refund.applicationId,
    notice: {
      type: 'PAYMENT_REFUNDED',
      facts: {
        ...applicationFacts(application.number, application.applicationId, application.serviceTitle),
        amountMinor: refund.amountMinor,
        uin: refund.uin,
        receiptNumber: refund.receiptNumber,
        refundedAt: parseInstant(refund.completedAt) ?? occurredAt,
        reason: refund.reason,
      },
    },
    sourceKey: `accrual:${refund.accrualId}:refunded`,
  };
}

/**
 * The applicant's notice that the provider let a deadline pass (R-34, R-41, S-21). The applications
 * subgraph emits the fact once per application and deadline; the key names exactly that, so a
 * re-emitted fact notifies nobody twice while the intake and the decision deadline each get theirs.
 * Null for a deadline this subgraph has no words for (a producer newer than its templates).
 */
export function noticeForOverdue(overdue: ApplicationOverdue): PlannedNotice | null {
  const deadline: string = overdue.deadline;
  if (!isMissedDeadline(deadline)) return null;
  return {
    userId: overdue.applicantId,
    applicationId: overdue.applicationId,
    notice: {
      type: 'APPLICATION_OVERDUE',
      facts: { ...applicationFacts(overdue.number, overdue.applicationId, overdue.serviceTitle), deadline, dueAt: parseInstant(overdue.dueAt) },
    },
    sourceKey: `application:${overdue.applicationId}:overdue:${deadline}`,
  };
}

function isMissedDeadline(deadline: string): deadline is MissedDeadline {
  return (MISSED_DEADLINES as readonly string[]).includes(deadline);
}

/**
 * The applicant's notice that an untouched draft will be removed. The key names the
 * draft's last change: a draft changed and left again gets a new notice, a re-emitted fact none.
 */
export function noticeForDraftExpiry(expiring: DraftExpiring): PlannedNotice | null {
  const lastChangedAt = parseInstant(expiring.lastChangedAt);
  const removalAt = parseInstant(expiring.removalAt);
  if (!lastChangedAt || !removalAt) return null;
  return {
    userId: expiring.applicantId,
    applicationId: expiring.applicationId,
    notice: { type: 'DRAFT_EXPIRING', facts: { serviceTitle: expiring.serviceTitle, lastChangedAt, removalAt } },
    sourceKey: `application:${expiring.applicationId}:draft-expiring:${lastChangedAt.toISOString()}`,
  };
}

const APPEAL_NOTICE_TYPE = {
  FILED: 'APPEAL_FILED',
  REGISTERED: 'APPEAL_REGISTERED',
  UNDER_REVIEW: 'APPEAL_UNDER_REVIEW',
  UPHELD: 'APPEAL_UPHELD',
  DISMISSED: 'APPEAL_DISMISSED',
} as const;

/**
 * The notices of a complaint's step: the applicant always; the provider's
 * officers named in the event (the executor, else every officer) at every step; the appeal body's
 * officers when a complaint is registered with it. One per person and step (the key names both).
 */
export function noticesForAppeal(change: AppealChanged): PlannedNotice[] {
  const type = APPEAL_NOTICE_TYPE[change.to];
  if (!type) return [];
  const base = applicationFacts(change.applicationNumber, change.applicationId, change.serviceTitle);
  const facts = (audience: AppealAudience): AppealFacts => ({
    ...base,
    audience,
    subject: change.subject,
    at: parseInstant(change.at) ?? new Date(0),
    appealBodyName: change.appealBody?.name ?? null,
    dueAt: parseInstant(change.dueAt),
    answer: change.answer,
    reopenedTo: change.reopenedTo,
  });
  const to = (userId: string, audience: AppealAudience): PlannedNotice => ({
    userId,
    applicationId: change.applicationId,
    notice: { type, facts: facts(audience) } as Notice,
    sourceKey: `appeal:${change.appealId}:v${change.version}:${audience}`,
  });
  const planned = [to(change.applicantId, 'APPLICANT')];
  for (const officer of change.providerOfficerIds) if (officer !== change.applicantId) planned.push(to(officer, 'PROVIDER'));
  for (const officer of change.appealBodyOfficerIds) if (officer !== change.applicantId && !change.providerOfficerIds.includes(officer)) planned.push(to(officer, 'APPEAL_BODY'));
  return planned;
}

/** The missed answer deadline of an appeal body, once per complaint: to the applicant and the body's officers. */
export function noticesForAppealOverdue(overdue: AppealOverdue): PlannedNotice[] {
  const base = applicationFacts(overdue.applicationNumber, overdue.applicationId, overdue.serviceTitle);
  const to = (userId: string, audience: AppealAudience): PlannedNotice => ({
    userId,
    applicationId: overdue.applicationId,
    notice: {
      type: 'APPEAL_OVERDUE',
      facts: { ...base, audience, subject: overdue.subject, at: parseInstant(overdue.detectedAt) ?? new Date(0), appealBodyName: overdue.appealBody.name, dueAt: parseInstant(overdue.dueAt), answer: null, reopenedTo: null },
    },
    sourceKey: `appeal:${overdue.appealId}:overdue:${audience}`,
  });
  return [to(overdue.applicantId, 'APPLICANT'), ...overdue.appealBodyOfficerIds.filter((id) => id !== overdue.applicantId).map((id) => to(id, 'APPEAL_BODY'))];
}

/**
 * Complaints about a provider's decisions, actions or inaction (Kyrgyz Rules R-37; R-38: heard in
 * the order of the law on administrative procedures) as a workflow, pure: what may be complained
 * about and until when, the states FILED -> REGISTERED -> UNDER_REVIEW -> UPHELD | DISMISSED, the
 * answer deadline in working days, and where an upheld complaint reopens the application.
 * Messages are in both state languages; the service picks the caller's.
 */
import type { LocalizedText } from '@portal/kit';
import type { ApplicationStatus } from '../application/application-transitions.rules';
import { endOfWorkingDay, localDateOf, type WorkingCalendar } from '../calendar/working-calendar.rules';
import { isApplicationOverdue } from '../queue/queue.rules';

export const APPEAL_SUBJECTS = ['DECISION', 'ACTION', 'INACTION'] as const;
export type AppealSubjectCode = (typeof APPEAL_SUBJECTS)[number];

export const APPEAL_STATUSES = ['FILED', 'REGISTERED', 'UNDER_REVIEW', 'UPHELD', 'DISMISSED'] as const;
export type AppealStatusCode = (typeof APPEAL_STATUSES)[number];

/** The appeal body has not answered yet. */
export const OPEN_APPEAL_STATUSES: readonly AppealStatusCode[] = ['FILED', 'REGISTERED', 'UNDER_REVIEW'];

export const MAX_APPEAL_TEXT_LENGTH = 5000;
export const MAX_APPEAL_ANSWER_LENGTH = 5000;

/** Defaults of the administrative-procedure deadlines (configurable: APPEAL_FILING_DAYS, APPEAL_ANSWER_WORKING_DAYS). */
export const DEFAULT_APPEAL_FILING_DAYS = 30;
export const DEFAULT_APPEAL_ANSWER_WORKING_DAYS = 15;

export type Refusal = { ok: false; code: 'FORBIDDEN' | 'CONFLICT' | 'BAD_USER_INPUT'; message: LocalizedText };

/** Decisions the applicant may appeal as such: an intake rejection and a refusal (S-21). */
const APPEALABLE_DECISIONS: readonly ApplicationStatus[] = ['REJECTED', 'REFUSED'];
/** Outcomes after which the provider no longer acts on the application. */
const CONCLUDED: readonly ApplicationStatus[] = ['REJECTED', 'REFUSED', 'APPROVED', 'WITHDRAWN'];

export interface AppealableFacts {
  status: ApplicationStatus;
  intakeDueAt: Date | null;
  dueAt: Date | null;
  /** When the application reached its current status (the decision or action complained about). */
  statusSince: Date;
}

const dateText = (instant: Date): string => {
  const [year, month, day] = localDateOf(instant).split('-');
  return `${day}.${month}.${year}`;
};

/**
 * The last moment a complaint about what happened at `since` may be filed: the end (midnight,
 * Bishkek) of the `filingDays`-th calendar day after that day.
 */
export function filingDeadline(since: Date, filingDays: number): Date {
  const [year, month, day] = localDateOf(since).split('-').map(Number);
  const nextMidnightUtc = Date.UTC(year, month - 1, day + filingDays + 1);
  return new Date(nextMidnightUtc - 6 * 60 * 60 * 1000);
}

/**
 * Whether the applicant may complain about `subject` now: a DECISION against them (REJECTED or
 * REFUSED), an ACTION of the provider at any point after submission, or INACTION once a deadline of
 * the provider has passed (an overdue intake answer or decision). After a final outcome the complaint
 * must come within `filingDays` calendar days of it (BAD_USER_INPUT naming the last day).
 */
export function whyNotAppealable(subject: AppealSubjectCode, facts: AppealableFacts, now: Date, filingDays: number): Refusal | null {
  const { status } = facts;
  if (status === 'DRAFT') {
    return { ok: false, code: 'CONFLICT', message: { ky: 'Долбоорго даттанууга болбойт: алгач өтүнмөнү бериңиз.', ru: 'На черновик жаловаться нельзя: сначала подайте заявление.' } };
  }
  if (subject === 'DECISION' && !APPEALABLE_DECISIONS.includes(status)) {
    return {
      ok: false,
      code: 'CONFLICT',
      message: {
        ky: `Чечимге даттанууга кабыл алуудан баш тартылганда (REJECTED) же кызмат көрсөтүүдөн баш тартылганда (REFUSED) болот; өтүнмөнүн абалы: ${status}. Кызмат көрсөтүүчүнүн аракетине (ACTION) же аракетсиздигине (INACTION) даттана аласыз.`,
        ru: `Обжаловать решение можно после отказа в приёме (REJECTED) или отказа в услуге (REFUSED); статус заявления: ${status}. Вы можете пожаловаться на действие (ACTION) или бездействие (INACTION) поставщика.`,
      },
    };
  }
  if (subject === 'INACTION' && !isApplicationOverdue(status, facts.intakeDueAt, facts.dueAt, now)) {
    const due = status === 'SUBMITTED' ? facts.intakeDueAt : status === 'IN_REVIEW' ? facts.dueAt : null;
    return {
      ok: false,
      code: 'CONFLICT',
      message: due
        ? {
            ky: `Кызмат көрсөтүүчүнүн мөөнөтү али өтө элек (${dateText(due)} чейин): аракетсиздикке мөөнөт өткөндөн кийин даттанууга болот.`,
            ru: `Срок поставщика ещё не истёк (до ${dateText(due)}): на бездействие можно пожаловаться после его истечения.`,
          }
        : {
            ky: `Өтүнмө кызмат көрсөтүүчүнүн жообун күтпөйт (абалы: ${status}), ошондуктан аракетсиздикке даттанууга болбойт.`,
            ru: `Заявление не ожидает ответа поставщика (статус: ${status}), поэтому жалоба на бездействие невозможна.`,
          },
    };
  }
  if (CONCLUDED.includes(status)) {
    const deadline = filingDeadline(facts.statusSince, filingDays);
    if (now.getTime() >= deadline.getTime()) {
      const last = dateText(new Date(deadline.getTime() - 1));
      return {
        ok: false,
        code: 'BAD_USER_INPUT',
        message: {
          ky: `Даттануу берүү мөөнөтү ${last} күнү бүткөн (чечимден же аракеттен кийин ${filingDays} календардык күн).`,
          ru: `Срок подачи жалобы истёк ${last} (${filingDays} календарных дней после решения или действия).`,
        },
      };
    }
  }
  return null;
}

export type AppealAction = 'register' | 'startReview' | 'uphold' | 'dismiss';

const APPEAL_TRANSITIONS: Readonly<Record<AppealAction, { from: readonly AppealStatusCode[]; to: AppealStatusCode }>> = {
  register: { from: ['FILED'], to: 'REGISTERED' },
  startReview: { from: ['REGISTERED'], to: 'UNDER_REVIEW' },
  uphold: { from: ['UNDER_REVIEW'], to: 'UPHELD' },
  dismiss: { from: ['UNDER_REVIEW'], to: 'DISMISSED' },
};

/** The state an action leads to, or why it cannot happen in `status` (CONFLICT). */
export function planAppealTransition(action: AppealAction, status: AppealStatusCode): { ok: true; from: AppealStatusCode; to: AppealStatusCode } | Refusal {
  const row = APPEAL_TRANSITIONS[action];
  if (row.from.includes(status)) return { ok: true, from: status, to: row.to };
  if (!OPEN_APPEAL_STATUSES.includes(status)) {
    return { ok: false, code: 'CONFLICT', message: { ky: `Даттанууга жооп берилген (${status}); аны өзгөртүүгө болбойт.`, ru: `На жалобу уже дан ответ (${status}); изменить его нельзя.` } };
  }
  if (action === 'uphold' || action === 'dismiss') {
    return {
      ok: false,
      code: 'CONFLICT',
      message: { ky: `Жооп берүүдөн мурда даттанууну кароону баштаңыз (startAppealReview); абалы: ${status}.`, ru: `Перед ответом начните рассмотрение жалобы (startAppealReview); статус: ${status}.` },
    };
  }
  return { ok: false, code: 'CONFLICT', message: { ky: `Даттанууга бул аракет ${status} абалында жасалбайт.`, ru: `Это действие невозможно для жалобы в статусе ${status}.` } };
}

/** Whether the caller works for the body the complaint is addressed to (only they register, review and answer it). */
export function whyNotOfAppealBody(caller: { roles: readonly string[]; providerId: string | null }, appealBodyId: string | null): Refusal | null {
  if (appealBodyId !== null && caller.roles.includes('PROVIDER_OFFICER') && caller.providerId === appealBodyId) return null;
  return {
    ok: false,
    code: 'FORBIDDEN',
    message: { ky: 'Бул даттанууну ал жиберилген органдын кызматкерлери гана карай алат.', ru: 'Рассматривать эту жалобу могут только сотрудники органа, которому она адресована.' },
  };
}

/**
 * When the appeal body must answer (the administrative-procedure law; default 15 working days): the
 * end (18:00) of the n-th working day after the day the complaint was registered, weekends and
 * holidays not counted.
 */
export function appealAnswerDueAt(calendar: WorkingCalendar, registeredAt: Date, answerWorkingDays: number): Date {
  if (!Number.isSafeInteger(answerWorkingDays) || answerWorkingDays < 1) throw new RangeError(`answerWorkingDays must be a whole number >= 1, got ${answerWorkingDays}`);
  let day = localDateOf(registeredAt);
  for (let counted = 0; counted < answerWorkingDays; counted += 1) day = calendar.nextWorkingDay(day);
  return endOfWorkingDay(day);
}

/** An open complaint whose answer deadline has passed. */
export function isAppealOverdue(status: AppealStatusCode, dueAt: Date | null, now: Date): boolean {
  return OPEN_APPEAL_STATUSES.includes(status) && dueAt !== null && now.getTime() > dueAt.getTime();
}

/**
 * Where an upheld complaint sends the application back: a rejection at intake to intake again
 * (SUBMITTED), a refusal to review (IN_REVIEW); an application the provider is still working on,
 * approved or withdrawn stays where it is (null): the answer binds the provider as it stands.
 */
export function reopenedStatus(status: ApplicationStatus): ApplicationStatus | null {
  if (status === 'REJECTED') return 'SUBMITTED';
  if (status === 'REFUSED') return 'IN_REVIEW';
  return null;
}

/** What the appeal body signs (JWS payload): the RFC 8785 canonical JSON of these three members. */
export function answerSigningPayload(appealId: string, uphold: boolean, answer: string): { appealId: string; uphold: boolean; answer: string } {
  return { appealId, uphold, answer };
}

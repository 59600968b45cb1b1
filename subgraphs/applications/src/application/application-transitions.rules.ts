/**
 * The application lifecycle (R-29, R-35, R-39..R-41) as one transition table:
 *
 *   DRAFT -> SUBMITTED -> REJECTED | AWAITING_PAYMENT | IN_REVIEW
 *   AWAITING_PAYMENT -> IN_REVIEW -> APPROVED | REFUSED
 *   SUBMITTED | AWAITING_PAYMENT | IN_REVIEW -> WITHDRAWN (by the applicant, before a decision)
 *   REJECTED -> SUBMITTED, REFUSED -> IN_REVIEW (reopened by the appeal body upholding a complaint, R-37, R-38)
 *
 * planTransition decides whether an action may happen and what it leads to; the service applies it.
 */

export const APPLICATION_STATUSES = [
  'DRAFT',
  'SUBMITTED',
  'REJECTED',
  'AWAITING_PAYMENT',
  'IN_REVIEW',
  'APPROVED',
  'REFUSED',
  'WITHDRAWN',
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export type ApplicationAction = 'submit' | 'withdraw' | 'reject' | 'accept' | 'confirmPayment' | 'approve' | 'refuse' | 'reopen';

/** SYSTEM is the platform itself acting on a trusted signal, e.g. a verified payment callback. */
export type ActorRole = 'CITIZEN' | 'PROVIDER_OFFICER' | 'OPERATOR' | 'SYSTEM';

/** Who may perform an action on a given application. */
export type RequiredActor =
  | 'APPLICANT' // a CITIZEN who owns the application
  | 'OFFICER_OF_PROVIDER' // a PROVIDER_OFFICER of the provider of the application's service
  | 'OFFICER_OF_APPEAL_BODY' // a PROVIDER_OFFICER of the body hearing a complaint about the application
  | 'SYSTEM';

export type TransitionGuard =
  | 'DATA_VALID_AND_SIGNATURE_VERIFIED'
  | 'REASON_GIVEN'
  | 'RESULT_DOCUMENT_SIGNED'
  | 'APPEAL_UPHELD'
  | 'NONE';

export type ApplicationEvent =
  | 'ApplicationSubmitted'
  | 'ApplicationWithdrawn'
  | 'ApplicationRejected'
  | 'ApplicationAccepted'
  | 'PaymentRequired'
  | 'PaymentConfirmed'
  | 'ApplicationApproved'
  | 'ApplicationRefused'
  | 'ApplicationReopened';

export interface ApplicationFacts {
  applicantId: string;
  providerId: string;
  /** The service charges a fee. */
  paid: boolean;
  /** The payment system has confirmed the fee. */
  feeConfirmed: boolean;
  /** The body hearing a complaint about the application, if any. */
  appealBodyId?: string | null;
}

export interface TransitionRow {
  action: ApplicationAction;
  actor: RequiredActor;
  /** The role the actor must hold; ownership or provider is checked on top (see actor). */
  actorRole: ActorRole;
  from: readonly ApplicationStatus[];
  to: ApplicationStatus | ((application: ApplicationFacts, from: ApplicationStatus) => ApplicationStatus);
  guard: TransitionGuard;
  events: readonly ApplicationEvent[] | ((to: ApplicationStatus) => readonly ApplicationEvent[]);
}

/** a paid service whose fee is not confirmed waits for payment before review starts. */
function statusAfterAcceptance(application: ApplicationFacts): ApplicationStatus {
  return application.paid && !application.feeConfirmed ? 'AWAITING_PAYMENT' : 'IN_REVIEW';
}

function eventsOfAcceptance(to: ApplicationStatus): readonly ApplicationEvent[] {
  return to === 'AWAITING_PAYMENT' ? ['ApplicationAccepted', 'PaymentRequired'] : ['ApplicationAccepted'];
}

/** An upheld complaint sends a rejection back to intake and a refusal back to review (appeal.rules reopenedStatus). */
function statusWhenReopened(_application: ApplicationFacts, from: ApplicationStatus): ApplicationStatus {
  return from === 'REJECTED' ? 'SUBMITTED' : 'IN_REVIEW';
}

export const TRANSITIONS: readonly Readonly<TransitionRow>[] = [
  { action: 'submit', actor: 'APPLICANT', actorRole: 'CITIZEN', from: ['DRAFT'], to: 'SUBMITTED', guard: 'DATA_VALID_AND_SIGNATURE_VERIFIED', events: ['ApplicationSubmitted'] },
  { action: 'withdraw', actor: 'APPLICANT', actorRole: 'CITIZEN', from: ['SUBMITTED', 'AWAITING_PAYMENT', 'IN_REVIEW'], to: 'WITHDRAWN', guard: 'NONE', events: ['ApplicationWithdrawn'] },
  { action: 'reject', actor: 'OFFICER_OF_PROVIDER', actorRole: 'PROVIDER_OFFICER', from: ['SUBMITTED'], to: 'REJECTED', guard: 'REASON_GIVEN', events: ['ApplicationRejected'] },
  { action: 'accept', actor: 'OFFICER_OF_PROVIDER', actorRole: 'PROVIDER_OFFICER', from: ['SUBMITTED'], to: statusAfterAcceptance, guard: 'NONE', events: eventsOfAcceptance },
  { action: 'confirmPayment', actor: 'SYSTEM', actorRole: 'SYSTEM', from: ['AWAITING_PAYMENT'], to: 'IN_REVIEW', guard: 'NONE', events: ['PaymentConfirmed'] },
  { action: 'approve', actor: 'OFFICER_OF_PROVIDER', actorRole: 'PROVIDER_OFFICER', from: ['IN_REVIEW'], to: 'APPROVED', guard: 'RESULT_DOCUMENT_SIGNED', events: ['ApplicationApproved'] },
  { action: 'refuse', actor: 'OFFICER_OF_PROVIDER', actorRole: 'PROVIDER_OFFICER', from: ['IN_REVIEW'], to: 'REFUSED', guard: 'REASON_GIVEN', events: ['ApplicationRefused'] },
  { action: 'reopen', actor: 'OFFICER_OF_APPEAL_BODY', actorRole: 'PROVIDER_OFFICER', from: ['REJECTED', 'REFUSED'], to: statusWhenReopened, guard: 'APPEAL_UPHELD', events: ['ApplicationReopened'] },
];

export interface TransitionActor {
  role: ActorRole;
  userId?: string | null;
  /** Set for a PROVIDER_OFFICER: the provider they work for. */
  providerId?: string | null;
}

export interface TransitionContext {
  status: ApplicationStatus;
  actor: TransitionActor;
  application: ApplicationFacts;
  /** reject, refuse: the motivated reason (R-39, S-21). */
  reason?: string | null;
  /** approve: the result document carries the officer's verified signature. */
  resultSigned?: boolean;
  /** submit: the data passed the format-logic check. */
  dataValid?: boolean;
  /** submit: the applicant's signature over the application was verified. */
  signatureVerified?: boolean;
  /** reopen: the appeal body upheld a complaint about the application with a signed answer. */
  appealUpheld?: boolean;
}

export type TransitionPlan =
  | { ok: true; from: ApplicationStatus; to: ApplicationStatus; events: ApplicationEvent[] }
  | { ok: false; code: 'FORBIDDEN' | 'CONFLICT' | 'BAD_USER_INPUT'; message: string };

/**
 * Whether `action` may happen now and, if so, the status it leads to and the events to emit.
 * Checks in this order: the actor (FORBIDDEN, so an outsider learns nothing about the application's
 * state), the current status (CONFLICT), then the guard on the input (BAD_USER_INPUT).
 */
export function planTransition(action: ApplicationAction, context: TransitionContext): TransitionPlan {
  const row = TRANSITIONS.find((candidate) => candidate.action === action);
  if (!row) return { ok: false, code: 'BAD_USER_INPUT', message: `Unknown action "${String(action)}"` };

  const allowed = checkTransitionAllowed(action, context);
  if (!allowed.ok) return allowed;

  const guardProblem = whyGuardFails(row.guard, context);
  if (guardProblem) return { ok: false, code: 'BAD_USER_INPUT', message: guardProblem };

  const to = typeof row.to === 'function' ? row.to(context.application, context.status) : row.to;
  const events = typeof row.events === 'function' ? row.events(to) : row.events;
  return { ok: true, from: context.status, to, events: [...events] };
}

export type TransitionCheck = { ok: true } | { ok: false; code: 'FORBIDDEN' | 'CONFLICT' | 'BAD_USER_INPUT'; message: string };

/**
 * The first two checks of planTransition, actor (FORBIDDEN) then status (CONFLICT), without the
 * guard: lets the service refuse an outsider or a wrong status before it does the guard's work
 * (validating data, verifying a signature), so the caller hears the most important problem first.
 */
export function checkTransitionAllowed(
  action: ApplicationAction,
  context: Pick<TransitionContext, 'status' | 'actor' | 'application'>,
): TransitionCheck {
  const row = TRANSITIONS.find((candidate) => candidate.action === action);
  if (!row) return { ok: false, code: 'BAD_USER_INPUT', message: `Unknown action "${String(action)}"` };

  const actorProblem = whyActorMayNot(row, context.actor, context.application);
  if (actorProblem) return { ok: false, code: 'FORBIDDEN', message: actorProblem };

  if (!row.from.includes(context.status)) {
    return {
      ok: false,
      code: 'CONFLICT',
      message: `Cannot ${action} an application in status ${context.status}; allowed only from ${row.from.join(', ')}`,
    };
  }
  return { ok: true };
}

/**
 * The role a signed-in person acts in for an action: the role the transition needs when they hold
 * it (an officer who is also a citizen withdraws as the applicant), else one they do hold, so that
 * planTransition refuses them with a message naming it. Null for an account without roles.
 */
export function transitionActorFor(
  action: ApplicationAction,
  person: { userId: string | null; roles: readonly ActorRole[]; providerId: string | null },
): TransitionActor | null {
  const row = TRANSITIONS.find((candidate) => candidate.action === action);
  const role = row && person.roles.includes(row.actorRole) ? row.actorRole : person.roles[0];
  if (!role) return null;
  return { role, userId: person.userId, providerId: person.providerId };
}

/** The actions this actor could take on the application in its current status, guards aside (for UI buttons). */
export function availableActions(context: Pick<TransitionContext, 'status' | 'actor' | 'application'>): ApplicationAction[] {
  return TRANSITIONS.filter(
    (row) => row.from.includes(context.status) && whyActorMayNot(row, context.actor, context.application) === null,
  ).map((row) => row.action);
}

function whyActorMayNot(row: TransitionRow, actor: TransitionActor, application: ApplicationFacts): string | null {
  if (actor.role !== row.actorRole) {
    return `Only ${describeActor(row.actor)} may ${row.action} an application; you act as ${actor.role}`;
  }
  switch (row.actor) {
    case 'APPLICANT':
      return actor.userId && actor.userId === application.applicantId
        ? null
        : `Only the applicant may ${row.action} this application`;
    case 'OFFICER_OF_PROVIDER':
      return actor.providerId && actor.providerId === application.providerId
        ? null
        : `Only an officer of the provider of this service may ${row.action} this application`;
    case 'OFFICER_OF_APPEAL_BODY':
      return actor.providerId && actor.providerId === application.appealBodyId
        ? null
        : `Only an officer of the body hearing a complaint about this application may ${row.action} it`;
    case 'SYSTEM':
      return null;
  }
}

function describeActor(actor: RequiredActor): string {
  switch (actor) {
    case 'APPLICANT':
      return 'the applicant (CITIZEN)';
    case 'OFFICER_OF_PROVIDER':
      return "an officer of the service's provider (PROVIDER_OFFICER)";
    case 'OFFICER_OF_APPEAL_BODY':
      return 'an officer of the appeal body (PROVIDER_OFFICER)';
    case 'SYSTEM':
      return 'the platform (SYSTEM)';
  }
}

function whyGuardFails(guard: TransitionGuard, context: TransitionContext): string | null {
  switch (guard) {
    case 'DATA_VALID_AND_SIGNATURE_VERIFIED':
      if (context.dataValid !== true) return 'The application data has errors; correct them before submitting';
      if (context.signatureVerified !== true) return 'The signature of the application could not be verified';
      return null;
    case 'REASON_GIVEN':
      return typeof context.reason === 'string' && context.reason.trim() !== ''
        ? null
        : 'A reason is required: state why the application is turned down';
    case 'RESULT_DOCUMENT_SIGNED':
      return context.resultSigned === true ? null : 'The result document must be signed by the authorised officer';
    case 'APPEAL_UPHELD':
      return context.appealUpheld === true ? null : 'Only an upheld complaint, answered with a verified signature, reopens an application';
    case 'NONE':
      return null;
  }
}

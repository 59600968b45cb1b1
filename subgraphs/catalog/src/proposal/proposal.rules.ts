/**
 * Catalogue changes: a provider proposes, the operator publishes or rejects.
 * Who may do what, and which proposals are still publishable. Pure: no I/O.
 */
import type { RoleCode } from '@portal/kit';
import {
  DEFAULT_DEADLINE_WORKING_DAYS,
  normalizeServiceStandard,
  type ServiceStandard,
  validateServiceStandard,
} from '../service/service.rules';

export type ProposalStatusCode = 'PENDING' | 'PUBLISHED' | 'REJECTED';
export const PROPOSAL_STATUSES: readonly ProposalStatusCode[] = ['PENDING', 'PUBLISHED', 'REJECTED'];

export const MAX_COMMENT_LENGTH = 2000;
export const MAX_REJECTION_REASON_LENGTH = 2000;

/** Stable codes of services name them in URLs and other subgraphs' seeds: lower-case words joined by "-". */
const SERVICE_CODE = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
export const MIN_SERVICE_CODE_LENGTH = 3;
export const MAX_SERVICE_CODE_LENGTH = 64;

export function serviceCodeProblem(code: string): string | null {
  if (code.length < MIN_SERVICE_CODE_LENGTH || code.length > MAX_SERVICE_CODE_LENGTH || !SERVICE_CODE.test(code)) {
    return `code must be ${MIN_SERVICE_CODE_LENGTH}-${MAX_SERVICE_CODE_LENGTH} lower-case Latin letters and digits in words joined by "-", e.g. "mvd-no-criminal-record"; got "${code}"`;
  }
  return null;
}

export interface ProposalActor {
  roles: readonly RoleCode[];
  providerId: string | null;
}

export type Decision = { allowed: true } | { allowed: false; reason: string };

/**
 * An operator may propose for any provider; a provider officer only for their own provider.
 * `providerId` is null when a new service names no provider.
 */
export function mayProposeFor(actor: ProposalActor, providerId: string | null): Decision {
  if (actor.roles.includes('OPERATOR')) return { allowed: true };
  if (!actor.roles.includes('PROVIDER_OFFICER')) {
    return { allowed: false, reason: 'Only provider officers and operators may propose catalogue changes.' };
  }
  if (actor.providerId === null) {
    return { allowed: false, reason: 'Your officer account is not linked to a provider, so it cannot propose catalogue changes.' };
  }
  if (actor.providerId !== providerId) {
    return { allowed: false, reason: "Provider officers may propose changes only to their own provider's services." };
  }
  return { allowed: true };
}

/** Which proposals an actor may list: all for an operator, their provider's for an officer. */
export function proposalListScope(actor: ProposalActor): { providerId: string | null } | null {
  if (actor.roles.includes('OPERATOR')) return { providerId: null };
  if (actor.roles.includes('PROVIDER_OFFICER') && actor.providerId !== null) return { providerId: actor.providerId };
  return null;
}

/** The standard a proposal carries, as the provider sent it (deadline may be left to the default). */
export type ServiceStandardDraft = Omit<ServiceStandard, 'deadlineWorkingDays'> & { deadlineWorkingDays?: number | null };

export interface ProposalDraft {
  standard: ServiceStandardDraft;
  comment?: string | null;
}

export type ProposalCheck = { ok: true; standard: ServiceStandard; comment: string | null } | { ok: false; problems: string[] };

/** Validates a proposed standard and returns it normalized for storage, or every problem found. */
export function checkProposal(draft: ProposalDraft): ProposalCheck {
  const standard: ServiceStandard = {
    ...draft.standard,
    deadlineWorkingDays: draft.standard.deadlineWorkingDays ?? DEFAULT_DEADLINE_WORKING_DAYS,
  };
  const problems = validateServiceStandard(standard);
  const comment = draft.comment?.trim() ? draft.comment.trim() : null;
  if (comment !== null && [...comment].length > MAX_COMMENT_LENGTH) problems.push(`comment must be at most ${MAX_COMMENT_LENGTH} characters`);
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, standard: normalizeServiceStandard(standard), comment };
}

export function rejectionReasonProblem(reason: string): string | null {
  if (reason.trim().length === 0) return 'reason must not be empty: tell the provider why the change was rejected';
  if ([...reason.trim()].length > MAX_REJECTION_REASON_LENGTH) return `reason must be at most ${MAX_REJECTION_REASON_LENGTH} characters`;
  return null;
}

/**
 * A change is made on the version that was current when it was proposed; it may be published only
 * while that version is still current, so nobody's edits are silently overwritten.
 */
export function staleBaseProblem(baseVersion: number, currentVersion: number): string | null {
  if (baseVersion === currentVersion) return null;
  return `The change was proposed on version ${baseVersion}, but version ${currentVersion} is now current: propose it again on version ${currentVersion}.`;
}

export function decidedProblem(status: ProposalStatusCode): string | null {
  if (status === 'PENDING') return null;
  return `The proposal is already ${status.toLowerCase()}; only pending proposals can be published or rejected.`;
}

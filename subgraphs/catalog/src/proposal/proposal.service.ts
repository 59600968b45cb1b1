import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import {
  badInput,
  conflict,
  decodeCursor,
  encodeCursor,
  type FormDefinitionData,
  forbidden,
  isUuid,
  notFound,
  pageSize,
  requireRole,
  type SignedInCaller,
  type SubgraphContext,
} from '@portal/kit';
import { randomUUID } from 'node:crypto';
import { Provider } from '../provider/provider.entity';
import { Service } from '../service/service.entity';
import { type ServiceSnapshot, validateServiceStandard } from '../service/service.rules';
import { recordServiceVersionsPublished } from '../service/service.events';
import { createServiceVersion, serviceVersionLoader, versionKeyString } from '../service/service.service';
import { ServiceChangeProposal } from './proposal.entity';
import type { ServiceChangeInput } from './proposal.inputs';
import {
  checkProposal,
  decidedProblem,
  mayProposeFor,
  proposalListScope,
  type ProposalStatusCode,
  rejectionReasonProblem,
  serviceCodeProblem,
  type ServiceStandardDraft,
  staleBaseProblem,
} from './proposal.rules';

interface ProposalTarget {
  serviceId: string | null;
  serviceCode: string;
  providerId: string;
  baseVersion: number | null;
  /** The service's current version now; null for a new service. */
  currentVersion: number | null;
  /** Problems of the target fields, reported with the standard's problems. */
  problems: string[];
}

function draftFromInput(input: ServiceChangeInput): ServiceStandardDraft {
  return {
    kind: input.kind,
    title: input.title,
    description: input.description,
    category: input.category,
    feeAmountMinor: input.feeAmountMinor ?? null,
    budgetCode: input.budgetCode?.trim() || null,
    deadlineWorkingDays: input.deadlineWorkingDays,
    requiredDocuments: input.requiredDocuments,
    // checked by validateFormDefinition before anything relies on its shape
    form: input.form as FormDefinitionData,
    automationLevel: input.automationLevel,
    signatureLevel: input.signatureLevel,
    personalVisitRequired: input.personalVisitRequired,
    feeReturnedOnRefusal: input.feeReturnedOnRefusal === true,
    resultDelivery: input.resultDelivery,
    statusCheckMethod: input.statusCheckMethod,
    appealProcedure: input.appealProcedure,
    // checked by validateFormDefinition before anything relies on its shape
    resultForm: (input.resultForm ?? null) as FormDefinitionData | null,
    reception: input.reception ?? null,
    resultAsRecordAllowed: input.resultAsRecordAllowed === true,
  };
}

/** The service a change targets: who owns it and which version it is made on. Refuses other providers' officers. */
async function existingServiceTarget(ctx: SubgraphContext, caller: SignedInCaller, input: ServiceChangeInput, serviceId: string): Promise<ProposalTarget> {
  const service = isUuid(serviceId) ? await ctx.em.findOne(Service, { id: serviceId }) : null;
  if (!service) throw notFound(`No service with id "${serviceId}".`);
  const decision = mayProposeFor(caller, service.providerId);
  if (!decision.allowed) throw forbidden(decision.reason);
  const problems: string[] = [];
  if (input.code !== null && input.code !== undefined && input.code !== service.code) {
    problems.push('code can be set only when proposing a new service: a service keeps its code');
  }
  if (input.providerId !== null && input.providerId !== undefined && input.providerId !== service.providerId) {
    problems.push('providerId can be set only when proposing a new service: a service keeps its provider');
  }
  return {
    serviceId: service.id,
    serviceCode: service.code,
    providerId: service.providerId,
    baseVersion: input.baseVersion ?? service.currentVersion,
    currentVersion: service.currentVersion,
    problems,
  };
}

/** A new service: an officer proposes for their own provider, an operator names the provider. */
async function newServiceTarget(ctx: SubgraphContext, caller: SignedInCaller, input: ServiceChangeInput): Promise<ProposalTarget> {
  const isOperator = caller.roles.includes('OPERATOR');
  const providerId = input.providerId ?? (isOperator ? null : caller.providerId);
  const decision = mayProposeFor(caller, providerId);
  if (!decision.allowed) throw forbidden(decision.reason);
  if (providerId === null) throw badInput('providerId is required to propose a new service.');
  const provider = isUuid(providerId) ? await ctx.em.findOne(Provider, { id: providerId }) : null;
  if (!provider) throw notFound(`No provider with id "${providerId}".`);

  const problems: string[] = [];
  const code = input.code?.trim() ?? '';
  if (code === '') problems.push('code is required to propose a new service');
  else {
    const codeProblem = serviceCodeProblem(code);
    if (codeProblem) problems.push(codeProblem);
  }
  if (input.baseVersion !== null && input.baseVersion !== undefined) {
    problems.push('baseVersion applies only to a change of an existing service; omit it for a new service');
  }
  return { serviceId: null, serviceCode: code, providerId: provider.id, baseVersion: null, currentVersion: null, problems };
}

/** Records a provider's proposed change (or new service) for the operator to publish. */
export async function proposeServiceChange(ctx: SubgraphContext, input: ServiceChangeInput): Promise<ServiceChangeProposal> {
  const caller = requireRole(ctx, 'PROVIDER_OFFICER', 'OPERATOR');
  const target =
    input.serviceId !== null && input.serviceId !== undefined
      ? await existingServiceTarget(ctx, caller, input, input.serviceId)
      : await newServiceTarget(ctx, caller, input);

  const check = checkProposal({ standard: draftFromInput(input), comment: input.comment });
  const problems = [...target.problems, ...(check.ok ? [] : check.problems)];
  if (problems.length > 0 || !check.ok) {
    throw badInput(`The proposed service standard is invalid: ${problems.join('; ')}.`, { problems });
  }

  if (target.baseVersion !== null && target.currentVersion !== null) {
    const stale = staleBaseProblem(target.baseVersion, target.currentVersion);
    if (stale) throw conflict(stale, { currentVersion: target.currentVersion });
  }
  if (target.serviceId === null && (await ctx.em.count(Service, { code: target.serviceCode })) > 0) {
    throw conflict(`A service with code "${target.serviceCode}" already exists: propose a change to it instead.`);
  }

  const proposal = ctx.em.create(ServiceChangeProposal, {
    id: randomUUID(),
    serviceId: target.serviceId,
    providerId: target.providerId,
    serviceCode: target.serviceCode,
    baseVersion: target.baseVersion,
    standard: check.standard,
    comment: check.comment,
    proposedBy: caller.userId,
  });
  await ctx.em.flush();
  return proposal;
}

/**
 * Publishes a pending proposal as the service's next version (or a new service's first), in one
 * transaction; refuses with CONFLICT when another version was published since it was proposed.
 */
export async function publishServiceChange(ctx: SubgraphContext, proposalId: string): Promise<ServiceSnapshot> {
  const caller = requireRole(ctx, 'OPERATOR');
  if (!isUuid(proposalId)) throw notFound(`No service change proposal with id "${proposalId}".`);
  let published: { id: string; version: number };
  try {
    published = await ctx.em.transactional(async (tx) => {
      const proposal = await tx.findOne(ServiceChangeProposal, { id: proposalId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!proposal) throw notFound(`No service change proposal with id "${proposalId}".`);
      const decided = decidedProblem(proposal.status);
      if (decided) throw conflict(decided);
      const problems = validateServiceStandard(proposal.standard);
      if (problems.length > 0) throw badInput(`The proposed service standard is invalid: ${problems.join('; ')}.`, { problems });

      const now = new Date();
      let serviceId: string;
      let version: number;
      if (proposal.baseVersion === null || proposal.serviceId === null) {
        if ((await tx.count(Service, { code: proposal.serviceCode })) > 0) {
          throw conflict(`A service with code "${proposal.serviceCode}" was published since this proposal was made.`);
        }
        serviceId = randomUUID();
        version = 1;
        tx.create(Service, { id: serviceId, code: proposal.serviceCode, providerId: proposal.providerId, currentVersion: version });
      } else {
        serviceId = proposal.serviceId;
        version = proposal.baseVersion + 1;
        // optimistic check: moves the current version only if nobody published since the proposal
        const moved = await tx.nativeUpdate(
          Service,
          { id: serviceId, currentVersion: proposal.baseVersion },
          { currentVersion: version, updatedAt: now },
        );
        if (moved !== 1) {
          const service = await tx.findOneOrFail(Service, { id: serviceId });
          throw conflict(staleBaseProblem(proposal.baseVersion, service.currentVersion) ?? 'The service changed meanwhile.', {
            currentVersion: service.currentVersion,
          });
        }
      }
      createServiceVersion(tx, { serviceId, version, standard: proposal.standard, proposalId: proposal.id, publishedBy: caller.userId, publishedAt: now });
      const provider = await tx.findOneOrFail(Provider, { id: proposal.providerId });
      await recordServiceVersionsPublished(tx, [{ serviceId, version, code: proposal.serviceCode, provider, standard: proposal.standard }]);
      proposal.status = 'PUBLISHED';
      proposal.serviceId = serviceId;
      proposal.publishedVersion = version;
      proposal.decidedBy = caller.userId;
      proposal.decidedAt = now;
      return { id: serviceId, version };
    });
  } catch (error) {
    // two operators publishing the same new code or version at once: the loser sees CONFLICT
    if (error instanceof UniqueConstraintViolationException) {
      throw conflict('Another change to this service was published at the same time; reload and propose again.');
    }
    throw error;
  }
  const service = await serviceVersionLoader(ctx).load(versionKeyString(published));
  if (!service) throw new Error(`published version ${versionKeyString(published)} is missing`);
  return service;
}

export async function rejectServiceChange(ctx: SubgraphContext, proposalId: string, reason: string): Promise<ServiceChangeProposal> {
  const caller = requireRole(ctx, 'OPERATOR');
  const reasonProblem = rejectionReasonProblem(reason);
  if (reasonProblem) throw badInput(`${reasonProblem}.`);
  if (!isUuid(proposalId)) throw notFound(`No service change proposal with id "${proposalId}".`);
  return ctx.em.transactional(async (tx) => {
    const proposal = await tx.findOne(ServiceChangeProposal, { id: proposalId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!proposal) throw notFound(`No service change proposal with id "${proposalId}".`);
    const decided = decidedProblem(proposal.status);
    if (decided) throw conflict(decided);
    proposal.status = 'REJECTED';
    proposal.rejectionReason = reason.trim();
    proposal.decidedBy = caller.userId;
    proposal.decidedAt = new Date();
    return proposal;
  });
}

interface ProposalCursor {
  at: string;
  id: string;
}

const isProposalCursor = (value: unknown): value is ProposalCursor => {
  if (typeof value !== 'object' || value === null) return false;
  const cursor = value as Record<string, unknown>;
  return typeof cursor.at === 'string' && !Number.isNaN(Date.parse(cursor.at)) && typeof cursor.id === 'string' && isUuid(cursor.id);
};

export interface ProposalPage {
  proposals: Array<{ cursor: string; proposal: ServiceChangeProposal }>;
  hasNextPage: boolean;
  totalCount: number;
}

/** Proposals newest first: all of them for an operator, their provider's for an officer. */
export async function listProposals(
  ctx: SubgraphContext,
  status: ProposalStatusCode | null | undefined,
  first: number | null | undefined,
  after: string | null | undefined,
): Promise<ProposalPage> {
  const caller = requireRole(ctx, 'PROVIDER_OFFICER', 'OPERATOR');
  const scope = proposalListScope(caller);
  if (!scope) throw forbidden('Your officer account is not linked to a provider, so it has no proposals to list.');
  const limit = pageSize(first);
  const cursor = decodeCursor(after, isProposalCursor);

  const where = {
    ...(status ? { status } : {}),
    ...(scope.providerId ? { providerId: scope.providerId } : {}),
  };
  const at = cursor ? new Date(cursor.at) : null;
  const keyset = cursor && at ? { $or: [{ proposedAt: { $lt: at } }, { proposedAt: at, id: { $lt: cursor.id } }] } : {};
  const rows = await ctx.em.find(ServiceChangeProposal, { ...where, ...keyset }, { orderBy: { proposedAt: 'desc', id: 'desc' }, limit: limit + 1 });
  const totalCount = await ctx.em.count(ServiceChangeProposal, where);
  return {
    proposals: rows.slice(0, limit).map((proposal) => ({
      cursor: encodeCursor({ at: proposal.proposedAt.toISOString(), id: proposal.id }),
      proposal,
    })),
    hasNextPage: rows.length > limit,
    totalCount,
  };
}

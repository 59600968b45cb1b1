import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import type { GraphQLError, ValidationContext, ValidationRule } from 'graphql';

/**
 * Limits on what one operation may ask of the graph (a public endpoint must not let one request
 * fan out into unbounded subgraph work). Generous for real clients: the deepest screen query
 * (an officer's queue with applicant, service, accrual and receipt) has depth 7.
 */
export const OPERATION_LIMITS = { maxDepth: 12, maxAliases: 20, maxCost: 20_000 } as const;

// report as validation errors (the client's mistake), not thrown (which servers treat as internal faults)
const report = { propagateOnRejection: false, onReject: [(context: ValidationContext | null, error: GraphQLError) => context?.reportError(error)] };

export const operationLimitRules: ValidationRule[] = [
  maxDepthRule({ n: OPERATION_LIMITS.maxDepth, flattenFragments: true, ...report }),
  maxAliasesRule({ n: OPERATION_LIMITS.maxAliases, ...report }),
  costLimitRule({ maxCost: OPERATION_LIMITS.maxCost, ...report }),
] as ValidationRule[];

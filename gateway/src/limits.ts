import type { ApolloServerPlugin } from '@apollo/server';
import { checkOperationText, CLIENT_INPUT_LIMITS, inputLimitError, inputLiteralsRule } from '@portal/kit';
import { type DocumentNode, type GraphQLError, type GraphQLSchema, parse, type ValidationContext, type ValidationRule } from 'graphql';
import { type CostModel, DEFAULT_LIST_SIZE, estimateDocument, estimateOperation, type OperationEstimate } from './cost.rules';

/**
 * Limits on what one operation may ask of the graph (a public endpoint must not let one request
 * fan out into unbounded subgraph work). The cost is an estimate of the objects resolved (see
 * cost.rules.ts); every screen query of the clients stays far below: the catalogue with forms at
 * `services(first: 100)` is about 16,000, the officer queue of 100 rows about 800. Depth: the
 * deepest screen query (an officer's queue with applicant, service, accrual and receipt) has 7.
 */
export const OPERATION_LIMITS = { maxDepth: 12, maxAliases: 20, maxCost: 100_000 } as const;

/** Without a registered model (see useCostModel) every list counts DEFAULT_LIST_SIZE items. */
const UNDECLARED: CostModel = { listSizes: new Map(), fieldWeights: new Map(), typeWeights: new Map(), defaultListSize: DEFAULT_LIST_SIZE };
const costModels = new WeakMap<GraphQLSchema, CostModel>();

/** Registers the list sizes (from the supergraph) that operationLimitRules use for `schema`. */
export function useCostModel(schema: GraphQLSchema, model: CostModel): void {
  costModels.set(schema, model);
}

/** The refusal for an estimate over the limits, or null. */
export function limitRefusal(estimate: OperationEstimate): GraphQLError | null {
  if (estimate.depth > OPERATION_LIMITS.maxDepth) {
    return inputLimitError(`operation too deep: depth ${estimate.depth}, limit ${OPERATION_LIMITS.maxDepth}`);
  }
  if (estimate.aliases > OPERATION_LIMITS.maxAliases) {
    return inputLimitError(`operation uses too many aliases: ${estimate.aliases}, limit ${OPERATION_LIMITS.maxAliases}`);
  }
  if (estimate.cost > OPERATION_LIMITS.maxCost) {
    return inputLimitError(`operation too expensive: estimated ${estimate.cost}, limit ${OPERATION_LIMITS.maxCost}`);
  }
  return null;
}

/**
 * Validation rule: depth, aliases and cost of every operation of the document. Variables are not
 * known during validation: a slicing argument given by a variable counts its default or the
 * declared size here, and its actual value in operationCostPlugin.
 */
export function operationLimitsRule(model?: CostModel): ValidationRule {
  return (context: ValidationContext) => ({
    Document: {
      leave(document) {
        const schema = context.getSchema();
        const refusal = limitRefusal(estimateDocument(schema, document, model ?? costModels.get(schema) ?? UNDECLARED));
        if (refusal) context.reportError(refusal);
      },
    },
  });
}

/** Apollo Server plugin: the cost of the operation to run, with the request's variables. */
export function operationCostPlugin<TContext extends object>(model: CostModel): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operationName, request }) {
          const estimate = estimateOperation(schema, document, model, { operationName, variables: request.variables ?? {} });
          const refusal = limitRefusal(estimate);
          if (refusal) throw refusal;
        },
      };
    },
  };
}

/** Parses an operation after the cheap text scan (size, tokens, nesting, fragments); throws the refusal. */
export function parseOperation(text: string): DocumentNode {
  const refusal = checkOperationText(text, CLIENT_INPUT_LIMITS);
  if (refusal) throw refusal;
  return parse(text, { maxTokens: CLIENT_INPUT_LIMITS.maxTokens });
}

/** For every operation the gateway validates itself (subscriptions over WebSocket). */
export const operationLimitRules: ValidationRule[] = [operationLimitsRule(), inputLiteralsRule(CLIENT_INPUT_LIMITS)];

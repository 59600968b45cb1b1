import {
  type ArgumentNode,
  type DocumentNode,
  type FieldDefinitionNode,
  type FragmentDefinitionNode,
  getNamedType,
  getNullableType,
  type GraphQLCompositeType,
  type GraphQLNamedType,
  type GraphQLSchema,
  isCompositeType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  parse,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';

/**
 * Cost analysis of one operation: roughly how many objects it makes the graph resolve. A field of
 * an object type costs 1 (or its `@cost` weight), scalars 0; a list multiplies its items by its
 * size: the slicing argument (`first`) when given, else the subgraph's declared `assumedSize`
 * (`@listSize`), else a default. Fragments are evaluated once each and reused at every spread, so
 * cost grows with what the operation asks, never exponentially with how it is written.
 */

/** Federation's `@listSize` on a field (IBM GraphQL cost directive spec). */
export interface ListSize {
  assumedSize: number | null;
  slicingArguments: string[];
  /** When set, the size applies to these child fields (a connection's `edges`), not the field itself. */
  sizedFields: string[];
}

export interface CostModel {
  /** By `Type.field`. */
  listSizes: ReadonlyMap<string, ListSize>;
  /** `@cost(weight)` by `Type.field`. */
  fieldWeights: ReadonlyMap<string, number>;
  /** `@cost(weight)` by type name. */
  typeWeights: ReadonlyMap<string, number>;
  /** Size of a list field no subgraph declared. */
  defaultListSize: number;
}

export const DEFAULT_LIST_SIZE = 20;

export interface OperationEstimate {
  cost: number;
  /** Nesting of fields, fragments flattened (`{ me { id } }` is 2). */
  depth: number;
  /** Aliased fields, each fragment counted at every use. */
  aliases: number;
}

const LIST_SIZE_DIRECTIVES = new Set(['listSize', 'cost__listSize', 'federation__listSize']);
const COST_DIRECTIVES = new Set(['cost', 'cost__cost', 'federation__cost']);

/** Reads `@listSize` and `@cost` from a composed supergraph (or any SDL carrying them). */
export function costModelFromSupergraph(sdl: string, defaultListSize = DEFAULT_LIST_SIZE): CostModel {
  const listSizes = new Map<string, ListSize>();
  const fieldWeights = new Map<string, number>();
  const typeWeights = new Map<string, number>();
  const document = parse(sdl, { noLocation: true });
  for (const definition of document.definitions) {
    if (!('name' in definition) || !definition.name) continue;
    const typeName = definition.name.value;
    if ('directives' in definition) {
      const weight = costWeight(definition.directives ?? []);
      if (weight !== null) typeWeights.set(typeName, weight);
    }
    if (!('fields' in definition) || !definition.fields) continue;
    for (const field of definition.fields as readonly FieldDefinitionNode[]) {
      if (field.kind !== Kind.FIELD_DEFINITION) continue;
      const key = `${typeName}.${field.name.value}`;
      for (const directive of field.directives ?? []) {
        if (!LIST_SIZE_DIRECTIVES.has(directive.name.value)) continue;
        const args = Object.fromEntries((directive.arguments ?? []).map((arg) => [arg.name.value, arg.value]));
        listSizes.set(key, {
          assumedSize: args.assumedSize?.kind === Kind.INT ? Number(args.assumedSize.value) : null,
          slicingArguments: stringList(args.slicingArguments),
          sizedFields: stringList(args.sizedFields),
        });
      }
      const weight = costWeight(field.directives ?? []);
      if (weight !== null) fieldWeights.set(key, weight);
    }
  }
  return { listSizes, fieldWeights, typeWeights, defaultListSize };
}

function costWeight(directives: readonly { name: { value: string }; arguments?: readonly ArgumentNode[] }[]): number | null {
  for (const directive of directives) {
    if (!COST_DIRECTIVES.has(directive.name.value)) continue;
    const weight = directive.arguments?.find((arg) => arg.name.value === 'weight')?.value;
    if (weight?.kind === Kind.INT) return Number(weight.value);
  }
  return null;
}

function stringList(value: ValueNode | undefined): string[] {
  if (!value) return [];
  if (value.kind === Kind.STRING) return [value.value];
  if (value.kind !== Kind.LIST) return [];
  return value.values.flatMap((item) => (item.kind === Kind.STRING ? [item.value] : []));
}

interface Tally {
  cost: number;
  depth: number;
  aliases: number;
}

/**
 * Estimates one operation of `document` (the one named, or the only one). Unknown fields and
 * fragments are skipped (validation reports them); a fragment cycle counts once (likewise).
 */
export function estimateOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  model: CostModel,
  options: { operationName?: string | null; variables?: Record<string, unknown> | null } = {},
): OperationEstimate {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const operation = options.operationName ? operations.find((o) => o.name?.value === options.operationName) : operations.length === 1 ? operations[0] : undefined;
  if (!operation) return { cost: 0, depth: 0, aliases: 0 };
  return estimateOperationNode(schema, document, operation, model, options.variables ?? null);
}

/** Estimates every operation of `document`; the most expensive one decides. */
export function estimateDocument(schema: GraphQLSchema, document: DocumentNode, model: CostModel): OperationEstimate {
  let worst: OperationEstimate = { cost: 0, depth: 0, aliases: 0 };
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    const estimate = estimateOperationNode(schema, document, definition, model, null);
    worst = { cost: Math.max(worst.cost, estimate.cost), depth: Math.max(worst.depth, estimate.depth), aliases: Math.max(worst.aliases, estimate.aliases) };
  }
  return worst;
}

function estimateOperationNode(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  model: CostModel,
  variables: Record<string, unknown> | null,
): OperationEstimate {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const variableDefaults = new Map<string, ValueNode>();
  for (const definition of operation.variableDefinitions ?? []) {
    if (definition.defaultValue) variableDefaults.set(definition.variable.name.value, definition.defaultValue);
  }
  const memo = new Map<string, Tally>();
  const inProgress = new Set<string>();
  const none: Tally = { cost: 0, depth: 0, aliases: 0 };

  const sliceSize = (listSize: ListSize, args: readonly ArgumentNode[] | undefined): number | null => {
    let largest: number | null = null;
    for (const name of listSize.slicingArguments) {
      const size = intValue(args?.find((arg) => arg.name.value === name)?.value);
      if (size !== null) largest = Math.max(largest ?? 0, size);
    }
    return largest;
  };

  const intValue = (value: ValueNode | undefined): number | null => {
    if (!value) return null;
    if (value.kind === Kind.INT) return Math.max(0, Number(value.value));
    if (value.kind === Kind.VARIABLE) {
      const name = value.name.value;
      const given = variables?.[name];
      if (typeof given === 'number' && Number.isFinite(given)) return Math.max(0, Math.floor(given));
      if (variables && name in variables) return null;
      return intValue(variableDefaults.get(name));
    }
    return null;
  };

  /** `multipliers`: sizes the parent's `@listSize(sizedFields)` puts on fields of this selection. */
  const selectionSetCost = (selectionSet: SelectionSetNode, parent: GraphQLCompositeType, multipliers: ReadonlyMap<string, number> | null): Tally => {
    let common = 0;
    let depth = 0;
    let aliases = 0;
    const branches = new Map<string, number>();
    const addBranch = (condition: GraphQLNamedType | undefined, part: Tally) => {
      depth = Math.max(depth, part.depth);
      aliases += part.aliases;
      // on an abstract parent, a fragment on one object type applies to some objects only: the widest branch counts
      const narrower = condition !== undefined && isObjectType(condition) && !isObjectType(parent);
      if (narrower) branches.set(condition.name, (branches.get(condition.name) ?? 0) + part.cost);
      else common += part.cost;
    };
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        if (name.startsWith('__')) continue; // __typename costs nothing; introspection is off in production
        if (selection.alias) aliases += 1;
        const definition = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
        if (!definition) continue;
        const named = getNamedType(definition.type);
        const key = `${parent.name}.${name}`;
        const weight = model.fieldWeights.get(key) ?? model.typeWeights.get(named.name) ?? (isCompositeType(named) ? 1 : 0);
        const listSize = model.listSizes.get(key);
        const size = listSize ? (sliceSize(listSize, selection.arguments) ?? listSize.assumedSize ?? model.defaultListSize) : model.defaultListSize;
        const childMultipliers = listSize && listSize.sizedFields.length > 0 ? new Map(listSize.sizedFields.map((field) => [field, size])) : null;
        const child = selection.selectionSet && isCompositeType(named) ? selectionSetCost(selection.selectionSet, named, childMultipliers) : none;
        const isList = isListType(getNullableType(definition.type));
        // a size the parent gave this field (a connection's `edges`) replaces the field's own
        const items = multipliers?.get(name) ?? (childMultipliers ? 1 : listSize || isList ? size : 1);
        common += items * (weight + child.cost);
        depth = Math.max(depth, 1 + child.depth);
        aliases += child.aliases;
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        if (!condition || !isCompositeType(condition)) continue;
        addBranch(condition, selectionSetCost(selection.selectionSet, condition, multipliers));
      } else {
        const fragment = fragments.get(selection.name.value);
        if (!fragment) continue;
        const condition = schema.getType(fragment.typeCondition.name.value);
        if (!condition || !isCompositeType(condition)) continue;
        const memoKey = `${fragment.name.value}|${multipliers ? [...multipliers].map(([f, n]) => `${f}:${n}`).join(',') : ''}`;
        let part = memo.get(memoKey);
        if (!part) {
          if (inProgress.has(memoKey)) continue;
          inProgress.add(memoKey);
          part = selectionSetCost(fragment.selectionSet, condition, multipliers);
          inProgress.delete(memoKey);
          memo.set(memoKey, part);
        }
        addBranch(condition, part);
      }
    }
    let widestBranch = 0;
    for (const cost of branches.values()) widestBranch = Math.max(widestBranch, cost);
    return { cost: common + widestBranch, depth, aliases };
  };

  const root = operation.operation === 'query' ? schema.getQueryType() : operation.operation === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType();
  if (!root) return none;
  return selectionSetCost(operation.selectionSet, root, null);
}

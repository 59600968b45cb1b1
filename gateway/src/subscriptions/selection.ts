import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  getDirectiveValues,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  Kind,
  type OperationDefinitionNode,
  print,
  type SelectionSetNode,
  type VariableDefinitionNode,
  visit,
} from 'graphql';

/** One field of the event type as the client selected it (aliases kept). */
export interface SelectedField {
  responseKey: string;
  name: string;
  node: FieldNode;
}

/**
 * Flattens a selection set on a concrete type: inline fragments and fragment spreads are
 * expanded, @skip/@include evaluated, fields kept in order under their response keys.
 */
export function collectFields(selectionSet: SelectionSetNode, fragments: Record<string, FragmentDefinitionNode>, variables: Record<string, unknown>): SelectedField[] {
  const fields: SelectedField[] = [];
  const visit = (set: SelectionSetNode) => {
    for (const selection of set.selections) {
      if (!shouldInclude(selection, variables)) continue;
      if (selection.kind === Kind.FIELD) {
        fields.push({ responseKey: selection.alias?.value ?? selection.name.value, name: selection.name.value, node: selection });
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        visit(selection.selectionSet);
      } else {
        const fragment = fragments[selection.name.value];
        if (fragment) visit(fragment.selectionSet);
      }
    }
  };
  visit(selectionSet);
  return fields;
}

function shouldInclude(node: { directives?: readonly unknown[] } & Parameters<typeof getDirectiveValues>[1], variables: Record<string, unknown>): boolean {
  const skip = getDirectiveValues(GraphQLSkipDirective, node, variables);
  if (skip?.if === true) return false;
  const include = getDirectiveValues(GraphQLIncludeDirective, node, variables);
  return include?.if !== false;
}

/**
 * Turns the client's selection on an entity field into a standalone query for that entity by id,
 * e.g. `application { id service { title } }` → `query($__entityId: ID!) { application(id: $__entityId) { id service { title } } }`,
 * carrying the fragments and variable definitions the selection uses.
 */
export function entityQuery(
  rootField: string,
  selectionSet: SelectionSetNode | undefined,
  document: DocumentNode,
  operation: OperationDefinitionNode,
): string {
  const fragments = fragmentMap(document);
  const usedFragments = new Set<string>();
  const usedVariables = new Set<string>();
  const scan = (node: SelectionSetNode) => {
    visit(node, {
      FragmentSpread(spread) {
        if (!usedFragments.has(spread.name.value)) {
          usedFragments.add(spread.name.value);
          const fragment = fragments[spread.name.value];
          if (fragment) scan(fragment.selectionSet);
        }
      },
      Variable(variable) {
        usedVariables.add(variable.name.value);
      },
    });
  };
  if (selectionSet) scan(selectionSet);
  const variableDefinitions: VariableDefinitionNode[] = (operation.variableDefinitions ?? []).filter((d) => usedVariables.has(d.variable.name.value));
  const query: DocumentNode = {
    kind: Kind.DOCUMENT,
    definitions: [
      {
        kind: Kind.OPERATION_DEFINITION,
        operation: 'query' as OperationDefinitionNode['operation'],
        name: { kind: Kind.NAME, value: 'SubscriptionEvent' },
        variableDefinitions: [
          {
            kind: Kind.VARIABLE_DEFINITION,
            variable: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: ENTITY_ID_VARIABLE } },
            type: { kind: Kind.NON_NULL_TYPE, type: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: 'ID' } } },
          },
          ...variableDefinitions,
        ],
        selectionSet: {
          kind: Kind.SELECTION_SET,
          selections: [
            {
              kind: Kind.FIELD,
              name: { kind: Kind.NAME, value: rootField },
              arguments: [{ kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: 'id' }, value: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: ENTITY_ID_VARIABLE } } }],
              selectionSet,
            },
          ],
        },
      },
      ...[...usedFragments].map((name) => fragments[name]).filter(Boolean),
    ],
  };
  return print(query);
}

export const ENTITY_ID_VARIABLE = '__entityId';

export function fragmentMap(document: DocumentNode): Record<string, FragmentDefinitionNode> {
  const map: Record<string, FragmentDefinitionNode> = {};
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) map[definition.name.value] = definition;
  }
  return map;
}

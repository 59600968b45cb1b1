import { type Caller, resolveLanguage, VISIBILITY_TAG_PREFIX, type VisibilityScope } from '@portal/kit';
import {
  type FieldDefinitionNode,
  type FragmentDefinitionNode,
  getNamedType,
  type GraphQLNamedType,
  type GraphQLSchema,
  isInterfaceType,
  isObjectType,
  Kind,
  parse,
  type SelectionSetNode,
} from 'graphql';

/**
 * Who may share a live-feed event's query (issue 10): the subgraphs declare per field on what its
 * answer depends (kit visibility.ts, a `visibility:<SCOPE>` tag kept in the supergraph); from a
 * subscription's selection and those hints the gateway derives the subscriber's access class.
 * Subscribers of one class get the same answer by construction, so one query serves them all.
 * A field without a hint counts as USER: the gateway never guesses. Pure: no I/O.
 */

/** Declared scopes by `Type.field`. */
export type VisibilityModel = ReadonlyMap<string, VisibilityScope>;

const RANK: Record<VisibilityScope, number> = { PUBLIC: 0, PROVIDER: 1, USER: 2 };

/** The narrower of two scopes (USER is the narrowest). */
export function narrowest(a: VisibilityScope, b: VisibilityScope): VisibilityScope {
  return RANK[a] >= RANK[b] ? a : b;
}

/** Reads the visibility tags of a composed supergraph; two subgraphs declaring one field differently: the narrower wins. */
export function visibilityFromSupergraph(sdl: string): VisibilityModel {
  const model = new Map<string, VisibilityScope>();
  for (const definition of parse(sdl, { noLocation: true }).definitions) {
    if (!('name' in definition) || !definition.name || !('fields' in definition) || !definition.fields) continue;
    for (const field of definition.fields as readonly FieldDefinitionNode[]) {
      if (field.kind !== Kind.FIELD_DEFINITION) continue;
      for (const directive of field.directives ?? []) {
        if (directive.name.value !== 'tag') continue;
        const name = directive.arguments?.find((arg) => arg.name.value === 'name')?.value;
        if (name?.kind !== Kind.STRING || !name.value.startsWith(VISIBILITY_TAG_PREFIX)) continue;
        const scope = name.value.slice(VISIBILITY_TAG_PREFIX.length) as VisibilityScope;
        if (!(scope in RANK)) continue;
        const key = `${definition.name.value}.${field.name.value}`;
        const known = model.get(key);
        model.set(key, known ? narrowest(known, scope) : scope);
      }
    }
  }
  return model;
}

/**
 * The scope of `rootField` of `rootType` asked with `selectionSet`: the narrowest of the root
 * field's and of every field selected beneath it (fragments expanded; a field under @skip or
 * @include counts as if asked, which can only narrow). Unknown or undeclared fields are USER.
 */
export function selectionScope(
  model: VisibilityModel,
  schema: GraphQLSchema,
  rootType: string,
  rootField: string,
  selectionSet: SelectionSetNode | undefined,
  fragments: Record<string, FragmentDefinitionNode>,
): VisibilityScope {
  let scope = model.get(`${rootType}.${rootField}`) ?? 'USER';
  const root = schema.getType(rootType);
  const rootDefinition = root && (isObjectType(root) || isInterfaceType(root)) ? root.getFields()[rootField] : undefined;
  if (!rootDefinition) return 'USER';
  const seenFragments = new Set<string>();
  const walk = (parent: GraphQLNamedType, set: SelectionSetNode) => {
    for (const selection of set.selections) {
      if (scope === 'USER') return;
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        if (name === '__typename') continue;
        const definition = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
        if (!definition) {
          scope = 'USER';
          return;
        }
        scope = narrowest(scope, model.get(`${parent.name}.${name}`) ?? 'USER');
        if (selection.selectionSet) walk(getNamedType(definition.type), selection.selectionSet);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        if (!condition) scope = 'USER';
        else walk(condition, selection.selectionSet);
      } else {
        const fragment = fragments[selection.name.value];
        const condition = fragment ? schema.getType(fragment.typeCondition.name.value) : undefined;
        if (!fragment || !condition) scope = 'USER';
        else if (!seenFragments.has(fragment.name.value)) {
          seenFragments.add(fragment.name.value);
          walk(condition, fragment.selectionSet);
        }
      }
    }
  };
  if (selectionSet) walk(getNamedType(rootDefinition.type), selectionSet);
  return scope;
}

/**
 * The access class of a subscriber for a query of `scope`: subscribers with equal keys get the
 * same answer. PROVIDER: provider, roles and language; but the subject of the event (the
 * application's applicant, who sees their own application by another rule) is always alone.
 * USER: the person (with roles, provider and language, which can differ between their tokens).
 */
export function accessClassKey(scope: VisibilityScope, caller: Caller, subjectUserIds: readonly string[]): string {
  const language = resolveLanguage(caller);
  const roles = [...caller.roles].sort().join(',');
  const isSubject = caller.userId !== null && subjectUserIds.includes(caller.userId);
  if (scope === 'PUBLIC' && !isSubject) return `PUBLIC|${language}`;
  if (scope === 'PROVIDER' && !isSubject) return `PROVIDER|${caller.providerId ?? ''}|${roles}|${language}`;
  return `USER|${caller.userId ?? ''}|${caller.providerId ?? ''}|${roles}|${language}`;
}

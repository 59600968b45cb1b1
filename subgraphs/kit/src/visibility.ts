/**
 * Visibility hints (issue 10, push fan-out): each subgraph says, per field, on what its answer
 * depends, so the gateway can let subscribers whose answers cannot differ share one query per
 * event instead of guessing. Carried as a Federation `@tag` so composition keeps it in the
 * supergraph (like `@listSize`); the gateway reads it in visibility.rules.ts.
 */

/**
 * PUBLIC: the same for everyone who reaches the parent (may depend on the language only).
 * PROVIDER: depends on the caller only through their provider, roles and language, for every
 * caller who is not the subject of the data (the application's own applicant).
 * USER: may depend on the individual caller. A field without a hint counts as USER.
 */
export type VisibilityScope = 'PUBLIC' | 'PROVIDER' | 'USER';

export const VISIBILITY_SCOPES: readonly VisibilityScope[] = ['PUBLIC', 'PROVIDER', 'USER'];

/** The prefix of the tag's name: `@tag(name: "visibility:PROVIDER")`. */
export const VISIBILITY_TAG_PREFIX = 'visibility:';

/** For `@Directive(...)` on a type-graphql field: `@Directive(visibility('PUBLIC'))`. */
export function visibility(scope: VisibilityScope): string {
  return `@tag(name: "${VISIBILITY_TAG_PREFIX}${scope}")`;
}

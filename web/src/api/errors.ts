import { CombinedGraphQLErrors } from '@apollo/client/errors';

export interface FieldErrors {
  /** Field name to the message to show next to it (already in the user's language: the gateway got Accept-Language). */
  byField: Record<string, string>;
  /** What concerns no single field (or the whole answer when nothing names a field). */
  general: string | null;
}

interface FieldErrorExtension {
  field?: unknown;
  message?: unknown;
}

/**
 * Reads a failed operation the way the contract reports it: `extensions.fieldErrors` or
 * `extensions.fields` (every wrong field with its message), else `extensions.field` naming one field, else a message for the form.
 */
export function fieldErrorsOf(error: unknown, networkMessage: string): FieldErrors {
  if (!CombinedGraphQLErrors.is(error)) return { byField: {}, general: error ? networkMessage : null };
  const byField: Record<string, string> = {};
  const general: string[] = [];
  for (const graphQLError of error.errors) {
    const extensions = (graphQLError.extensions ?? {}) as { field?: unknown; fieldErrors?: unknown; fields?: unknown };
    // fieldErrors (identity) and fields (applications' submit) carry the same entries
    const entries = Array.isArray(extensions.fieldErrors) ? extensions.fieldErrors : Array.isArray(extensions.fields) ? extensions.fields : null;
    if (entries) {
      for (const entry of entries as FieldErrorExtension[]) {
        if (typeof entry.field === 'string' && typeof entry.message === 'string') byField[entry.field] ??= entry.message;
      }
    } else if (typeof extensions.field === 'string' && extensions.field !== '') {
      byField[extensions.field] ??= graphQLError.message;
    } else {
      general.push(graphQLError.message);
    }
  }
  return { byField, general: general.length > 0 ? general.join(' ') : null };
}

/** One line for an error shown as a whole (a page that failed to load). */
export function messageOf(error: unknown, networkMessage: string): string {
  if (CombinedGraphQLErrors.is(error)) return error.errors.map((e) => e.message).join(' ');
  return networkMessage;
}

export function errorCode(error: unknown): string | undefined {
  if (!CombinedGraphQLErrors.is(error)) return undefined;
  const code = error.errors[0]?.extensions?.code;
  return typeof code === 'string' ? code : undefined;
}

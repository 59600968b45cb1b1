/**
 * Copying an application into a new draft: the form data is carried over field by field
 * into the service's current form; a value the current form no longer has, or no longer accepts,
 * is dropped (the applicant fills it in again). Pure: no ORM, no GraphQL.
 */
import type { FormDefinitionData } from '@portal/kit';
import { validateApplicationData } from '../form/form-validation.rules';

export interface CopiedData {
  /** What the new draft starts with. */
  kept: Record<string, unknown>;
  /** Field names of the copied application whose values were left out, alphabetically. */
  dropped: string[];
}

/**
 * The data of `data` that fits `form`: a field the form has, of the same name, whose value passes
 * the form's format-logic check on its own. Missing required fields are not a reason to drop
 * anything (the draft is incomplete until the applicant fills them).
 */
export function copyableData(form: FormDefinitionData, data: Record<string, unknown>, today: Date): CopiedData {
  const known = new Set(form.steps.flatMap((step) => step.fields.map((field) => field.name)));
  const candidates = Object.fromEntries(Object.entries(data).filter(([name, value]) => known.has(name) && value !== null && value !== undefined));
  const wrong = new Set(
    validateApplicationData(form, candidates, { today })
      .filter((error) => error.code !== 'REQUIRED')
      .map((error) => error.field.split('.')[0]),
  );
  const kept = Object.fromEntries(Object.entries(candidates).filter(([name]) => !wrong.has(name)));
  const dropped = Object.keys(data)
    .filter((name) => !(name in kept) && data[name] !== null && data[name] !== undefined)
    .sort();
  return { kept, dropped };
}

/**
 * The electronic form of a service: steps of typed fields with validation rules and
 * prefill sources. Mirrors the contract's FormDefinition / FormStep / FormField / FormOption.
 * validateFormDefinition checks a definition a provider proposes before the operator publishes it.
 */

export interface LocalizedText {
  ky: string;
  ru: string;
}

export const FORM_FIELD_TYPES = ['TEXT', 'NUMBER', 'DATE', 'BOOLEAN', 'SELECT', 'PIN', 'PHONE', 'EMAIL', 'FILE'] as const;
export type FormFieldType = (typeof FORM_FIELD_TYPES)[number];

/** Identity data that can prefill a field, and the field types each source fits. */
export const PREFILL_SOURCE_FIELD_TYPES = {
  'user.fullName': ['TEXT'],
  'user.pin': ['PIN', 'TEXT'],
  'user.birthDate': ['DATE'],
  'user.address': ['TEXT'],
  'user.email': ['EMAIL', 'TEXT'],
  'user.phone': ['PHONE', 'TEXT'],
} as const satisfies Record<string, readonly FormFieldType[]>;
export type PrefillSource = keyof typeof PREFILL_SOURCE_FIELD_TYPES;
export const PREFILL_SOURCES = Object.keys(PREFILL_SOURCE_FIELD_TYPES) as PrefillSource[];

export interface FormOptionDefinition {
  value: string;
  label: LocalizedText;
}

export interface FormFieldDefinition {
  /** Key of the value in the application's data; unique across the whole form. */
  name: string;
  label: LocalizedText;
  type: FormFieldType;
  required: boolean;
  /** TEXT only: a regular expression the whole value must match (anchored by compileFieldPattern). */
  pattern?: string;
  /** TEXT only: tells the user what the pattern expects, e.g. "two letters and six digits". */
  patternHint?: LocalizedText;
  /** TEXT only, in characters (Unicode code points). */
  minLength?: number;
  maxLength?: number;
  /** NUMBER only. */
  min?: number;
  max?: number;
  /** SELECT only. */
  options?: FormOptionDefinition[];
  prefillFrom?: PrefillSource;
}

export interface FormStepDefinition {
  id: string;
  title: LocalizedText;
  fields: FormFieldDefinition[];
}

export interface FormDefinitionData {
  steps: FormStepDefinition[];
}

/**
 * The RegExp a field's pattern means: the whole value must match, Unicode-aware (so Cyrillic ranges
 * and \p{L} work). Throws SyntaxError for an invalid pattern.
 */
export function compileFieldPattern(pattern: string): RegExp {
  return new RegExp(`^(?:${pattern})$`, 'u');
}

// Field names become JSON keys and error paths; keep them plain identifiers.
const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

const CONSTRAINT_FIELD_TYPES: Record<string, readonly FormFieldType[]> = {
  pattern: ['TEXT'],
  patternHint: ['TEXT'],
  minLength: ['TEXT'],
  maxLength: ['TEXT'],
  min: ['NUMBER'],
  max: ['NUMBER'],
  options: ['SELECT'],
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0;
}

function localizedTextProblem(value: unknown, where: string): string | null {
  if (!isRecord(value) || !isNonEmptyString(value.ky) || !isNonEmptyString(value.ru)) {
    return `${where} must have non-empty "ky" and "ru" texts`;
  }
  return null;
}

function isFormFieldType(value: unknown): value is FormFieldType {
  return typeof value === 'string' && (FORM_FIELD_TYPES as readonly string[]).includes(value);
}

function isPrefillSource(value: unknown): value is PrefillSource {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(PREFILL_SOURCE_FIELD_TYPES, value);
}

/**
 * Every problem found in a form definition, in reading order, as messages for the provider and the
 * operator (English, with a path such as `steps[1].fields[0] "passportNumber"`). Empty when the
 * definition is fit to publish.
 */
export function validateFormDefinition(def: unknown): string[] {
  if (!isRecord(def)) return ['the form definition must be an object with "steps"'];
  if (!Array.isArray(def.steps)) return ['"steps" must be an array'];
  if (def.steps.length === 0) return ['the form has no steps'];

  const problems: string[] = [];
  const stepIds = new Set<string>();
  const fieldNameFirstSeenAt = new Map<string, string>();

  def.steps.forEach((step: unknown, stepIndex: number) => {
    const stepPath = `steps[${stepIndex}]`;
    if (!isRecord(step)) {
      problems.push(`${stepPath} must be an object`);
      return;
    }
    if (!isNonEmptyString(step.id)) {
      problems.push(`${stepPath} must have a non-empty "id"`);
    } else if (stepIds.has(step.id)) {
      problems.push(`${stepPath}: step id "${step.id}" is used by an earlier step`);
    } else {
      stepIds.add(step.id);
    }
    const titleProblem = localizedTextProblem(step.title, `${stepPath}.title`);
    if (titleProblem) problems.push(titleProblem);

    if (!Array.isArray(step.fields)) {
      problems.push(`${stepPath}.fields must be an array`);
      return;
    }
    if (step.fields.length === 0) {
      problems.push(`${stepPath} is empty: a step needs at least one field`);
      return;
    }
    step.fields.forEach((field: unknown, fieldIndex: number) => {
      const fieldPath = `${stepPath}.fields[${fieldIndex}]`;
      problems.push(...fieldProblems(field, fieldPath, fieldNameFirstSeenAt));
    });
  });
  return problems;
}

function fieldProblems(field: unknown, fieldPath: string, fieldNameFirstSeenAt: Map<string, string>): string[] {
  if (!isRecord(field)) return [`${fieldPath} must be an object`];
  const problems: string[] = [];
  let path = fieldPath;

  if (typeof field.name !== 'string' || !FIELD_NAME.test(field.name)) {
    problems.push(`${path}: "name" must start with a Latin letter and contain only Latin letters, digits and _`);
  } else {
    path = `${fieldPath} "${field.name}"`;
    const firstSeenAt = fieldNameFirstSeenAt.get(field.name);
    if (firstSeenAt !== undefined) {
      problems.push(`${path}: duplicate field name, already used at ${firstSeenAt}`);
    } else {
      fieldNameFirstSeenAt.set(field.name, fieldPath);
    }
  }

  const labelProblem = localizedTextProblem(field.label, `${path}.label`);
  if (labelProblem) problems.push(labelProblem);
  if (typeof field.required !== 'boolean') problems.push(`${path}: "required" must be true or false`);

  const type = field.type;
  if (!isFormFieldType(type)) {
    problems.push(`${path}: unknown type ${JSON.stringify(type)}; expected one of ${FORM_FIELD_TYPES.join(', ')}`);
  } else {
    for (const [constraint, allowedTypes] of Object.entries(CONSTRAINT_FIELD_TYPES)) {
      if (field[constraint] !== undefined && !allowedTypes.includes(type)) {
        problems.push(`${path}: "${constraint}" applies only to ${allowedTypes.join('/')} fields, not ${type}`);
      }
    }
    if (type === 'SELECT' && field.options === undefined) {
      problems.push(`${path}: a SELECT field needs "options"`);
    }
  }

  if (field.pattern !== undefined) problems.push(...patternProblems(field.pattern, path));
  if (field.patternHint !== undefined) {
    const hintProblem = localizedTextProblem(field.patternHint, `${path}.patternHint`);
    if (hintProblem) problems.push(hintProblem);
  }
  problems.push(...rangeProblems(field, path, 'minLength', 'maxLength', true));
  problems.push(...rangeProblems(field, path, 'min', 'max', false));
  if (field.options !== undefined) problems.push(...optionProblems(field.options, path));

  if (field.prefillFrom !== undefined) {
    if (!isPrefillSource(field.prefillFrom)) {
      problems.push(
        `${path}: unknown prefill source ${JSON.stringify(field.prefillFrom)}; expected one of ${PREFILL_SOURCES.join(', ')}`,
      );
    } else if (isFormFieldType(type)) {
      const fittingTypes: readonly FormFieldType[] = PREFILL_SOURCE_FIELD_TYPES[field.prefillFrom];
      if (!fittingTypes.includes(type)) {
        problems.push(`${path}: prefill source ${field.prefillFrom} fits ${fittingTypes.join('/')} fields, not ${type}`);
      }
    }
  }
  return problems;
}

function patternProblems(pattern: unknown, path: string): string[] {
  if (typeof pattern !== 'string' || pattern.length === 0) return [`${path}: "pattern" must be a non-empty string`];
  try {
    compileFieldPattern(pattern);
    return [];
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return [`${path}: invalid regular expression in "pattern": ${reason}`];
  }
}

function rangeProblems(
  field: Record<string, unknown>,
  path: string,
  lowerKey: string,
  upperKey: string,
  wholeNonNegative: boolean,
): string[] {
  const problems: string[] = [];
  const isAcceptable = (value: unknown): value is number =>
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (!wholeNonNegative || (Number.isInteger(value) && value >= 0));
  const expected = wholeNonNegative ? 'a whole number >= 0' : 'a finite number';
  for (const key of [lowerKey, upperKey]) {
    if (field[key] !== undefined && !isAcceptable(field[key])) problems.push(`${path}: "${key}" must be ${expected}`);
  }
  const lower = field[lowerKey];
  const upper = field[upperKey];
  if (isAcceptable(lower) && isAcceptable(upper) && lower > upper) {
    problems.push(`${path}: "${lowerKey}" (${lower}) is greater than "${upperKey}" (${upper})`);
  }
  return problems;
}

function optionProblems(options: unknown, path: string): string[] {
  if (!Array.isArray(options) || options.length === 0) return [`${path}: "options" must be a non-empty array`];
  const problems: string[] = [];
  const seenValues = new Set<string>();
  options.forEach((option: unknown, index: number) => {
    const optionPath = `${path}.options[${index}]`;
    if (!isRecord(option)) {
      problems.push(`${optionPath} must be an object with "value" and "label"`);
      return;
    }
    if (!isNonEmptyString(option.value)) {
      problems.push(`${optionPath}: "value" must be a non-empty string`);
    } else if (seenValues.has(option.value)) {
      problems.push(`${optionPath}: duplicate option value "${option.value}"`);
    } else {
      seenValues.add(option.value);
    }
    const labelProblem = localizedTextProblem(option.label, `${optionPath}.label`);
    if (labelProblem) problems.push(labelProblem);
  });
  return problems;
}

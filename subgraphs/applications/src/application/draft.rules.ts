/**
 * Drafts (R-25..R-27): what a saved draft may hold, how a save combines with what is stored (going
 * back to an earlier step never loses data, R-27.5), prefill from identity data (R-27.4), and
 * which format-logic errors a draft shows while it is being filled (R-26).
 */
import type { FormDefinitionData, PrefillSource } from '@portal/kit';
import { type FieldError, validateApplicationData } from '../form/form-validation.rules';

/** Canonical JSON size of a draft's data; files are attached by reference, so this is generous. */
export const MAX_DRAFT_DATA_BYTES = 256 * 1024;

export type DraftData = Record<string, unknown>;

function isPlainObject(value: unknown): value is DraftData {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Why `data` cannot be saved as a draft's data, or null. Field-level problems are not this: they are the validation. */
export function draftDataProblem(data: unknown): string | null {
  if (!isPlainObject(data)) {
    return 'data must be a JSON object of form field values, e.g. {"fullName": "Асанова Айгүл"}; send {} for an empty draft.';
  }
  const json = JSON.stringify(data);
  // Postgres jsonb cannot store U+0000; no form field needs it
  if (json.includes('\\u0000')) return 'data contains the character U+0000, which no form field accepts; remove it.';
  const bytes = Buffer.byteLength(json, 'utf8');
  if (bytes > MAX_DRAFT_DATA_BYTES) {
    return `data is ${bytes} bytes; at most ${MAX_DRAFT_DATA_BYTES} bytes are kept. Attach long documents as files instead of pasting them.`;
  }
  return null;
}

/**
 * The draft's data after a save: every key sent replaces the stored value, a key sent as null
 * clears it, and keys not sent are kept, so a client that sends only the step on screen (say,
 * after going back to step 1) never loses the later steps.
 */
export function mergeDraftData(stored: DraftData, sent: DraftData): DraftData {
  const merged: DraftData = { ...stored };
  for (const [key, value] of Object.entries(sent)) {
    if (value === null) delete merged[key];
    // defined, not assigned: a key such as __proto__ stays a plain key and never reaches a prototype
    else Object.defineProperty(merged, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return merged;
}

/** The identity data a form may be prefilled from (the applicant profile projection). */
export interface PrefillProfile {
  fullName: string;
  pin: string;
  birthDate: string | null;
  address: string | null;
  email: string | null;
  phone: string | null;
}

/** Where a draft's prefilled identity data came from. */
export type PrefillSourceCode = 'POPULATION_REGISTER' | 'PROFILE';

/** The population register's answer about a person, as far as prefill needs it. */
export interface RegisterPerson {
  surname: string;
  name: string;
  patronymic?: string | null;
  birthDate?: string | null;
  address?: string | null;
}

/** The full name as the register writes it: surname, name, patronymic. */
export function registerFullName(person: RegisterPerson): string {
  return [person.surname, person.name, person.patronymic].filter((part) => typeof part === 'string' && part.trim() !== '').map((part) => part!.trim()).join(' ');
}

/**
 * The prefill data of a signed-in citizen (R-27.4): name, birth date and address as the population
 * register holds them, the PIN and the contacts from the profile; without the register's answer
 * (register down, person unknown) the profile's data alone, and the source says so.
 */
export function prefillProfileOf(profile: PrefillProfile, person: RegisterPerson | null): { profile: PrefillProfile; source: PrefillSourceCode } {
  if (!person) return { profile, source: 'PROFILE' };
  const fullName = registerFullName(person);
  return {
    profile: {
      ...profile,
      fullName: fullName || profile.fullName,
      birthDate: person.birthDate || profile.birthDate,
      address: person.address || profile.address,
    },
    source: 'POPULATION_REGISTER',
  };
}

const PREFILL_VALUE: Record<PrefillSource, (profile: PrefillProfile) => string | null> = {
  'user.fullName': (profile) => profile.fullName,
  'user.pin': (profile) => profile.pin,
  'user.birthDate': (profile) => profile.birthDate,
  'user.address': (profile) => profile.address,
  'user.email': (profile) => profile.email,
  'user.phone': (profile) => profile.phone,
};

function isEmptyValue(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/**
 * Fills every empty field that names a prefill source with the applicant's identity data (R-27.4);
 * what the applicant typed always wins. Applied when the draft is created, so a value the applicant
 * clears later stays cleared.
 */
export function prefillDraftData(form: FormDefinitionData, data: DraftData, profile: PrefillProfile | null): DraftData {
  if (!profile) return data;
  const filled: DraftData = { ...data };
  for (const step of form.steps) {
    for (const field of step.fields) {
      if (!field.prefillFrom || !isEmptyValue(filled[field.name])) continue;
      const value = PREFILL_VALUE[field.prefillFrom]?.(profile);
      if (value !== null && value !== undefined && value !== '') filled[field.name] = value;
    }
  }
  return filled;
}

/** Why `currentStep` names no step of the form, or null (null and absent steps are fine). */
export function currentStepProblem(form: FormDefinitionData, currentStep: string | null | undefined): string | null {
  if (currentStep === null || currentStep === undefined) return null;
  if (form.steps.some((step) => step.id === currentStep)) return null;
  return `currentStep "${currentStep}" is not a step of this service's form; use one of ${form.steps.map((step) => `"${step.id}"`).join(', ')}.`;
}

/**
 * The format-logic errors a draft shows: every error of the steps up to and including the current
 * one, and, in later steps, only errors of values already entered (a field the applicant has not
 * reached yet is not "required" yet). Without a current step: the full check, as on submission.
 */
export function draftValidation(form: FormDefinitionData, data: unknown, currentStep: string | null | undefined, today?: Date): FieldError[] {
  const errors = validateApplicationData(form, data, { today });
  const currentIndex = currentStep ? form.steps.findIndex((step) => step.id === currentStep) : -1;
  if (currentIndex < 0) return errors;
  const reached = new Set(form.steps.slice(0, currentIndex + 1).flatMap((step) => step.fields.map((field) => field.name)));
  return errors.filter((error) => error.code !== 'REQUIRED' || reached.has(error.field));
}

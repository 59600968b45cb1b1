import { useId } from 'react';
import type { FormFieldType } from '../gql/graphql';
import { type FieldRules, storedValue } from '../forms/field-rules';
import { useI18n } from '../i18n/i18n';
import { Checkbox, SelectField, TextField } from './fields';

/** A form field as the service's form definition gives it (labels already in the user's language). */
export interface FormFieldView extends FieldRules {
  type: FormFieldType;
  label: string;
  patternHint?: string | null;
  options?: Array<{ value: string; label: string }> | null;
}

interface FormFieldInputProps {
  field: FormFieldView;
  value: unknown;
  error: string | undefined;
  onChange(value: unknown): void;
  onBlur(): void;
}

const INPUT_TYPES: Partial<Record<FormFieldType, { type: string; inputMode?: 'numeric' | 'decimal' | 'tel' | 'email'; autoComplete?: string }>> = {
  TEXT: { type: 'text' },
  NUMBER: { type: 'text', inputMode: 'decimal' },
  DATE: { type: 'date' },
  EMAIL: { type: 'email', inputMode: 'email', autoComplete: 'email' },
  PHONE: { type: 'tel', inputMode: 'tel', autoComplete: 'tel' },
  PIN: { type: 'text', inputMode: 'numeric' },
};

/** One field of the application form, by its type, with its message tied to it (aria-describedby, aria-invalid). */
export function FormFieldInput({ field, value, error, onChange, onBlur }: FormFieldInputProps) {
  const { t } = useI18n();
  if (field.type === 'BOOLEAN') {
    return <Checkbox name={field.name} label={field.label} checked={value === true} onChange={(checked) => onChange(checked)} error={error} required={field.required} />;
  }
  if (field.type === 'SELECT') {
    return (
      <SelectField
        name={field.name}
        label={field.label}
        value={typeof value === 'string' ? value : ''}
        onChange={(next) => onChange(next === '' ? null : next)}
        onBlur={onBlur}
        options={[{ value: '', label: t('field.choose') }, ...(field.options ?? [])]}
        error={error}
        required={field.required}
      />
    );
  }
  if (field.type === 'FILE') return <FileFieldNote field={field} />;
  const input = INPUT_TYPES[field.type] ?? { type: 'text' };
  const hint = field.type === 'TEXT' ? (field.patternHint ?? undefined) : field.type === 'PHONE' ? t('register.phoneHint') : undefined;
  return (
    <TextField
      name={field.name}
      label={field.label}
      type={input.type}
      inputMode={input.inputMode}
      autoComplete={input.autoComplete ?? 'off'}
      hint={hint}
      value={value === undefined || value === null ? '' : String(value)}
      onChange={(next) => onChange(storedValue(field.type, next))}
      onBlur={onBlur}
      error={error}
      required={field.required}
      maxLength={field.type === 'PIN' ? 14 : (field.maxLength ?? undefined)}
    />
  );
}

/** Attachments are not uploaded from the web app yet: the field says so instead of offering an input that does nothing. */
function FileFieldNote({ field }: { field: FormFieldView }) {
  const { t } = useI18n();
  const id = useId();
  return (
    <div className="field" role="group" aria-labelledby={`${id}-label`}>
      <p id={`${id}-label`} className="field-label">
        {field.label}
      </p>
      <p className="notice">{t('field.fileUnavailable')}</p>
    </div>
  );
}

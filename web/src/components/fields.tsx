import { type InputHTMLAttributes, type ReactNode, useId } from 'react';
import { useI18n } from '../i18n/i18n';

/** What a field's control carries to be tied to its label, hint and error. */
interface ControlWiring {
  id: string;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
}

interface FieldFrameProps {
  label: ReactNode;
  hint?: string;
  error?: string | undefined;
  required?: boolean;
  /** A checkbox stands before its label (and has no hint). */
  checkbox?: boolean;
  /** The control, given its id and the ARIA attributes that tie it to the hint and error. */
  children(control: ControlWiring): ReactNode;
}

/** A field's label, hint and error around its control: the ids that tie them (aria-describedby), the invalid mark (aria-invalid) and the required mark. */
function FieldFrame({ label, hint, error, required, checkbox = false, children }: FieldFrameProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  const control = children({ id, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy });
  return (
    <div className={['field', checkbox ? 'checkbox' : null, error ? 'field-invalid' : null].filter(Boolean).join(' ')}>
      {checkbox ? control : null}
      <label htmlFor={id}>
        {label}
        {required ? <RequiredMark /> : null}
      </label>
      {hint ? (
        <p id={hintId} className="hint">
          {hint}
        </p>
      ) : null}
      {checkbox ? null : control}
      {error ? (
        <p id={errorId} className="error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'onChange' | 'value'> {
  label: string;
  value: string;
  onChange(value: string): void;
  hint?: string;
  error?: string | undefined;
  required?: boolean;
}

/** A labelled input whose hint and error are tied to it (aria-describedby) and marked (aria-invalid). */
export function TextField({ label, value, onChange, hint, error, required, ...input }: TextFieldProps) {
  return (
    <FieldFrame label={label} hint={hint} error={error} required={required}>
      {(control) => <input {...input} {...control} value={value} required={required} onChange={(event) => onChange(event.target.value)} />}
    </FieldFrame>
  );
}

interface CheckboxProps {
  label: ReactNode;
  checked: boolean;
  onChange(checked: boolean): void;
  error?: string | undefined;
  required?: boolean;
  name: string;
}

export function Checkbox({ label, checked, onChange, error, required, name }: CheckboxProps) {
  return (
    <FieldFrame label={label} error={error} required={required} checkbox>
      {(control) => <input type="checkbox" {...control} name={name} checked={checked} required={required} onChange={(event) => onChange(event.target.checked)} />}
    </FieldFrame>
  );
}

interface SelectFieldProps {
  label: string;
  value: string;
  onChange(value: string): void;
  options: Array<{ value: string; label: string }>;
  name: string;
  hint?: string;
  error?: string | undefined;
  required?: boolean;
  onBlur?(): void;
}

export function SelectField({ label, value, onChange, options, name, hint, error, required, onBlur }: SelectFieldProps) {
  return (
    <FieldFrame label={label} hint={hint} error={error} required={required}>
      {(control) => (
        <select {...control} name={name} value={value} required={required} onChange={(event) => onChange(event.target.value)} onBlur={onBlur}>
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </FieldFrame>
  );
}

interface TextAreaFieldProps {
  label: string;
  value: string;
  onChange(value: string): void;
  name: string;
  hint?: string;
  error?: string | undefined;
  required?: boolean;
  maxLength?: number;
}

/** A labelled multi-line text with its hint and error tied the same way as TextField. */
export function TextAreaField({ label, value, onChange, name, hint, error, required, maxLength }: TextAreaFieldProps) {
  return (
    <FieldFrame label={label} hint={hint} error={error} required={required}>
      {(control) => <textarea {...control} name={name} value={value} rows={4} required={required} maxLength={maxLength} onChange={(event) => onChange(event.target.value)} />}
    </FieldFrame>
  );
}

export function RequiredMark() {
  const { t } = useI18n();
  return (
    <>
      <span aria-hidden="true"> *</span>
      <span className="visually-hidden"> ({t('form.required')})</span>
    </>
  );
}

/** A form-level message: announced at once (role=alert) and focusable, so the summary is read first. */
export function FormError({ message, id }: { message: string | null; id?: string }) {
  if (!message) return null;
  return (
    <div role="alert" className="form-error" id={id} tabIndex={-1}>
      {message}
    </div>
  );
}

import { useMutation } from '@apollo/client/react';
import { useId, useState } from 'react';
import { messageOf } from '../api/errors';
import { graphql } from '../gql';
import type { FormFieldType } from '../gql/graphql';
import { type FieldRules, storedValue } from '../forms/field-rules';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { Checkbox, RequiredMark, SelectField, TextField } from './fields';

/** A form field as the service's form definition gives it (labels already in the user's language). */
export interface FormFieldView extends FieldRules {
  type: FormFieldType;
  label: string;
  patternHint?: string | null;
  options?: Array<{ value: string; label: string }> | null;
}

interface FormFieldInputProps {
  field: FormFieldView;
  /** The draft a FILE field's upload belongs to. */
  applicationId?: string;
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
export function FormFieldInput({ field, applicationId, value, error, onChange, onBlur }: FormFieldInputProps) {
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
  if (field.type === 'FILE') return <FileField field={field} applicationId={applicationId} value={value} error={error} onChange={onChange} />;
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

const START_UPLOAD = graphql(`
  mutation StartAttachmentUploadFromBrowser($input: StartAttachmentUploadInput!) {
    startAttachmentUpload(input: $input) { attachmentId uploadUrl maxBytes }
  }
`);

/** The FILE value the upload answers and the form data keeps. */
export interface FileValue {
  name: string;
  sha256: string;
  size: number;
  mimeType: string;
}

// the portal's default ATTACHMENT_ALLOWED_TYPES, offered to the file picker; the server decides and says its limits
const ACCEPTED_TYPES = 'application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png';

function isFileValue(value: unknown): value is FileValue {
  return typeof value === 'object' && value !== null && typeof (value as FileValue).name === 'string' && typeof (value as FileValue).size === 'number';
}

/** A file for the draft: declared (startAttachmentUpload), its bytes POSTed to the signed URL at the gateway, the stored FILE value kept in the form. */
function FileField({ field, applicationId, value, error, onChange }: { field: FormFieldView; applicationId?: string; value: unknown; error: string | undefined; onChange(value: unknown): void }) {
  const { t } = useI18n();
  const formatFileSize = (bytes: number) => fileSize(bytes, t);
  const id = useId();
  const [startUpload] = useMutation(START_UPLOAD);
  const [uploading, setUploading] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [maxBytes, setMaxBytes] = useState<number | null>(null);
  const stored = isFileValue(value) ? value : null;
  const shown = problem ?? error;
  const describedBy = [`${id}-hint`, stored ? `${id}-stored` : null, shown ? `${id}-error` : null].filter(Boolean).join(' ');

  async function upload(file: File) {
    if (!applicationId) return;
    setProblem(null);
    setUploading(true);
    try {
      // a type the browser cannot tell is declared as such and refused by the portal in words
      const mimeType = file.type || 'application/octet-stream';
      const declared = await startUpload({ variables: { input: { applicationId, field: field.name, name: file.name, mimeType, size: file.size } } });
      const target = declared.data?.startAttachmentUpload;
      if (!target) throw new Error('startAttachmentUpload returned nothing');
      setMaxBytes(target.maxBytes);
      const response = await fetch(target.uploadUrl, { method: 'POST', headers: { 'content-type': mimeType }, body: file });
      const answer = (await response.json().catch(() => null)) as (FileValue & { error?: string }) | null;
      if (!response.ok || !answer || !isFileValue(answer)) throw new Error(answer?.error ?? t('field.fileUploadFailed'));
      onChange({ name: answer.name, sha256: answer.sha256, size: answer.size, mimeType: answer.mimeType });
    } catch (failure) {
      setProblem(messageOf(failure, t('status.network')));
    } finally {
      setUploading(false);
    }
  }

  return (
    <div className={shown ? 'field field-invalid' : 'field'}>
      <label htmlFor={id}>
        {field.label}
        {field.required ? <RequiredMark /> : null}
      </label>
      <p id={`${id}-hint`} className="hint">
        {maxBytes ? t('field.fileHintMax', { size: formatFileSize(maxBytes) }) : t('field.fileHint')}
      </p>
      <input
        id={id}
        name={field.name}
        type="file"
        accept={ACCEPTED_TYPES}
        required={field.required && !stored}
        disabled={uploading || !applicationId}
        aria-invalid={shown ? true : undefined}
        aria-describedby={describedBy}
        onChange={(event) => {
          const file = event.target.files?.[0];
          if (file) void upload(file);
        }}
      />
      {uploading ? <p className="meta" role="status">{t('field.fileUploading')}</p> : null}
      {stored ? (
        <p id={`${id}-stored`} data-testid={`file-${field.name}`}>
          {t('field.fileStored', { name: stored.name, size: formatFileSize(stored.size) })}
        </p>
      ) : null}
      {shown ? (
        <p id={`${id}-error`} className="error">
          {shown}
        </p>
      ) : null}
    </div>
  );
}

const SIZE_FORMAT = new Intl.NumberFormat('ru-RU', { maximumFractionDigits: 1 });

/** Bytes as the user reads them: bytes, KB or MB (the same units in ky and ru). */
function fileSize(bytes: number, t: (key: MessageKey, params?: Record<string, string | number>) => string): string {
  if (bytes < 1024) return t('field.sizeBytes', { n: bytes });
  if (bytes < 1024 * 1024) return t('field.sizeKb', { n: SIZE_FORMAT.format(bytes / 1024) });
  return t('field.sizeMb', { n: SIZE_FORMAT.format(bytes / (1024 * 1024)) });
}

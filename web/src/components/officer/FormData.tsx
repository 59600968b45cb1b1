import { useI18n } from '../../i18n/i18n';

interface Step {
  id: string;
  title: string;
  fields: Array<{ name: string; label: string; type: string; options?: Array<{ value: string; label: string }> | null }>;
}

/** The application's form data, step by step with the form's own labels (a select shows its option's label); fields the form no longer has are listed last by name. */
export function FormData({ data, steps }: { data: unknown; steps: Step[] }) {
  const { t, formatDate } = useI18n();
  const values = data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
  const known = new Set(steps.flatMap((step) => step.fields.map((field) => field.name)));
  const extra = Object.keys(values).filter((name) => !known.has(name));

  function shown(field: Step['fields'][number] | undefined, value: unknown): string {
    if (value === undefined || value === null || value === '') return t('officer.app.noValue');
    if (typeof value === 'boolean') return value ? t('officer.app.yes') : t('officer.app.no');
    if (field?.type === 'SELECT') return field.options?.find((option) => option.value === value)?.label ?? String(value);
    if (field?.type === 'DATE' && typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDate(`${value}T12:00:00Z`);
    return typeof value === 'object' ? JSON.stringify(value) : String(value);
  }

  return (
    <div data-testid="form-data">
      {steps.map((step) => (
        <div key={step.id}>
          <h3>{step.title}</h3>
          <dl className="data-list">
            {step.fields.map((field) => (
              <div key={field.name} className="pair">
                <dt>{field.label}</dt>
                <dd>{shown(field, values[field.name])}</dd>
              </div>
            ))}
          </dl>
        </div>
      ))}
      {extra.length > 0 ? (
        <dl className="data-list">
          {extra.map((name) => (
            <div key={name} className="pair">
              <dt>{name}</dt>
              <dd>{shown(undefined, values[name])}</dd>
            </div>
          ))}
        </dl>
      ) : null}
    </div>
  );
}

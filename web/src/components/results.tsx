import { useId } from 'react';
import type { ResultFormat } from '../gql/graphql';
import { useI18n } from '../i18n/i18n';

export interface ReceptionView {
  place: string;
  hours: string;
}

/** Where and when the provider receives applicants in person (S items 4-5), as a list of two facts. */
export function ReceptionFacts({ reception }: { reception: ReceptionView }) {
  const { t } = useI18n();
  return (
    <dl className="facts" data-testid="reception">
      <div>
        <dt>{t('results.reception.place')}</dt>
        <dd>{reception.place}</dd>
      </div>
      <div>
        <dt>{t('results.reception.hours')}</dt>
        <dd>{reception.hours}</dd>
      </div>
    </dl>
  );
}

const FORMATS: ResultFormat[] = ['DOCUMENT', 'INFORMATION_SYSTEM_RECORD'];

/** the applicant's choice of a signed document or a record in the provider's information system, as a radio group with a hint per choice. */
export function ResultFormatChoice({ value, onChange, disabled }: { value: ResultFormat; onChange(format: ResultFormat): void; disabled: boolean }) {
  const { t } = useI18n();
  const id = useId();
  return (
    <fieldset className="field" data-testid="result-format">
      <legend>{t('results.format.legend')}</legend>
      {FORMATS.map((format) => (
        <div key={format} className="field checkbox">
          <input
            type="radio"
            id={`${id}-${format}`}
            name="resultFormat"
            value={format}
            checked={value === format}
            disabled={disabled}
            aria-describedby={`${id}-${format}-hint`}
            onChange={() => onChange(format)}
          />
          <div>
            <label htmlFor={`${id}-${format}`}>{t(`results.format.${format}`)}</label>
            <p id={`${id}-${format}-hint`} className="hint">
              {t(`results.format.${format}.hint`)}
            </p>
          </div>
        </div>
      ))}
    </fieldset>
  );
}

import { type ReactNode, useEffect } from 'react';
import { useI18n } from '../i18n/i18n';

/**
 * A screen's heading and the document title. The layout moves focus to this h1 on every route
 * change, so a screen reader starts reading the new screen (it has tabIndex -1 for that).
 */
export function Page({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useI18n();
  useEffect(() => {
    document.title = `${title} — ${t('app.name')}`;
  }, [title, t]);
  return (
    <>
      <h1 tabIndex={-1} id="page-heading">
        {title}
      </h1>
      {children}
    </>
  );
}

export function Loading() {
  const { t } = useI18n();
  return (
    <p className="loading" aria-busy="true">
      {t('status.loading')}
    </p>
  );
}

export function LoadError({ message, onRetry }: { message: string; onRetry?: () => void }) {
  const { t } = useI18n();
  return (
    <div role="alert" className="form-error">
      <p>{t('status.error', { message })}</p>
      {onRetry ? (
        <button type="button" onClick={onRetry}>
          {t('status.retry')}
        </button>
      ) : null}
    </div>
  );
}

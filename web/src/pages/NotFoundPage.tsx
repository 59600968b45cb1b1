import { Link } from 'react-router';
import { Page } from '../components/Page';
import { useI18n } from '../i18n/i18n';

export function NotFoundPage() {
  const { t } = useI18n();
  return (
    <Page title={t('notFound.title')}>
      <p>{t('notFound.text')}</p>
      <p>
        <Link to="/">{t('nav.catalogue')}</Link>
      </p>
    </Page>
  );
}

import type { ApplicationStatus } from '../gql/graphql';
import { useI18n } from '../i18n/i18n';

export function StatusBadge({ status }: { status: ApplicationStatus }) {
  const { t } = useI18n();
  return <span className={`status status-${status.toLowerCase()}`}>{t(`appStatus.${status}`)}</span>;
}

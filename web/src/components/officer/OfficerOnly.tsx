import type { ReactNode } from 'react';
import { useSession } from '../../api/session-context';
import { useI18n } from '../../i18n/i18n';
import { Page } from '../Page';
import './officer.css';

export const OFFICER_ROLE = 'PROVIDER_OFFICER';

export function isOfficer(roles: readonly string[] | undefined): boolean {
  return roles?.includes(OFFICER_ROLE) ?? false;
}

/** The workspace's screens, for provider officers only (the API refuses the rest anyway; this says so up front). */
export function OfficerOnly({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const { session } = useSession();
  if (!isOfficer(session?.user.roles)) {
    return (
      <Page title={t('officer.queue.title')}>
        <p className="notice">{t('officer.only')}</p>
      </Page>
    );
  }
  return <>{children}</>;
}

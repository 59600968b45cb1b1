import { Navigate, Route, Routes, useLocation } from 'react-router';
import type { ReactNode } from 'react';
import { useSession } from './api/session-context';
import { Layout } from './components/Layout';
import { ApplicationFormPage } from './pages/ApplicationFormPage';
import { ApplicationPage } from './pages/ApplicationPage';
import { DataAccessLogPage } from './pages/DataAccessLogPage';
import { DraftsPage } from './pages/DraftsPage';
import { PreferencesPage } from './pages/PreferencesPage';
import { SessionsPage } from './pages/SessionsPage';
import { ApplicationsPage } from './pages/ApplicationsPage';
import { CabinetPage } from './pages/CabinetPage';
import { CataloguePage } from './pages/CataloguePage';
import { LoginPage } from './pages/LoginPage';
import { NationalIdCallbackPage } from './pages/NationalIdCallbackPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { NoticesPage } from './pages/NoticesPage';
import { RegisterPage } from './pages/RegisterPage';
import { ServicePage } from './pages/ServicePage';
import { OfficerOnly } from './components/officer/OfficerOnly';
import { OfficerApplicationPage } from './pages/officer/OfficerApplicationPage';
import { QueuePage } from './pages/officer/QueuePage';
import { SigningKeyPage } from './pages/officer/SigningKeyPage';
import { AppealPage } from './pages/officer/appeals/AppealPage';
import { AppealQueuePage } from './pages/officer/appeals/AppealQueuePage';

export function App() {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route index element={<CataloguePage />} />
        <Route path="services/:code" element={<ServicePage />} />
        <Route path="login" element={<LoginPage />} />
        <Route path="callback" element={<NationalIdCallbackPage />} />
        <Route path="register" element={<RegisterPage />} />
        <Route path="cabinet" element={<SignedIn><CabinetPage /></SignedIn>} />
        <Route path="applications" element={<SignedIn><ApplicationsPage /></SignedIn>} />
        <Route path="applications/:id" element={<SignedIn><ApplicationPage /></SignedIn>} />
        <Route path="applications/:id/form" element={<SignedIn><ApplicationFormPage /></SignedIn>} />
        <Route path="drafts" element={<SignedIn><DraftsPage /></SignedIn>} />
        <Route path="cabinet/data-access" element={<SignedIn><DataAccessLogPage /></SignedIn>} />
        <Route path="cabinet/notifications" element={<SignedIn><PreferencesPage /></SignedIn>} />
        <Route path="cabinet/sessions" element={<SignedIn><SessionsPage /></SignedIn>} />
        <Route path="notices" element={<SignedIn><NoticesPage /></SignedIn>} />
        <Route path="officer" element={<SignedIn><OfficerOnly><QueuePage /></OfficerOnly></SignedIn>} />
        <Route path="officer/applications/:id" element={<SignedIn><OfficerOnly><OfficerApplicationPage /></OfficerOnly></SignedIn>} />
        <Route path="officer/signing-key" element={<SignedIn><OfficerOnly><SigningKeyPage /></OfficerOnly></SignedIn>} />
        <Route path="officer/appeals" element={<SignedIn><OfficerOnly><AppealQueuePage /></OfficerOnly></SignedIn>} />
        <Route path="officer/appeals/:applicationId" element={<SignedIn><OfficerOnly><AppealPage /></OfficerOnly></SignedIn>} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}

/** Pages of the cabinet: without a session, to the login page, which comes back here. */
function SignedIn({ children }: { children: ReactNode }) {
  const { session } = useSession();
  const location = useLocation();
  if (!session) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace state={{ reason: 'auth.required' }} />;
  return <>{children}</>;
}

import { Route, Routes } from 'react-router';
import { NotificationSettingsPage } from '../../components/NotificationSettings';
import { TabLayout, type NavItem } from '../../components/TabLayout';
import { DeadLettersPage } from '../../components/DeadLetters';
import { useT } from '../../i18n';
import { FormsPage } from '../forms/FormsPage';
import { OrganisationsPage } from '../organisation/OrganisationsPage';
import { PolicyPage } from './PolicyPage';
import { ReportsPage } from './ReportsPage';
import { SpotChecksPage } from './SpotChecksPage';
import { SurgesPage } from './SurgesPage';
import '../../components/desk.css';
import './district.css';
import '../../components/deadLettersMessages';
import './messages';
import '../forms/messages';
import '../organisation/messages';

/** 区民政局管理员 (district admins): policy pack, surges, reports, forms (报表 to hand in), spot checks, organisations and their contracts, and the messages that could not be sent. */
export default function DistrictApp() {
  const t = useT();
  const items: NavItem[] = [
    { to: '/d', label: t.district.policy, end: true },
    { to: '/d/surges', label: t.district.surges },
    { to: '/d/reports', label: t.district.reports },
    { to: '/d/forms', label: t.forms.title },
    { to: '/d/spot-checks', label: t.district.spotChecks },
    { to: '/d/organisations', label: t.organisation.title },
    { to: '/d/messages', label: t.deadLetters.title },
  ];
  return (
    <Routes>
      <Route element={<TabLayout items={items} navLabel={t.district.nav} variant="desk" />}>
        <Route index element={<PolicyPage />} />
        <Route path="surges" element={<SurgesPage />} />
        <Route path="reports" element={<ReportsPage />} />
        <Route path="forms" element={<FormsPage />} />
        <Route path="spot-checks" element={<SpotChecksPage />} />
        <Route path="organisations" element={<OrganisationsPage />} />
        <Route path="messages" element={<DeadLettersPage />} />
        <Route path="settings" element={<NotificationSettingsPage />} />
      </Route>
    </Routes>
  );
}

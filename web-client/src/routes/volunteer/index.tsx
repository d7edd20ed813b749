import { useEffect } from 'react';
import { Route, Routes } from 'react-router';
import { NotificationSettingsPage } from '../../components/NotificationSettings';
import { SurgeBanner } from '../../components/SurgeBanner';
import { TabLayout, type NavItem } from '../../components/TabLayout';
import { useT } from '../../i18n';
import { HoursPage } from './HoursPage';
import { startOutbox } from './outbox';
import { PendingGate } from './PendingGate';
import { SchedulePage } from './SchedulePage';
import { SlotsPage } from './SlotsPage';
import { registerServiceWorker } from './sw-register';
import { VisitPage } from './VisitPage';
import './volunteer.css';

/** 探访人员 (volunteers, students, younger seniors): mobile layout with a bottom tab bar. */
export default function VolunteerApp() {
  const t = useT();
  useEffect(() => {
    registerServiceWorker();
    return startOutbox();
  }, []);
  const items: NavItem[] = [
    { to: '/v', label: t.volunteer.slots, icon: '◷', end: true },
    { to: '/v/schedule', label: t.volunteer.schedule, icon: '▤' },
    { to: '/v/hours', label: t.volunteer.hours, icon: '◔' },
  ];
  return (
    <Routes>
      <Route element={<TabLayout items={items} navLabel={t.volunteer.nav} variant="mobile" banner={<SurgeBanner />} />}>
        <Route index element={<PendingGate><SlotsPage /></PendingGate>} />
        <Route path="schedule" element={<PendingGate><SchedulePage /></PendingGate>} />
        <Route path="visit/:slotId" element={<PendingGate><VisitPage /></PendingGate>} />
        <Route path="hours" element={<PendingGate><HoursPage /></PendingGate>} />
        <Route path="settings" element={<NotificationSettingsPage />} />
      </Route>
    </Routes>
  );
}

import { Suspense, useEffect, type ReactNode } from 'react';
import { Route, Routes } from 'react-router';
import { Loading } from '../../components/Loading';
import { SurgeBanner } from '../../components/SurgeBanner';
import { TabLayout, type NavItem } from '../../components/TabLayout';
import { useT } from '../../i18n';
import { preloadable } from '../../preloadable';
import { PendingGate } from './PendingGate';
import { SlotsPage } from './SlotsPage';
import { registerServiceWorker } from './sw-register';
import './volunteer.css';
import './messages';

/**
 * The screens after the slot list, in a chunk of their own (`later.ts`): the slot list (the page
 * a volunteer opens) is interactive without their code (docs/benchmarks.md, 2 s on a slow phone
 * network). Their code is fetched as soon as the slot list is up, before the service worker is
 * told what to keep, so that every screen opens offline after the first visit.
 */
const later = () => import('./later');
const LATER = {
  schedule: preloadable<object>(() => later().then((m) => ({ default: m.SchedulePage }))),
  visit: preloadable<object>(() => later().then((m) => ({ default: m.VisitPage }))),
  hours: preloadable<object>(() => later().then((m) => ({ default: m.HoursPage }))),
  settings: preloadable<object>(() => later().then((m) => ({ default: m.NotificationSettingsPage }))),
  organisations: preloadable<object>(() => later().then((m) => ({ default: m.MyOrganisationsPage }))),
};
const SchedulePage = LATER.schedule.Component;
const VisitPage = LATER.visit.Component;
const HoursPage = LATER.hours.Component;
const NotificationSettingsPage = LATER.settings.Component;
const MyOrganisationsPage = LATER.organisations.Component;

function Later({ children }: { children: ReactNode }) {
  return <Suspense fallback={<Loading />}>{children}</Suspense>;
}

/** 探访人员 (volunteers, students, younger seniors): mobile layout with a bottom tab bar. */
export default function VolunteerApp() {
  const t = useT();
  useEffect(() => {
    let live = true;
    let stopOutbox: (() => void) | undefined;
    void later()
      .then(({ startOutbox }) => {
        if (live) stopOutbox = startOutbox();
      })
      .catch(() => undefined);
    void Promise.allSettled(Object.values(LATER).map((screen) => screen.load())).then(() => {
      if (live) registerServiceWorker();
    });
    return () => {
      live = false;
      stopOutbox?.();
    };
  }, []);
  const items: NavItem[] = [
    { to: '/v', label: t.volunteer.slots, icon: '◷', end: true },
    { to: '/v/schedule', label: t.volunteer.schedule, icon: '▤' },
    { to: '/v/hours', label: t.volunteer.hours, icon: '◔' },
    { to: '/v/organisations', label: t.volunteer.organisations, icon: '◎' },
  ];
  return (
    <Routes>
      <Route element={<TabLayout items={items} navLabel={t.volunteer.nav} variant="mobile" banner={<SurgeBanner />} />}>
        <Route index element={<PendingGate><SlotsPage /></PendingGate>} />
        <Route path="schedule" element={<PendingGate><Later><SchedulePage /></Later></PendingGate>} />
        <Route path="visit/:slotId" element={<PendingGate><Later><VisitPage /></Later></PendingGate>} />
        <Route path="hours" element={<PendingGate><Later><HoursPage /></Later></PendingGate>} />
        <Route path="organisations" element={<PendingGate><Later><MyOrganisationsPage /></Later></PendingGate>} />
        <Route path="settings" element={<Later><NotificationSettingsPage /></Later>} />
      </Route>
    </Routes>
  );
}

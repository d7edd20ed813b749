import { Route, Routes } from 'react-router';
import { Placeholder } from '../../components/Placeholder';
import { TabLayout, type NavItem } from '../../components/TabLayout';
import { useT } from '../../i18n';
import { OverviewPage } from './OverviewPage';

/** 镇街组织者 and 村(居)工作人员: desk layout with side navigation. */
export default function OrganizerApp() {
  const t = useT();
  const items: NavItem[] = [
    { to: '/o', label: t.organizer.overview, end: true },
    { to: '/o/elders', label: t.organizer.elders },
    { to: '/o/plans', label: t.organizer.plans },
    { to: '/o/review', label: t.organizer.review },
    { to: '/o/risks', label: t.organizer.risks },
  ];
  return (
    <Routes>
      <Route element={<TabLayout items={items} navLabel={t.organizer.nav} variant="desk" />}>
        <Route index element={<OverviewPage />} />
        <Route path="elders" element={<Placeholder title={t.organizer.elders} />} />
        <Route path="plans" element={<Placeholder title={t.organizer.plans} />} />
        <Route path="review" element={<Placeholder title={t.organizer.review} />} />
        <Route path="risks" element={<Placeholder title={t.organizer.risks} />} />
      </Route>
    </Routes>
  );
}

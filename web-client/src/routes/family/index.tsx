import { Route, Routes } from 'react-router';
import { NotificationSettingsPage } from '../../components/NotificationSettings';
import { TabLayout } from '../../components/TabLayout';
import { useT } from '../../i18n';
import { FamilyPage } from './FamilyPage';
import './family.css';
import './messages';

/** 家属/紧急联系人 (family): the elder they look after. */
export default function FamilyApp() {
  const t = useT();
  return (
    <Routes>
      <Route element={<TabLayout items={[]} navLabel={t.family.home} variant="mobile" />}>
        <Route index element={<FamilyPage />} />
        <Route path="settings" element={<NotificationSettingsPage />} />
      </Route>
    </Routes>
  );
}

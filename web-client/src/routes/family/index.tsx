import { Route, Routes } from 'react-router';
import { NotificationSettingsPage } from '../../components/NotificationSettings';
import { Placeholder } from '../../components/Placeholder';
import { TabLayout } from '../../components/TabLayout';
import { useT } from '../../i18n';

/** 家属/紧急联系人 (family): the elder they look after. */
export default function FamilyApp() {
  const t = useT();
  return (
    <Routes>
      <Route element={<TabLayout items={[]} navLabel={t.family.home} variant="desk" />}>
        <Route index element={<Placeholder title={t.family.home} />} />
        <Route path="settings" element={<NotificationSettingsPage />} />
      </Route>
    </Routes>
  );
}

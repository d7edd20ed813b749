import { Route, Routes } from 'react-router';
import { Placeholder } from '../../components/Placeholder';
import { TabLayout } from '../../components/TabLayout';
import { useT } from '../../i18n';

/** 学校管理员 (school admins): students, certification and certificates. */
export default function SchoolApp() {
  const t = useT();
  return (
    <Routes>
      <Route element={<TabLayout items={[]} navLabel={t.school.home} variant="desk" />}>
        <Route index element={<Placeholder title={t.school.home} />} />
      </Route>
    </Routes>
  );
}

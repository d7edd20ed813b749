import { Route, Routes } from 'react-router';
import { Placeholder } from '../../components/Placeholder';
import { TabLayout } from '../../components/TabLayout';
import { useT } from '../../i18n';

/** 区民政局管理员 (district admins): the whole district. */
export default function DistrictApp() {
  const t = useT();
  return (
    <Routes>
      <Route element={<TabLayout items={[]} navLabel={t.district.home} variant="desk" />}>
        <Route index element={<Placeholder title={t.district.home} />} />
      </Route>
    </Routes>
  );
}

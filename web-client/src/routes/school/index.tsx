import { Outlet, Route, Routes } from 'react-router';
import { NotificationSettingsPage } from '../../components/NotificationSettings';
import { TabLayout, type NavItem } from '../../components/TabLayout';
import { useT } from '../../i18n';
import { CertificatesPage } from './CertificatesPage';
import { CertifyPage } from './CertifyPage';
import { HoursPage } from './HoursPage';
import { useMySchool } from './mySchool';
import { StudentsPage } from './StudentsPage';
import '../../components/desk.css';
import './school.css';
import './messages';

/** The school's name above each screen (nothing while it loads or when it cannot be read). */
function SchoolFrame() {
  const t = useT();
  const school = useMySchool().data?.mySchool;
  return (
    <>
      {school ? (
        <p className="school-name" data-testid="school-name">
          <span className="school-muted">{t.school.schoolLabel}</span> {school.name}
        </p>
      ) : null}
      <Outlet />
    </>
  );
}

/** 学校管理员 (school admins): students, hours per term, certification and certificates. */
export default function SchoolApp() {
  const t = useT();
  const items: NavItem[] = [
    { to: '/s', label: t.school.students, end: true },
    { to: '/s/hours', label: t.school.hours },
    { to: '/s/certify', label: t.school.certify },
    { to: '/s/certificates', label: t.school.certificates },
  ];
  return (
    <Routes>
      <Route element={<TabLayout items={items} navLabel={t.school.nav} variant="desk" />}>
        <Route element={<SchoolFrame />}>
          <Route index element={<StudentsPage />} />
          <Route path="hours" element={<HoursPage />} />
          <Route path="certify" element={<CertifyPage />} />
          <Route path="certificates" element={<CertificatesPage />} />
        </Route>
        <Route path="settings" element={<NotificationSettingsPage />} />
      </Route>
    </Routes>
  );
}

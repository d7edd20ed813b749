import { lazy, Suspense, type ReactNode } from 'react';
import { BrowserRouter, Link, Navigate, Route, Routes } from 'react-router';
import { useSession } from './api/auth';
import { Empty } from './components/Empty';
import { Loading } from './components/Loading';
import { RequireRole } from './components/RequireRole';
import type { Role } from './gql/graphql';
import { I18nProvider, useT } from './i18n';
import { homePath } from './routes/homes';
import { LoginPage } from './routes/login/LoginPage';

// One chunk per role: a volunteer's phone never downloads the organizer screens.
const VolunteerApp = lazy(() => import('./routes/volunteer'));
const OrganizerApp = lazy(() => import('./routes/organizer'));
const SchoolApp = lazy(() => import('./routes/school'));
const DistrictApp = lazy(() => import('./routes/district'));
const CityApp = lazy(() => import('./routes/city'));
const FamilyApp = lazy(() => import('./routes/family'));
const SignUpPage = lazy(() => import('./routes/signup/SignUpPage').then((m) => ({ default: m.SignUpPage })));

function RoleRoute({ roles, children }: { roles: readonly Role[]; children: ReactNode }) {
  return (
    <RequireRole roles={roles}>
      <Suspense fallback={<Loading />}>{children}</Suspense>
    </RequireRole>
  );
}

/** `/`: the role's home when signed in, else sign-in. */
function Home() {
  const session = useSession();
  return <Navigate to={homePath(session?.account.role) ?? '/login'} replace />;
}

function NotFound() {
  const t = useT();
  return (
    <main id="main" className="shell-main">
      <Empty title={t.app.notFound} action={<Link to="/">{t.app.backHome}</Link>} />
    </main>
  );
}

export function App() {
  return (
    <I18nProvider>
      <BrowserRouter>
        <Routes>
          <Route path="/" element={<Home />} />
          <Route path="/login" element={<LoginPage />} />
          <Route
            path="/signup"
            element={
              <Suspense fallback={<Loading />}>
                <SignUpPage />
              </Suspense>
            }
          />
          <Route path="/v/*" element={<RoleRoute roles={['VISITOR']}><VolunteerApp /></RoleRoute>} />
          <Route path="/o/*" element={<RoleRoute roles={['TOWN_ORGANIZER', 'VILLAGE_STAFF']}><OrganizerApp /></RoleRoute>} />
          <Route path="/s/*" element={<RoleRoute roles={['SCHOOL_ADMIN']}><SchoolApp /></RoleRoute>} />
          <Route path="/c/*" element={<RoleRoute roles={['CITY_ADMIN']}><CityApp /></RoleRoute>} />
          <Route path="/d/*" element={<RoleRoute roles={['DISTRICT_ADMIN']}><DistrictApp /></RoleRoute>} />
          <Route path="/f/*" element={<RoleRoute roles={['FAMILY']}><FamilyApp /></RoleRoute>} />
          <Route path="*" element={<NotFound />} />
        </Routes>
      </BrowserRouter>
    </I18nProvider>
  );
}

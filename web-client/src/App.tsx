import { lazy, Suspense, type ReactNode } from 'react';
import { BrowserRouter, Link, Navigate, Route, Routes } from 'react-router';
import { useSession } from './api/auth';
import { Empty } from './components/Empty';
import { Loading } from './components/Loading';
import { RequireRole } from './components/RequireRole';
import type { Role } from './gql/graphql';
import { I18nProvider, useT } from './i18n';
import { preloadable } from './preloadable';
import { homePath, ROLE_PATH } from './routes/homes';
import { LoginPage } from './routes/login/LoginPage';

// One chunk per role: a volunteer's phone never downloads the organizer screens.
const ROLE_SCREENS = {
  v: preloadable(() => import('./routes/volunteer')),
  o: preloadable(() => import('./routes/organizer')),
  s: preloadable(() => import('./routes/school')),
  d: preloadable(() => import('./routes/district')),
  c: preloadable(() => import('./routes/city')),
  f: preloadable(() => import('./routes/family')),
};
const VolunteerApp = ROLE_SCREENS.v.Component;
const OrganizerApp = ROLE_SCREENS.o.Component;
const SchoolApp = ROLE_SCREENS.s.Component;
const DistrictApp = ROLE_SCREENS.d.Component;
const CityApp = ROLE_SCREENS.c.Component;
const FamilyApp = ROLE_SCREENS.f.Component;

/** Loads the screens of the role whose path (`/v…`, `/o…`, …) the page was opened at; main.tsx waits for them before the first render. */
export function loadScreensFor(pathname: string): Promise<void> {
  const prefix = ROLE_PATH.exec(pathname)?.[1];
  const screens = prefix && prefix in ROLE_SCREENS ? ROLE_SCREENS[prefix as keyof typeof ROLE_SCREENS] : undefined;
  return screens ? screens.load() : Promise.resolve();
}
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

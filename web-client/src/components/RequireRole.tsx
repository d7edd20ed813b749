import { useEffect, type ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { fetchMe, useSession } from '../api/auth';
import type { Role } from '../gql/graphql';
import { homePath } from '../routes/homes';

/**
 * Renders its children for the given roles; sends others to sign-in or to their own home.
 * On first render it asks the server who is signed in: a session that can no longer be
 * refreshed is dropped (back to sign-in), and a changed role is followed.
 */
export function RequireRole({ roles, children }: { roles: readonly Role[]; children: ReactNode }) {
  const session = useSession();
  const location = useLocation();
  const signedIn = session !== null;
  useEffect(() => {
    if (signedIn) fetchMe().catch(() => undefined); // a refused refresh has already signed out
  }, [signedIn]);

  if (!session) {
    return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  }
  const role = session.account.role;
  if (!role || !roles.includes(role)) {
    const home = homePath(role);
    return <Navigate to={home && home !== location.pathname ? home : '/login'} replace />;
  }
  return <>{children}</>;
}

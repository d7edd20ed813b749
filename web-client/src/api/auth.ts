import { useSyncExternalStore } from 'react';
import { LoginDocument, LogoutDocument, MeDocument, type Role } from '../gql/graphql';
import { request, requestAnonymous, sessionFrom } from './client';
import { getSession, setSession, subscribeSession, type Session, type SessionAccount } from './session';

export type { Session, SessionAccount } from './session';

/* GraphQL */ `
  mutation Login($username: String!, $password: String!) {
    login(username: $username, password: $password) {
      accessToken
      accessExpiresAt
      refreshToken
      account {
        ...SessionAccount
      }
    }
  }

  mutation Logout {
    logout
  }

  query Me {
    me {
      ...SessionAccount
      visitorKind
      schoolId
      elderId
    }
  }
`;

/** Signs in and stores the tokens; throws an ApiError (`LOGIN_FAILED`) on failure. */
export async function login(username: string, password: string): Promise<SessionAccount> {
  const data = await requestAnonymous(LoginDocument, { username, password });
  const session = sessionFrom(data.login);
  setSession(session);
  return session.account;
}

/** Ends the session on the server (best effort) and forgets the tokens. */
export async function logout(): Promise<void> {
  try {
    if (getSession()) await request(LogoutDocument);
  } catch {
    // Signing out locally is what matters.
  } finally {
    setSession(null);
  }
}

/** The signed-in account from the server, refreshing the stored copy. */
export async function fetchMe() {
  const { me } = await request(MeDocument);
  const session = getSession();
  if (session) {
    const { id, username, displayName, role, areaCode, status } = me;
    setSession({ ...session, account: { id, username, displayName, role, areaCode, status } });
  }
  return me;
}

/** The current session, re-rendering on sign-in, sign-out and refresh. */
export function useSession(): Session | null {
  return useSyncExternalStore(subscribeSession, getSession, () => null);
}

/** The current account's role, or null when signed out or without a role. */
export function useRole(): Role | null {
  return useSession()?.account.role ?? null;
}

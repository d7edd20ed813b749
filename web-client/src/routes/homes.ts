import type { Role } from '../gql/graphql';

/** Where each role lands after signing in. Each path is one lazily loaded bundle. */
export const HOME_BY_ROLE: Record<Role, string> = {
  VISITOR: '/v',
  TOWN_ORGANIZER: '/o',
  VILLAGE_STAFF: '/o',
  SCHOOL_ADMIN: '/s',
  CITY_ADMIN: '/c',
  DISTRICT_ADMIN: '/d',
  FAMILY: '/f',
};

/** A role's screens' path (`/v`, `/v/schedule`, `/o/…`): its one-letter prefix is group 1. */
export const ROLE_PATH = /^\/([a-z])(?:\/|$)/;

/** The home of a role; null for an account without a role (it has no screens). */
export function homePath(role: Role | null | undefined): string | null {
  return role ? HOME_BY_ROLE[role] : null;
}

/**
 * Where to go after signing in: back to the page that asked for sign-in when the role may see
 * it, else the role's home.
 */
export function afterLogin(role: Role | null | undefined, from: string | null | undefined): string | null {
  const home = homePath(role);
  if (!home) return null;
  if (from && (from === home || from.startsWith(`${home}/`))) return from;
  return home;
}

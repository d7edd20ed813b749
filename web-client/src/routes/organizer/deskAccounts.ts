import { request } from '../../api/client';
import { useLoad } from '../../api/hooks';
import { DeskActiveAccountsDocument, type DeskActiveAccountsQuery, type Role } from '../../gql/graphql';

/* GraphQL */ `
  query DeskActiveAccounts($role: Role!, $after: String) {
    accounts(first: 100, role: $role, status: ACTIVE, after: $after) {
      nodes { id displayName role areaCode isMinor }
      pageInfo { hasNextPage endCursor }
    }
  }
`;

export type DeskAccount = DeskActiveAccountsQuery['accounts']['nodes'][number];

/** Every active account of the caller's area with `role`, a page at a time. */
async function activeAccounts(role: Role): Promise<DeskAccount[]> {
  const all: DeskAccount[] = [];
  let after: string | null = null;
  for (;;) {
    const { accounts }: DeskActiveAccountsQuery = await request(DeskActiveAccountsDocument, { role, after });
    all.push(...accounts.nodes);
    if (!accounts.pageInfo.hasNextPage || !accounts.pageInfo.endCursor) return all;
    after = accounts.pageInfo.endCursor;
  }
}

/**
 * The active accounts of the caller's area with any of `roles`, in that order of roles. The
 * list is a town organizer's (`CreateStaff`): `skip` it for village staff.
 */
export function useActiveAccounts(roles: Role[], skip = false) {
  return useLoad(async () => (await Promise.all(roles.map(activeAccounts))).flat(), roles.join('|'), { skip });
}

import { useMemo } from 'react';
import { useQuery } from '../../api/hooks';
import { OrganizerAccountsDocument, OrganizerAreaDocument } from '../../gql/graphql';
import { useT } from '../../i18n';
import './messages';

/* GraphQL */ `
  query OrganizerAccounts {
    accounts(first: 100) { nodes { id displayName username role areaCode status } }
  }
`;

/**
 * Names of the area's accounts and villages, for lists that hold only ids. The accounts list
 * is not open to village staff: then a person is named as unknown, never by an id; a place
 * outside the area likewise, never by its code.
 */
export function useNames(areaCode: string | null) {
  const t = useT();
  const unknown = t.organizer.personUnknown;
  const elsewhere = t.organizer.placeUnknown;
  const accounts = useQuery(OrganizerAccountsDocument);
  const area = useQuery(OrganizerAreaDocument, { code: areaCode ?? '' }, { skip: !areaCode });
  return useMemo(() => {
    const people = new Map((accounts.data?.accounts.nodes ?? []).map((a) => [a.id, a]));
    const villages = new Map<string, string>();
    const a = area.data?.area;
    if (a) {
      villages.set(a.code, a.name);
      a.children.forEach((c) => villages.set(c.code, c.name));
    }
    return {
      accounts: accounts.data?.accounts.nodes ?? [],
      person: (id: string | null | undefined) => (id ? (people.get(id)?.displayName ?? unknown) : '—'),
      village: (code: string) => villages.get(code) ?? elsewhere,
    };
  }, [accounts.data, area.data, unknown, elsewhere]);
}

import { request } from '../../api/client';
import { useLoad } from '../../api/hooks';
import { allPages } from '../../api/pages';
import { OrganizerOpenSlotsDocument } from '../../gql/graphql';

/* GraphQL */ `
  query OrganizerOpenSlots($month: String!, $areaCode: String!, $first: Int!, $after: String) {
    visitSlots(month: $month, areaCode: $areaCode, status: OPEN, first: $first, after: $after) {
      id elderId villageCode label seq modes windowFrom windowTo
      elder { name }
    }
  }
`;

/** The server's largest page of `visitSlots`. */
export const SLOT_PAGE = 500;

/** Every open slot of the area's month, in window order, loaded a page at a time (none without an area). */
export function useOpenSlots(month: string, areaCode: string | null) {
  return useLoad(
    () =>
      allPages(
        (after) =>
          request(OrganizerOpenSlotsDocument, { month, areaCode: areaCode ?? '', first: SLOT_PAGE, after }).then((d) => d.visitSlots),
        SLOT_PAGE,
      ),
    `${month}|${areaCode}`,
    { skip: !areaCode },
  );
}

/** What `useOpenSlots` gives: one load shared by the screens of a page. */
export type OpenSlots = ReturnType<typeof useOpenSlots>;

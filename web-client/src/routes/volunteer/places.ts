import { useSession } from '../../api/auth';
import { VolunteerPlacesDocument } from '../../gql/graphql';
import { useCachedQuery } from './cache';

/* GraphQL */ `
  query VolunteerPlaces($code: String!) {
    area(code: $code) {
      code
      name
      children {
        code
        name
      }
    }
  }
`;

/**
 * Names of the villages a visitor claims in (the town of their home village), so a slot says
 * where it is. The visitor may not read elder files: an open slot shows its village and a short
 * reference only; a held slot carries its elder's name and address (`VisitSlot.elder`).
 */
export function useVillageNames(): Map<string, string> {
  const areaCode = useSession()?.account.areaCode ?? '';
  const town = areaCode.length >= 9 ? areaCode.slice(0, 9) : areaCode;
  const q = useCachedQuery('places', VolunteerPlacesDocument, { code: town });
  const names = new Map<string, string>();
  const area = q.data?.area;
  if (area) {
    names.set(area.code, area.name);
    for (const v of area.children) names.set(v.code, v.name);
  }
  return names;
}

/** A short, stable reference for an elder whose name the visitor is not given. */
export function elderRef(elderId: string): string {
  return elderId.replace(/-/g, '').slice(0, 6).toUpperCase();
}

import { useQuery } from '../../api/hooks';
import { SchoolMineDocument } from '../../gql/graphql';

/* GraphQL */ `
  query SchoolMine {
    mySchool {
      id
      name
      areaCode
      minutesPerCredit
    }
  }
`;

/** The admin's school: its name (page header) and credit rule (认定). */
export function useMySchool() {
  return useQuery(SchoolMineDocument);
}

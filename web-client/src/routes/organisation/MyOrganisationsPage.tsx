import { useQuery } from '../../api/hooks';
import { Empty } from '../../components/Empty';
import { Page } from '../../components/Page';
import { QueryView } from '../../components/QueryView';
import { MyOrganisationsDocument } from '../../gql/graphql';
import { useT } from '../../i18n';
import { OrganisationCard } from './OrganisationCard';
import './messages';

/* GraphQL */ `
  query MyOrganisations {
    myOrganisations {
      isAdmin
      organisation {
        ...OrganisationDetail
      }
    }
  }
`;

/**
 * 我的组织 — the organisations a volunteer belongs to; an admin member manages its members and
 * reads its contracts' monthly statements here.
 */
export function MyOrganisationsPage() {
  const t = useT();
  const query = useQuery(MyOrganisationsDocument);
  return (
    <Page title={t.organisation.mine}>
      <QueryView query={query} isEmpty={(d) => d.myOrganisations.length === 0} empty={<Empty title={t.organisation.mineEmpty} />}>
        {(d) => (
          <ul className="org-list" aria-label={t.organisation.mine}>
            {d.myOrganisations.map((m) => (
              <OrganisationCard
                key={m.organisation.id}
                org={m.organisation}
                staff={false}
                role={m.isAdmin ? 'admin' : 'member'}
                onChanged={() => void query.refetch()}
              />
            ))}
          </ul>
        )}
      </QueryView>
    </Page>
  );
}

import { Link } from 'react-router';
import { useQuery } from '../../api/hooks';
import { Empty } from '../../components/Empty';
import { Page } from '../../components/Page';
import { QueryView } from '../../components/QueryView';
import { OrganizerEldersNeedingCheckDocument } from '../../gql/graphql';
import { format, useT } from '../../i18n';
import { Pager, useCursorPages } from './Pager';
import { useAreaCode } from './util';
import './messages';

/* GraphQL */ `
  query OrganizerEldersNeedingCheck($areaCode: String!, $first: Int, $after: String) {
    eldersNeedingCheck(areaCode: $areaCode, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { reason elder { id name village { name } } } }
    }
  }
`;

const PAGE = 20;

/**
 * 待核实名单: elders of the organizer's area with a family member whose condition is only a
 * note in words; each links to the file's edit page, where the member's condition is recorded.
 */
export function ElderChecksPage() {
  const t = useT();
  const m = t.organizer.elderFile;
  const areaCode = useAreaCode() ?? '';
  const pages = useCursorPages();
  const list = useQuery(OrganizerEldersNeedingCheckDocument, { areaCode, first: PAGE, after: pages.after }, { skip: !areaCode });
  return (
    <Page title={m.checks} actions={<Link to="/o/elders">{t.organizer.back}</Link>}>
      <p className="org-muted">{m.checksHint}</p>
      <QueryView query={list} isEmpty={(d) => d.eldersNeedingCheck.edges.length === 0} empty={<Empty title={m.checksNone} />}>
        {(d) => (
          <>
            <p className="org-muted" data-testid="checks-total">{format(m.checksTotal, { n: d.eldersNeedingCheck.totalCount })}</p>
            <div className="org-table-wrap">
              <table className="org-table" data-testid="checks-table">
                <thead>
                  <tr>
                    <th scope="col">{t.organizer.name}</th>
                    <th scope="col">{t.organizer.village}</th>
                    <th scope="col">{m.checksReason}</th>
                    <th scope="col">{m.checksOpen}</th>
                  </tr>
                </thead>
                <tbody>
                  {d.eldersNeedingCheck.edges.map(({ cursor, node }) => (
                    <tr key={cursor}>
                      <th scope="row" className="nowrap"><Link to={`/o/elders/${node.elder.id}`}>{node.elder.name}</Link></th>
                      <td className="nowrap">{node.elder.village?.name ?? '—'}</td>
                      <td>{node.reason}</td>
                      <td className="nowrap"><Link to={`/o/elders/${node.elder.id}/edit`}>{m.checksOpen}</Link></td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Pager
              pages={pages}
              totalCount={d.eldersNeedingCheck.totalCount}
              pageSize={PAGE}
              hasNextPage={d.eldersNeedingCheck.pageInfo.hasNextPage}
              endCursor={d.eldersNeedingCheck.pageInfo.endCursor}
              loading={list.loading}
            />
          </>
        )}
      </QueryView>
    </Page>
  );
}

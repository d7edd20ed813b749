import { Link } from 'react-router';
import { useQuery } from '../../api/hooks';
import { Empty } from '../../components/Empty';
import { Page } from '../../components/Page';
import { QueryView } from '../../components/QueryView';
import { OrganizerReviewsDueDocument } from '../../gql/graphql';
import { format, useT } from '../../i18n';
import { useNames } from './names';
import { useAreaCode } from './util';
import './messages';

/* GraphQL */ `
  query OrganizerReviewsDue($areaCode: String!) {
    reviewsDue(areaCode: $areaCode) { elderId name villageCode dueOn overdue }
  }
`;

/**
 * 待复核: the elders of the organizer's area whose half-yearly review falls due this month or is
 * overdue, the longest overdue first (the monthly 半年复核提醒 on screen). Each links to the
 * elder's page, where the review is recorded and the elder leaves the list.
 */
export function ReviewsDuePage() {
  const t = useT();
  const m = t.organizer.elderFile;
  const areaCode = useAreaCode() ?? '';
  const names = useNames(areaCode || null);
  const due = useQuery(OrganizerReviewsDueDocument, { areaCode }, { skip: !areaCode });
  return (
    <Page title={m.reviewsDue} actions={<Link to="/o/elders">{t.organizer.back}</Link>}>
      <p className="org-muted">{m.reviewsDueHint}</p>
      <QueryView query={due} isEmpty={(d) => d.reviewsDue.length === 0} empty={<Empty title={m.reviewsDueNone} />}>
        {(d) => (
          <>
            <p className="org-muted" data-testid="reviews-due-total">
              {format(m.reviewsDueTotal, { n: d.reviewsDue.length, late: d.reviewsDue.filter((r) => r.overdue).length })}
            </p>
            <div className="org-table-wrap">
              <table className="org-table" data-testid="reviews-due">
                <thead>
                  <tr>
                    <th scope="col">{t.organizer.name}</th>
                    <th scope="col">{t.organizer.village}</th>
                    <th scope="col">{m.reviewDueOn}</th>
                  </tr>
                </thead>
                <tbody>
                  {d.reviewsDue.map((r) => (
                    <tr key={r.elderId}>
                      <th scope="row" className="nowrap">
                        <Link to={`/o/elders/${r.elderId}`}>{r.name}</Link>
                      </th>
                      <td className="nowrap">{names.village(r.villageCode)}</td>
                      <td className="nowrap">
                        {r.dueOn} {r.overdue ? <span className="org-badge org-badge-danger">{m.reviewOverdue}</span> : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </QueryView>
    </Page>
  );
}

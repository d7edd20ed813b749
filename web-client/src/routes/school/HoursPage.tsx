import { Link } from 'react-router';
import { useQuery } from '../../api/hooks';
import { Empty } from '../../components/Empty';
import { Page } from '../../components/Page';
import { QueryView } from '../../components/QueryView';
import { SchoolHoursDocument } from '../../gql/graphql';
import { format, useT } from '../../i18n';
import { hoursOf } from './term';
import { TermSelect, useTerm } from './TermSelect';
import './messages';

/* GraphQL */ `
  query SchoolHours($term: String!) {
    schoolServiceHours(term: $term) {
      accountId
      studentId
      studentName
      recordedMinutes
      certification {
        id
        decision
        certifiedMinutes
        credit
        certificateNo
      }
    }
  }
`;

/** 时长 — hours per student for a term. */
export function HoursPage() {
  const t = useT();
  const [term, setTerm] = useTerm();
  const query = useQuery(SchoolHoursDocument, { term });
  return (
    <Page title={t.school.hours} actions={<TermSelect term={term} onChange={setTerm} />}>
      <QueryView query={query} isEmpty={(d) => d.schoolServiceHours.length === 0} empty={<Empty title={t.school.hoursEmpty} />}>
        {(d) => {
          const total = d.schoolServiceHours.reduce((sum, r) => sum + r.recordedMinutes, 0);
          return (
            <>
              <p className="desk-summary">
                {format(t.school.totalStudents, { n: d.schoolServiceHours.length, h: hoursOf(total) })}
              </p>
              <div className="desk-table-wrap">
                <table className="desk-table" aria-label={t.school.hours}>
                  <thead>
                    <tr>
                      <th>{t.school.name}</th>
                      <th className="num">{t.school.recordedMinutes}</th>
                      <th>{t.school.certification}</th>
                      <th className="num">{t.school.credit}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {d.schoolServiceHours.map((r) => (
                      <tr key={r.accountId} data-student={r.studentName}>
                        <td>{r.studentName}</td>
                        <td className="num" data-testid="recorded-minutes">
                          {format(t.school.minutes, { n: r.recordedMinutes })}
                          <span className="desk-sub">{format(t.school.hoursUnit, { n: hoursOf(r.recordedMinutes) })}</span>
                        </td>
                        <td>
                          {r.certification?.decision ? (
                            <span className={`desk-badge desk-badge-${r.certification.decision.toLowerCase()}`}>
                              {t.school.decision[r.certification.decision]} · {format(t.school.minutes, { n: r.certification.certifiedMinutes })}
                            </span>
                          ) : (
                            <Link to={`/s/certify?term=${encodeURIComponent(term)}#${r.accountId}`}>{t.school.toCertify}</Link>
                          )}
                        </td>
                        <td className="num">{r.certification ? r.certification.credit : '—'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          );
        }}
      </QueryView>
    </Page>
  );
}

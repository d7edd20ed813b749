import { Link } from 'react-router';
import { useQuery } from '../../api/hooks';
import { Empty } from '../../components/Empty';
import { Page } from '../../components/Page';
import { QueryView } from '../../components/QueryView';
import { OrganizerRiskCasesDocument, type OrganizerRiskCasesQuery } from '../../gql/graphql';
import { useLang, useT } from '../../i18n';
import { enumLabel } from './labels';
import { useNames } from './names';
import { formatDateTime, useAreaCode } from './util';
import './messages';

/* GraphQL */ `
  query OrganizerRiskCases($areaCode: String!) {
    riskCases(areaCode: $areaCode) {
      id elderId elderName villageCode recordId kind severity status ownerId ownerName openedAt dueAt overdue closedAt
    }
  }
`;

type Case = OrganizerRiskCasesQuery['riskCases'][number];

/** 风险: the area's cases as a board, open (most urgent first, as the API orders them) and closed. */
export function RisksPage() {
  const t = useT();
  const area = useAreaCode();
  const cases = useQuery(OrganizerRiskCasesDocument, { areaCode: area ?? '' }, { skip: !area });
  // Asked beside the cases, once for both columns.
  const names = useNames(area);
  if (!area) return <Page title={t.organizer.risks}><Empty title={t.organizer.noArea} /></Page>;
  return (
    <Page title={t.organizer.risks}>
      <QueryView query={cases} isEmpty={(d) => d.riskCases.length === 0} empty={<Empty title={t.organizer.casesEmpty} />}>
        {(d) => (
          <div className="org-board" data-testid="risk-board">
            <Column title={t.organizer.boardOpen} cases={d.riskCases.filter((c) => c.status !== 'CLOSED')} names={names} />
            <Column title={t.organizer.boardClosed} cases={d.riskCases.filter((c) => c.status === 'CLOSED')} names={names} />
          </div>
        )}
      </QueryView>
    </Page>
  );
}

function Column({ title, cases, names }: { title: string; cases: Case[]; names: ReturnType<typeof useNames> }) {
  const t = useT();
  const { lang } = useLang();
  return (
    <section className="org-board-col" aria-label={title}>
      <h2 className="org-h2">
        {title} <span className="org-muted">({cases.length})</span>
      </h2>
      {cases.length === 0 ? <p className="org-muted">{t.state.empty}</p> : null}
      <ul className="org-cards">
        {cases.map((c) => (
          <li key={c.id} className={`org-card org-case${c.overdue && c.status !== 'CLOSED' ? ' org-case-overdue' : ''}`}>
            <Link to={`/o/risks/${c.id}`} className="org-record-link">
              <strong>{enumLabel(lang, 'RiskKind', c.kind)}</strong> · {c.elderName ?? t.organizer.elderUnknown}
            </Link>
            <div>
              <span className={`org-badge${c.severity === 'CRITICAL' ? ' org-badge-danger' : ' org-badge-warn'}`}>{enumLabel(lang, 'Severity', c.severity)}</span>
              {c.overdue && c.status !== 'CLOSED' ? <span className="org-badge org-badge-danger">{t.organizer.overdueCase}</span> : null}
            </div>
            <div className="org-small org-muted">
              {names.village(c.villageCode)} · {t.organizer.dueAt} {formatDateTime(c.dueAt)}
            </div>
            <div className="org-small">
              {t.organizer.owner}：{c.ownerName ?? t.organizer.noOwner}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

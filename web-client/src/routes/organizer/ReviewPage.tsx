import { Link, useLocation } from 'react-router';
import { useQuery } from '../../api/hooks';
import { Empty } from '../../components/Empty';
import { Page } from '../../components/Page';
import { QueryView } from '../../components/QueryView';
import { OrganizerElderNameDocument, OrganizerReviewQueueDocument } from '../../gql/graphql';
import { format, useLang, useT } from '../../i18n';
import { enumLabel } from './labels';
import { useNames } from './names';
import { parseBody } from './record';
import { formatDateTime, useAreaCode } from './util';
import './messages';

/* GraphQL */ `
  query OrganizerReviewQueue($areaCode: String) {
    visitRecords(areaCode: $areaCode, status: SUBMITTED, first: 50) {
      edges {
        node {
          id recordNo elderId villageCode visitorId visitNo startedAt durationMinutes mode submittedAt body
          signals { kind }
        }
      }
      pageInfo { hasNextPage }
    }
  }

  query OrganizerElderName($id: String!) {
    elder(id: $id) { id name }
  }
`;

/** An elder's name (the record holds only the id); never the id itself. */
export function ElderName({ id }: { id: string }) {
  const t = useT();
  const q = useQuery(OrganizerElderNameDocument, { id });
  if (q.data?.elder?.name) return <>{q.data.elder.name}</>;
  return <>{q.error ? t.organizer.elderUnknown : '…'}</>;
}

/** 审核: the queue of submitted records, oldest questions first by the API's order. */
export function ReviewPage() {
  const t = useT();
  const { lang } = useLang();
  const area = useAreaCode();
  const names = useNames(area);
  const location = useLocation();
  const notice = (location.state as { notice?: string } | null)?.notice;
  const queue = useQuery(OrganizerReviewQueueDocument, { areaCode: area });
  return (
    <Page title={t.organizer.review}>
      {notice ? <p role="status" className="org-note">{notice}</p> : null}
      <h2 className="org-h2">{t.organizer.queueTitle}</h2>
      <QueryView query={queue} isEmpty={(d) => d.visitRecords.edges.length === 0} empty={<Empty title={t.organizer.queueEmpty} />}>
        {(d) => (
          <ul className="org-cards" data-testid="review-queue">
            {d.visitRecords.edges.map(({ node }) => {
              const body = parseBody(node.body);
              return (
                <li key={node.id} className="org-card org-record-card">
                  <Link to={`/o/review/${node.id}`} className="org-record-link">
                    <strong><ElderName id={node.elderId} /></strong>
                    <span className="org-muted"> · {names.village(node.villageCode)} · {format(t.organizer.visitNo, { n: node.visitNo })}</span>
                  </Link>
                  <div className="org-small">
                    {t.organizer.recordNo} {node.recordNo} · {enumLabel(lang, 'VisitMode', node.mode)} · {formatDateTime(node.startedAt)} · {format(t.organizer.minutes, { n: node.durationMinutes })}
                  </div>
                  <div className="org-small org-muted">
                    {t.organizer.visitor}：{body.visitor?.name ?? names.person(node.visitorId)} · {t.organizer.submittedAt} {formatDateTime(node.submittedAt)}
                  </div>
                  {node.signals.length > 0 ? (
                    <div>
                      {node.signals.map((s, i) => (
                        <span key={i} className="org-badge org-badge-warn">{enumLabel(lang, 'SignalKind', s.kind)}</span>
                      ))}
                    </div>
                  ) : null}
                </li>
              );
            })}
          </ul>
        )}
      </QueryView>
    </Page>
  );
}

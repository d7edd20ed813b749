import { useQuery } from '../../api/hooks';
import { Empty } from '../../components/Empty';
import { QueryView } from '../../components/QueryView';
import { OrganizerElderFactsDocument } from '../../gql/graphql';
import { format, useT } from '../../i18n';
import { changeEntries, factText, spanEntries, type FactValue } from './facts';
import { districtToday, formatDateTime } from './util';
import './messages';

/* GraphQL */ `
  query OrganizerElderFacts($elderId: String!) {
    elderFactTimeline(elderId: $elderId) {
      spans { from until tier values { field label value } changed }
      changes { effectiveFrom recordedAt recordedBy reason backdated values { field label value } }
    }
  }
`;

/** Values as `能力程度：重度失能`, then every value behind 查看全部 when some are left out. */
function FactValues({ shown, more }: { shown: FactValue[]; more: FactValue[] }) {
  const t = useT();
  return (
    <>
      {shown.length > 0 ? (
        <ul className="org-facts">
          {shown.map((v) => (
            <li key={v.field}>{factText(v)}</li>
          ))}
        </ul>
      ) : null}
      {more.length > 0 ? (
        <details className="org-details org-facts-all">
          <summary>{format(t.organizer.factsShowAll, { n: more.length })}</summary>
          <ul className="org-facts">
            {more.map((v) => (
              <li key={v.field}>{factText(v)}</li>
            ))}
          </ul>
        </details>
      ) : null}
    </>
  );
}

/**
 * 事实时间线: what the policy packs read of the elder, span by span (newest first, each with
 * the tier it gave), and the changes as they were recorded (回溯 ones with their reason).
 */
export function FactTimelineCard({ elderId }: { elderId: string }) {
  const t = useT();
  const facts = useQuery(OrganizerElderFactsDocument, { elderId });
  const today = districtToday();
  return (
    <section className="org-card org-wide" aria-labelledby="facts-title">
      <h2 id="facts-title">{t.organizer.factsTitle}</h2>
      <p className="org-muted org-small">{t.organizer.factsHint}</p>
      <QueryView
        query={facts}
        isEmpty={(d) => d.elderFactTimeline.spans.length === 0}
        empty={<Empty title={t.organizer.factsEmpty} />}
      >
        {(d) => {
          const spans = spanEntries(d.elderFactTimeline.spans, today);
          const changes = changeEntries(d.elderFactTimeline.changes, today);
          return (
            <div className="org-facts-grid">
              <div>
                <h3>{t.organizer.spansTitle}</h3>
                <ol className="org-timeline" data-testid="fact-timeline">
                  {spans.map((s) => (
                    <li key={s.from} data-testid="fact-span" data-from={s.from}>
                      <p className="org-timeline-head">
                        <strong data-testid="span-range">
                          {s.until === null
                            ? format(t.organizer.spanSince, { from: s.from })
                            : format(t.organizer.spanRange, { from: s.from, until: s.until })}
                        </strong>
                        {s.planned ? <span className="org-badge org-badge-warn">{t.organizer.spanPlanned}</span> : null}
                      </p>
                      <p data-testid="span-tier">
                        {s.tier === null ? t.organizer.spanNoTier : format(t.organizer.spanTier, { tier: s.tier })}
                      </p>
                      {s.first ? <p className="org-muted">{t.organizer.spanFirst}</p> : null}
                      {!s.first && s.shown.length === 0 ? <p className="org-muted">{t.organizer.spanNoChange}</p> : null}
                      <FactValues shown={s.shown} more={s.more} />
                    </li>
                  ))}
                </ol>
              </div>
              <div>
                <h3>{t.organizer.changesTitle}</h3>
                <ol className="org-changes" data-testid="fact-changes">
                  {changes.map((c) => (
                    <li key={`${c.recordedAt}:${c.effectiveFrom}`} data-testid="fact-change" data-effective={c.effectiveFrom}>
                      <dl className="org-dl">
                        <dt>{t.organizer.changeEffectiveFrom}</dt>
                        <dd>
                          <span className="nowrap">{c.effectiveFrom}</span>
                          {c.opening ? <span className="org-badge">{t.organizer.changeOpening}</span> : null}
                          {c.backdated ? (
                            <span className="org-badge org-badge-warn" data-testid="backdated">
                              {t.organizer.changeBackdated}
                            </span>
                          ) : null}
                          {c.planned ? <span className="org-badge org-badge-warn">{t.organizer.spanPlanned}</span> : null}
                        </dd>
                        <dt>{t.organizer.changeRecordedAt}</dt>
                        <dd>{formatDateTime(c.recordedAt)}</dd>
                        <dt>{t.organizer.changeRecordedBy}</dt>
                        <dd>{c.recordedBy}</dd>
                        <dt>{t.organizer.changeValues}</dt>
                        <dd>
                          <FactValues shown={c.shown} more={c.more} />
                        </dd>
                        {c.reason ? (
                          <>
                            <dt>{t.organizer.changeReason}</dt>
                            <dd data-testid="change-reason">{c.reason}</dd>
                          </>
                        ) : null}
                      </dl>
                    </li>
                  ))}
                </ol>
              </div>
            </div>
          );
        }}
      </QueryView>
    </section>
  );
}

import { useId, useMemo, useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import type { ClosedMonthFiguresFragment } from '../gql/graphql';
import { format, useLang, useT } from '../i18n';
import { byElder, districtTime, howText, kindText, outcomeChange, shownCount } from './closedMonth';
import './closed.css';
import './closedMonthMessages';

/* GraphQL */ `
  fragment ClosedMonthFigures on ClosedMonth {
    knownAt
    closedAt
    how
    closedBy
    corrections { elderId elderName villageCode kind kindLabel what by why at reported now }
    nowTotal { code name elders met due overdue visitRate contacted contactRate }
  }
`;

type Closed = ClosedMonthFiguresFragment;
type NowRow = Closed['nowTotal'];

/**
 * What the figures shown are: 已报送（截至 …） for a closed month, with how and by whom it
 * closed; for an open one, that the figures are computed live.
 */
export function ClosedLabel({ closed }: { closed: Closed | null | undefined }) {
  const t = useT();
  const { lang } = useLang();
  if (!closed) {
    return (
      <p className="closed-open" data-testid="month-open">
        {t.closedMonth.open}
      </p>
    );
  }
  return (
    <p className="closed-label" data-testid="month-closed">
      <strong data-testid="reported-as">{format(t.closedMonth.reported, { at: districtTime(closed.knownAt) })}</strong>
      <span className="closed-sub">
        {format(t.closedMonth.closedBy, { how: howText(t.closedMonth, lang, closed.how), by: closed.closedBy })}
      </span>
    </p>
  );
}

/**
 * Beside the reported figures of a closed month: 更正后 with the figures as they would be now
 * (`children` shows them as the page shows its own), or 无更正. Nothing for an open month.
 */
export function CorrectedFigures({ closed, children }: { closed: Closed | null | undefined; children: (now: NowRow) => ReactNode }) {
  const t = useT();
  if (!closed) return null;
  if (closed.corrections.length === 0) {
    return (
      <p className="closed-none" data-testid="no-corrections">
        {t.closedMonth.noCorrections}
      </p>
    );
  }
  return (
    <div className="closed-now" data-testid="corrected-figures">
      <span className="closed-tag">{t.closedMonth.corrected}</span>
      {children(closed.nowTotal)}
    </div>
  );
}

/**
 * 更正（N）: the corrections of a closed month by elder — the elder, their village (by name;
 * left out when only its code is known) and their result as reported → now, then each thing
 * recorded: its kind, what changed, by whom, when and why. Long lists show a page of elders at
 * a time.
 */
export function CorrectionList({
  closed,
  names,
  heading: Heading = 'h2',
  headingClass,
  className,
  elderHref,
}: {
  closed: Closed | null | undefined;
  /** Village names by code (from the page's coverage). */
  names: ReadonlyMap<string, string>;
  heading?: 'h2' | 'h3';
  headingClass?: string;
  /** Classes of the section besides its own (e.g. a card). */
  className?: string;
  /** Where an elder's name links to, when the page has an elder screen. */
  elderHref?: (elderId: string) => string;
}) {
  const t = useT();
  const { lang } = useLang();
  const id = useId();
  const [clicks, setClicks] = useState(0);
  const elders = useMemo(() => byElder(closed?.corrections ?? []), [closed]);
  if (!closed || closed.corrections.length === 0) return null;
  const shown = shownCount(elders.length, clicks);
  const w = t.closedMonth;
  return (
    <section className={['closed-corrections', className ?? ''].filter(Boolean).join(' ')} aria-labelledby={id} data-testid="corrections">
      <Heading id={id} className={headingClass}>
        {format(w.corrections, { n: closed.corrections.length })}
      </Heading>
      <p className="closed-sub">{format(w.correctionsHint, { n: elders.length })}</p>
      <ol className="closed-list" aria-label={w.correctionsLabel}>
        {elders.slice(0, shown).map((e) => {
          const village = names.get(e.villageCode);
          return (
            <li key={e.elderId} data-testid="correction" data-elder={e.elderId}>
              <p className="closed-head">
                {elderHref ? (
                  <Link to={elderHref(e.elderId)} data-testid="correction-elder">
                    {e.elderName}
                  </Link>
                ) : (
                  <strong data-testid="correction-elder">{e.elderName}</strong>
                )}
                {village ? (
                  <span className="closed-sub" data-testid="correction-village">
                    {village}
                  </span>
                ) : null}
                <span className="closed-change" data-testid="correction-result" title={w.result}>
                  {outcomeChange(w, e.reported, e.now)}
                </span>
              </p>
              <ul className="closed-items">
                {e.items.map((c, i) => (
                  <li key={`${c.at}:${c.kind}:${i}`} data-testid="correction-item" data-kind={c.kind}>
                    <p className="closed-what">
                      <span data-testid="correction-kind">{kindText(w, lang, c)}</span>
                      {w.colon}
                      <span data-testid="correction-what">{c.what}</span>
                    </p>
                    <p className="closed-sub">
                      {w.recordedBy} <span data-testid="correction-by">{c.by}</span>
                      {' · '}
                      {w.recordedAt} <span data-testid="correction-at">{districtTime(c.at)}</span>
                      {c.why ? (
                        <>
                          {' · '}
                          {w.reason} <span data-testid="correction-why">{c.why}</span>
                        </>
                      ) : null}
                    </p>
                  </li>
                ))}
              </ul>
            </li>
          );
        })}
      </ol>
      {shown < elders.length ? (
        <button type="button" className="link-button closed-more" onClick={() => setClicks((n) => n + 1)}>
          {format(w.showMore, { n: shownCount(elders.length, clicks + 1) - shown, shown, total: elders.length })}
        </button>
      ) : null}
    </section>
  );
}

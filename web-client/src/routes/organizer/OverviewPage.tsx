import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { useQuery } from '../../api/hooks';
import { ClosedLabel, CorrectedFigures, CorrectionList } from '../../components/ClosedMonth';
import { areaNames } from '../../components/closedMonth';
import { Empty } from '../../components/Empty';
import { ErrorBox } from '../../components/ErrorBox';
import { LazyChart, preloadChart, type ChartOption } from '../../components/LazyChart';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { QueryView } from '../../components/QueryView';
import {
  OrganizerAreaDocument,
  OrganizerCoverageDocument,
  OrganizerOverdueDocument,
  OrganizerUncoveredDocument,
  type OrganizerCoverageQuery,
} from '../../gql/graphql';
import { format, useLang, useT } from '../../i18n';
import { MonthPicker } from './MonthPicker';
import { currentMonth, formatBothRates, formatRate, useAreaCode } from './util';
import './messages';

/* GraphQL */ `
  query OrganizerCoverage($month: String!, $areaCode: String!) {
    coverage(month: $month, areaCode: $areaCode) {
      month
      packId
      total { code name elders met due overdue visitRate contacted contactRate }
      villages { code name elders met due overdue visitRate contacted contactRate }
      closed {
        ...ClosedMonthFigures
        nowVillages { code name }
      }
    }
  }

  query OrganizerOverdue($month: String!, $areaCode: String!, $first: Int) {
    overdueElders(month: $month, areaCode: $areaCode, first: $first) {
      totalCount
      edges {
        node {
          daysOverdue
          elder { id name village { name } }
          overdueItems { label dueBy }
        }
      }
    }
  }

  query OrganizerUncovered($month: String!, $areaCode: String!) {
    planProposal(month: $month, areaCode: $areaCode) {
      uncoveredSlotIds
      shortfall { villageCode slots elderNames }
      assignments { slotId }
    }
  }
`;

const ELDERS_SHOWN = 4;

type Coverage = NonNullable<OrganizerCoverageQuery['coverage']>;

/**
 * 概览: the month's two rates (月探访率, 探访覆盖率) by village (chart and table), overdue elders,
 * uncovered slots. A closed month shows its figures as reported (已报送), with the corrected
 * ones and the corrections beside them.
 */
export function OverviewPage() {
  const t = useT();
  const area = useAreaCode();
  const [month, setMonth] = useState(currentMonth);
  // The rates' chart: its code downloads beside the figures, not after them.
  useEffect(preloadChart, []);
  if (!area) return <Page title={t.organizer.overview}><Empty title={t.organizer.noArea} /></Page>;
  return (
    <Page title={t.organizer.overview} actions={<MonthPicker value={month} onChange={setMonth} />}>
      <CoverageSection month={month} area={area} />
      <div className="org-grid">
        <OverdueSection month={month} area={area} />
        <UncoveredSection month={month} area={area} />
      </div>
    </Page>
  );
}

function CoverageSection({ month, area }: { month: string; area: string }) {
  const t = useT();
  const query = useQuery(OrganizerCoverageDocument, { month, areaCode: area });
  return (
    <section className="org-card" aria-labelledby="rate-title">
      <h2 id="rate-title">{t.organizer.rateTitle}</h2>
      <QueryView query={query} isEmpty={(d) => d.coverage == null} empty={<Empty title={t.organizer.noPack} />}>
        {(d) => <CoverageView key={month} coverage={d.coverage as Coverage} />}
      </QueryView>
    </section>
  );
}

function CoverageView({ coverage }: { coverage: Coverage }) {
  const t = useT();
  const rows = coverage.villages.length > 0 ? coverage.villages : [coverage.total];
  const closed = coverage.closed;
  const names = useMemo(
    () => areaNames(coverage.total, coverage.villages, closed?.nowTotal, closed?.nowVillages),
    [coverage, closed],
  );
  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 8, right: 8, top: 40, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', valueFormatter: (v) => `${Number(v).toFixed(1)}%` },
      xAxis: { type: 'category', data: rows.map((r) => r.name), axisLabel: { interval: 0, rotate: rows.length > 6 ? 40 : 0 } },
      yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
      legend: { top: 0 },
      series: [
        {
          type: 'bar',
          name: t.organizer.visitRate,
          data: rows.map((r) => (r.visitRate == null ? 0 : Math.round(r.visitRate * 1000) / 10)),
          itemStyle: { color: '#2f7d5b' },
          label: { show: true, position: 'top', formatter: '{c}%', fontSize: 10 },
        },
        {
          type: 'bar',
          name: t.organizer.contactRate,
          data: rows.map((r) => (r.contactRate == null ? 0 : Math.round(r.contactRate * 1000) / 10)),
          itemStyle: { color: '#8fbf9f' },
          label: { show: true, position: 'top', formatter: '{c}%', fontSize: 10 },
        },
      ],
    }),
    [rows, t],
  );
  return (
    <>
      <ClosedLabel closed={closed} />
      <p className="org-rates" data-testid="rate-summary">{formatBothRates(t.organizer, coverage.total)}</p>
      <CorrectedFigures closed={closed}>
        {(now) => (
          <p className="org-rates" data-testid="rate-summary-now">
            {formatBothRates(t.organizer, now)}
          </p>
        )}
      </CorrectedFigures>
      <LazyChart option={option} height={300} ariaLabel={format(t.organizer.rateChart, { month: coverage.month })} />
      <div className="org-table-wrap">
        <table className="org-table" data-testid="rate-table">
          <caption>{format(t.organizer.rateTable, { month: coverage.month })}</caption>
          <thead>
            <tr>
              <th scope="col">{t.organizer.village}</th>
              <th scope="col" className="num">{t.organizer.elderCount}</th>
              <th scope="col" className="num">{t.organizer.met}</th>
              <th scope="col" className="num">{t.organizer.due}</th>
              <th scope="col" className="num">{t.organizer.overdue}</th>
              <th scope="col" className="num">{t.organizer.visitRate}</th>
              <th scope="col" className="num">{t.organizer.contacted}</th>
              <th scope="col" className="num">{t.organizer.contactRate}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.code} data-village={r.code}>
                <th scope="row">{r.name}</th>
                <td className="num">{r.elders}</td>
                <td className="num">{r.met}</td>
                <td className="num">{r.due}</td>
                <td className="num">{r.overdue}</td>
                <td className="num" data-testid="visit-rate">{formatRate(r.visitRate)}</td>
                <td className="num">{r.contacted}</td>
                <td className="num" data-testid="contact-rate">{formatRate(r.contactRate)}</td>
              </tr>
            ))}
          </tbody>
          {coverage.villages.some((v) => v.code !== coverage.total.code) ? (
            <tfoot>
              <tr data-village={coverage.total.code}>
                <th scope="row">{t.organizer.total}</th>
                <td className="num">{coverage.total.elders}</td>
                <td className="num">{coverage.total.met}</td>
                <td className="num">{coverage.total.due}</td>
                <td className="num">{coverage.total.overdue}</td>
                <td className="num" data-testid="visit-rate">{formatRate(coverage.total.visitRate)}</td>
                <td className="num">{coverage.total.contacted}</td>
                <td className="num" data-testid="contact-rate">{formatRate(coverage.total.contactRate)}</td>
              </tr>
            </tfoot>
          ) : null}
        </table>
      </div>
      <CorrectionList closed={closed} names={names} heading="h3" elderHref={(id) => `/o/elders/${id}`} />
    </>
  );
}

function OverdueSection({ month, area }: { month: string; area: string }) {
  const t = useT();
  const [first, setFirst] = useState(10);
  const query = useQuery(OrganizerOverdueDocument, { month, areaCode: area, first });
  return (
    <section className="org-card" aria-labelledby="overdue-title">
      <h2 id="overdue-title">{t.organizer.overdueTitle}</h2>
      <QueryView query={query} isEmpty={(d) => d.overdueElders.totalCount === 0} empty={<Empty title={t.organizer.noOverdue} />}>
        {(d) => (
          <>
            <p className="org-muted">{format(t.organizer.overdueCount, { n: d.overdueElders.totalCount })}</p>
            <ul className="org-list">
              {d.overdueElders.edges.map(({ node }) => (
                <li key={node.elder.id}>
                  <Link to={`/o/elders/${node.elder.id}`}>{node.elder.name}</Link>
                  <span className="org-muted"> · {node.elder.village?.name ?? ''}</span>
                  <span className="org-badge org-badge-warn">{format(t.organizer.days, { n: node.daysOverdue })}</span>
                  <div className="org-small">{node.overdueItems.map((i) => `${i.label}（${i.dueBy}）`).join('；')}</div>
                </li>
              ))}
            </ul>
            {d.overdueElders.totalCount > d.overdueElders.edges.length && first < 100 ? (
              <button type="button" className="link-button" onClick={() => setFirst((f) => Math.min(100, f + 20))}>
                {t.organizer.moreOverdue}
              </button>
            ) : null}
          </>
        )}
      </QueryView>
    </section>
  );
}

function UncoveredSection({ month, area }: { month: string; area: string }) {
  const t = useT();
  const { lang } = useLang();
  const query = useQuery(OrganizerUncoveredDocument, { month, areaCode: area });
  const names = useQuery(OrganizerAreaDocument, { code: area });
  const nameOf = (code: string) => {
    const a = names.data?.area;
    return (a?.code === code ? a.name : a?.children.find((v) => v.code === code)?.name) ?? code;
  };
  // The elders of the village's uncovered slots, as the proposal names them.
  const elderList = (list: string[]) => {
    if (list.length === 0) return '—';
    const shown = list.slice(0, ELDERS_SHOWN).join(lang === 'en' ? ', ' : '、');
    return list.length > ELDERS_SHOWN ? format(t.organizer.uncoveredEldersMore, { names: shown, n: list.length }) : shown;
  };
  return (
    <section className="org-card" aria-labelledby="uncovered-title">
      <h2 id="uncovered-title">{t.organizer.uncoveredTitle}</h2>
      <p className="org-muted org-small">{t.organizer.uncoveredHint}</p>
      {query.loading && !query.data ? <Loading /> : null}
      {query.error ? <ErrorBox error={query.error} onRetry={() => void query.refetch()} /> : null}
      {query.data ? (
        query.data.planProposal.assignments.length === 0 && query.data.planProposal.uncoveredSlotIds.length === 0 ? (
          <Empty title={t.organizer.noSlotsYet} action={<Link to="/o/plans">{t.organizer.plans}</Link>} />
        ) : query.data.planProposal.uncoveredSlotIds.length === 0 ? (
          <Empty title={t.organizer.uncoveredNone} />
        ) : (
          <>
            <p data-testid="uncovered-total">{format(t.organizer.uncoveredTotal, { n: query.data.planProposal.uncoveredSlotIds.length })}</p>
            <table className="org-table">
              <thead>
                <tr>
                  <th scope="col">{t.organizer.village}</th>
                  <th scope="col" className="num">{t.organizer.slotsCount}</th>
                  <th scope="col">{t.organizer.elder}</th>
                </tr>
              </thead>
              <tbody>
                {query.data.planProposal.shortfall.map((s) => (
                  <tr key={s.villageCode}>
                    <th scope="row" className="nowrap">{nameOf(s.villageCode)}</th>
                    <td className="num">{s.slots}</td>
                    <td data-testid="uncovered-elders">{elderList(s.elderNames)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )
      ) : null}
    </section>
  );
}

import { useEffect, useMemo, useState } from 'react';
import { useSession } from '../../api/auth';
import { useMutation, useQuery, type MutationState } from '../../api/hooks';
import { Button } from '../../components/Button';
import { ClosedLabel, CorrectedFigures, CorrectionList } from '../../components/ClosedMonth';
import { areaNames, districtTime } from '../../components/closedMonth';
import { Empty } from '../../components/Empty';
import { ErrorBox } from '../../components/ErrorBox';
import { LazyChart, preloadChart, type ChartOption } from '../../components/LazyChart';
import { Page } from '../../components/Page';
import { QueryView } from '../../components/QueryView';
import {
  DistrictCloseMonthDocument,
  DistrictCoverageDocument,
  type DistrictCloseMonthMutation,
  type DistrictCoverageQuery,
} from '../../gql/graphql';
import { format, localMessage, useLang, useT } from '../../i18n';
import { monthOf, percent, todayInChina } from './dates';
import './messages';

/* GraphQL */ `
  fragment DistrictAreaCoverage on AreaCoverage {
    code
    name
    elders
    met
    due
    overdue
    visitRate
    contacted
    contactRate
  }
  query DistrictCoverage($month: String!, $areaCode: String!) {
    coverage(month: $month, areaCode: $areaCode) {
      month
      packId
      total {
        ...DistrictAreaCoverage
      }
      towns {
        ...DistrictAreaCoverage
      }
      villages {
        ...DistrictAreaCoverage
      }
      closed {
        ...ClosedMonthFigures
        nowTowns {
          code
          name
        }
        nowVillages {
          code
          name
        }
      }
    }
  }
  mutation DistrictCloseMonth($districtCode: String!, $month: String!) {
    closeMonth(districtCode: $districtCode, month: $month) {
      month
      knownAt
    }
  }
`;

type Coverage = NonNullable<DistrictCoverageQuery['coverage']>;
type Row = Coverage['total'];

function CoverageTable({ rows, total, first, label }: { rows: Row[]; total?: Row; first: string; label: string }) {
  const t = useT();
  return (
    <div className="desk-table-wrap">
      <table className="desk-table" aria-label={label}>
        <thead>
          <tr>
            <th>{first}</th>
            <th className="num">{t.district.elders}</th>
            <th className="num">{t.district.met}</th>
            <th className="num">{t.district.due}</th>
            <th className="num">{t.district.overdue}</th>
            <th className="num">{t.district.visitRate}</th>
            <th className="num">{t.district.contacted}</th>
            <th className="num">{t.district.contactRate}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.code} data-area={r.name}>
              <td>{r.name}</td>
              <td className="num">{r.elders}</td>
              <td className="num">{r.met}</td>
              <td className="num">{r.due}</td>
              <td className="num">{r.overdue}</td>
              <td className="num" data-testid="visit-rate">{percent(r.visitRate)}</td>
              <td className="num">{r.contacted}</td>
              <td className="num" data-testid="contact-rate">{percent(r.contactRate)}</td>
            </tr>
          ))}
        </tbody>
        {total ? (
          <tfoot>
            <tr data-area={total.name}>
              <th scope="row">{t.district.total}</th>
              <td className="num">{total.elders}</td>
              <td className="num">{total.met}</td>
              <td className="num">{total.due}</td>
              <td className="num">{total.overdue}</td>
              <td className="num" data-testid="visit-rate">{percent(total.visitRate)}</td>
              <td className="num">{total.contacted}</td>
              <td className="num" data-testid="contact-rate">{percent(total.contactRate)}</td>
            </tr>
          </tfoot>
        ) : null}
      </table>
    </div>
  );
}

/**
 * The two rates of one area, each with its label: 月探访率 80.0%　探访覆盖率 95.0%. `now`: the
 * corrected figures of a closed month (their own test ids).
 */
function RateSummary({ row, now = false }: { row: Pick<Row, 'visitRate' | 'contactRate'>; now?: boolean }) {
  const t = useT();
  const id = (name: string) => (now ? `${name}-now` : name);
  return (
    <p className="district-rates" data-testid={id('district-rates')}>
      <span>
        {t.district.visitRate} <span className="district-big" data-testid={id('district-rate')}>{percent(row.visitRate)}</span>
      </span>
      {'\u3000'}
      <span>
        {t.district.contactRate} <span className="district-big" data-testid={id('district-contact-rate')}>{percent(row.contactRate)}</span>
      </span>
    </p>
  );
}

/**
 * 立即关账 — for an ended month that is still open: the district admin closes it now, after
 * confirming. Its figures are then those known at this moment; anything recorded later is a
 * correction beside them.
 */
function CloseMonth({ month, onClose, busy }: { month: string; onClose: () => void; busy: boolean }) {
  const t = useT();
  const [confirming, setConfirming] = useState(false);
  return (
    <div className="district-close" data-testid="close-month">
      {confirming ? (
        <div role="group" aria-label={t.district.closeConfirmTitle} className="district-inline-form">
          <p>{format(t.district.closeConfirmText, { month })}</p>
          <div className="desk-page-actions">
            <Button variant="danger" busy={busy} onClick={onClose}>
              {t.district.closeConfirm}
            </Button>
            <Button variant="secondary" onClick={() => setConfirming(false)} disabled={busy}>
              {t.district.cancel}
            </Button>
          </div>
        </div>
      ) : (
        <Button variant="secondary" onClick={() => setConfirming(true)}>
          {t.district.closeNow}
        </Button>
      )}
    </div>
  );
}

/** Why closing failed: the problem with the month next to it (as a field's), anything else below. */
function CloseError({ state }: { state: MutationState<DistrictCloseMonthMutation> }) {
  const { lang } = useLang();
  if (!state.error) return null;
  const problem = state.error.fieldError('month');
  return (
    <>
      {problem ? (
        <p className="field-error" data-field-error="month" role="alert">
          {localMessage(problem.message, lang)}
        </p>
      ) : null}
      <ErrorBox error={state.error} fieldNames={['month']} />
    </>
  );
}

function TownChart({ coverage }: { coverage: Coverage }) {
  const t = useT();
  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 48, right: 16, top: 48, bottom: 56 },
      tooltip: { trigger: 'axis', valueFormatter: (v) => `${String(v)}%` },
      xAxis: {
        type: 'category',
        data: coverage.towns.map((town) => town.name),
        axisLabel: { interval: 0, rotate: coverage.towns.length > 4 ? 30 : 0 },
      },
      yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
      legend: { top: 0 },
      series: [
        {
          type: 'bar',
          name: t.district.visitRate,
          data: coverage.towns.map((town) => (town.visitRate == null ? null : Math.round(town.visitRate * 1000) / 10)),
          itemStyle: { color: '#b5412b' },
          label: { show: true, position: 'top', formatter: '{c}%' },
          barMaxWidth: 48,
        },
        {
          type: 'bar',
          name: t.district.contactRate,
          data: coverage.towns.map((town) => (town.contactRate == null ? null : Math.round(town.contactRate * 1000) / 10)),
          itemStyle: { color: '#d9a441' },
          label: { show: true, position: 'top', formatter: '{c}%' },
          barMaxWidth: 48,
        },
      ],
    }),
    [coverage, t],
  );
  return <LazyChart option={option} height={300} ariaLabel={format(t.district.chartLabel, { month: coverage.month })} />;
}

/**
 * 报表 — the district's two monthly rates (月探访率, 探访覆盖率) by town (chart and table) and the
 * weakest villages. A closed month shows its figures as reported (已报送), with the corrected
 * ones and the corrections beside them; an ended month still open can be closed at once.
 */
export function ReportsPage() {
  const t = useT();
  const district = useSession()?.account.areaCode ?? '';
  const [month, setMonth] = useState(monthOf(todayInChina()));
  // The rates' chart: its code downloads beside the figures, not after them.
  useEffect(preloadChart, []);
  const query = useQuery(DistrictCoverageDocument, { month, areaCode: district }, { skip: !district || !/^\d{4}-\d{2}$/.test(month) });
  const [closeMonth, closeState] = useMutation(DistrictCloseMonthDocument);
  const [notice, setNotice] = useState<string | null>(null);
  const { reset } = closeState;
  useEffect(() => {
    // What closing said is about the month it was for.
    reset();
    setNotice(null);
  }, [month, reset]);
  const close = async () => {
    setNotice(null);
    const done = await closeMonth({ districtCode: district, month });
    if (done) setNotice(format(t.district.closedNotice, { month: done.closeMonth.month, at: districtTime(done.closeMonth.knownAt) }));
    // Closed now, or (when refused) perhaps by someone else meanwhile: show the month as it is.
    void query.refetch();
  };
  return (
    <Page
      title={t.district.reports}
      actions={
        <label className="desk-inline-select">
          <span>{t.district.month}</span>
          <input type="month" name="month" value={month} max={monthOf(todayInChina())} onChange={(e) => e.target.value && setMonth(e.target.value)} />
        </label>
      }
    >
      {notice ? (
        <p className="desk-notice" role="status">
          {notice}
        </p>
      ) : null}
      <QueryView query={query} isEmpty={(d) => d.coverage === null} empty={<Empty title={t.district.noCoverage} />}>
        {(d) => {
          const coverage = d.coverage!;
          const closed = coverage.closed;
          const names = areaNames(coverage.towns, coverage.villages, closed?.nowTowns, closed?.nowVillages);
          const canClose = !closed && coverage.month === month && month < monthOf(todayInChina());
          const lowest = [...coverage.villages]
            .filter((v) => v.visitRate != null)
            .sort((a, b) => (a.visitRate ?? 0) - (b.visitRate ?? 0))
            .slice(0, 10);
          return (
            <>
              <section className="desk-card">
                <div className="desk-card-head district-card-head">
                  <h2>{t.district.reportTitle}</h2>
                  <div className="district-figures">
                    <ClosedLabel closed={closed} />
                    <RateSummary row={coverage.total} />
                    <CorrectedFigures closed={closed}>{(now) => <RateSummary row={now} now />}</CorrectedFigures>
                  </div>
                </div>
                {canClose ? <CloseMonth key={month} month={month} onClose={() => void close()} busy={closeState.loading} /> : null}
                <CloseError state={closeState} />
                <TownChart coverage={coverage} />
              </section>
              <CoverageTable rows={coverage.towns} total={coverage.total} first={t.district.town} label={t.district.reportTitle} />
              <CorrectionList key={month} closed={closed} names={names} className="desk-card" />
              <h2 className="desk-h2">{t.district.lowestVillages}</h2>
              {lowest.length === 0 ? <Empty /> : <CoverageTable rows={lowest} first={t.district.village} label={t.district.lowestVillages} />}
            </>
          );
        }}
      </QueryView>
    </Page>
  );
}

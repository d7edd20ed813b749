import { useMemo, useState } from 'react';
import { useSession } from '../../api/auth';
import { useQuery } from '../../api/hooks';
import { Empty } from '../../components/Empty';
import { LazyChart, type ChartOption } from '../../components/LazyChart';
import { Page } from '../../components/Page';
import { QueryView } from '../../components/QueryView';
import { DistrictCoverageDocument, type DistrictCoverageQuery } from '../../gql/graphql';
import { format, useT } from '../../i18n';
import { monthOf, percent, todayInChina } from './dates';

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

/** The two rates of one area, each with its label: 月探访率 80.0%　探访覆盖率 95.0%. */
function RateSummary({ row }: { row: Row }) {
  const t = useT();
  return (
    <p className="district-rates" data-testid="district-rates">
      <span>
        {t.district.visitRate} <span className="district-big" data-testid="district-rate">{percent(row.visitRate)}</span>
      </span>
      {'\u3000'}
      <span>
        {t.district.contactRate} <span className="district-big" data-testid="district-contact-rate">{percent(row.contactRate)}</span>
      </span>
    </p>
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

/** 报表 — the district's two monthly rates (月探访率, 探访覆盖率) by town (chart and table) and the weakest villages. */
export function ReportsPage() {
  const t = useT();
  const district = useSession()?.account.areaCode ?? '';
  const [month, setMonth] = useState(monthOf(todayInChina()));
  const query = useQuery(DistrictCoverageDocument, { month, areaCode: district }, { skip: !district || !/^\d{4}-\d{2}$/.test(month) });
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
      <QueryView query={query} isEmpty={(d) => d.coverage === null} empty={<Empty title={t.district.noCoverage} />}>
        {(d) => {
          const coverage = d.coverage!;
          const lowest = [...coverage.villages]
            .filter((v) => v.visitRate != null)
            .sort((a, b) => (a.visitRate ?? 0) - (b.visitRate ?? 0))
            .slice(0, 10);
          return (
            <>
              <section className="desk-card">
                <div className="desk-card-head district-card-head">
                  <h2>{t.district.reportTitle}</h2>
                  <RateSummary row={coverage.total} />
                </div>
                <TownChart coverage={coverage} />
              </section>
              <CoverageTable rows={coverage.towns} total={coverage.total} first={t.district.town} label={t.district.reportTitle} />
              <h2 className="desk-h2">{t.district.lowestVillages}</h2>
              {lowest.length === 0 ? <Empty /> : <CoverageTable rows={lowest} first={t.district.village} label={t.district.lowestVillages} />}
            </>
          );
        }}
      </QueryView>
    </Page>
  );
}

import { useState } from 'react';
import { Route, Routes } from 'react-router';
import { toApiError, type ApiError } from '../../api/errors';
import { useQuery } from '../../api/hooks';
import { Button } from '../../components/Button';
import { Empty } from '../../components/Empty';
import { ErrorBox } from '../../components/ErrorBox';
import { Page } from '../../components/Page';
import { QueryView } from '../../components/QueryView';
import { TabLayout, type NavItem } from '../../components/TabLayout';
import { CityOverviewDocument } from '../../gql/graphql';
import { useT } from '../../i18n';
import { monthOf, percent, todayInChina } from '../district/dates';
import { downloadWithToken } from '../school/download';
import '../../components/desk.css';
import './messages';

/* GraphQL */ `
  query CityOverview($month: String!) {
    cityOverview(month: $month) {
      code
      name
      month
      districts {
        code
        name
        packName
        closed
        overdueElders
        casesOpen
        casesPastDue
        minutesCredited
        coverage {
          elders
          visitRate
          contactRate
        }
      }
    }
  }
`;

/** 市级总览 — the city's districts side by side in one month, each on its own pack, and the export. */
function OverviewPage() {
  const t = useT();
  const [month, setMonth] = useState(() => monthOf(todayInChina()));
  const query = useQuery(CityOverviewDocument, { month });
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const download = async (format: 'xlsx' | 'csv') => {
    setBusy(format);
    setError(null);
    try {
      await downloadWithToken(`/city-overview.${format}?month=${encodeURIComponent(month)}`, `city-${month}.${format}`);
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(null);
    }
  };
  return (
    <Page
      title={t.city.overview}
      actions={
        <div className="desk-page-actions">
          <label>
            {t.city.month}{' '}
            <input type="month" value={month} onChange={(e) => e.target.value && setMonth(e.target.value)} />
          </label>
          <Button variant="secondary" busy={busy === 'xlsx'} onClick={() => void download('xlsx')}>
            {busy === 'xlsx' ? t.city.exporting : t.city.exportXlsx}
          </Button>
          <Button variant="secondary" busy={busy === 'csv'} onClick={() => void download('csv')}>
            {busy === 'csv' ? t.city.exporting : t.city.exportCsv}
          </Button>
        </div>
      }
    >
      <p>{t.city.note}</p>
      <ErrorBox error={error} />
      <QueryView query={query} isEmpty={(d) => d.cityOverview.districts.length === 0} empty={<Empty title={t.city.empty} />}>
        {(d) => (
          <div className="desk-table-wrap">
            <table className="desk-table" aria-label={`${d.cityOverview.name} ${t.city.overview}`}>
              <thead>
                <tr>
                  <th>{t.city.district}</th>
                  <th>{t.city.pack}</th>
                  <th className="num">{t.city.elders}</th>
                  <th className="num">{t.city.visitRate}</th>
                  <th className="num">{t.city.contactRate}</th>
                  <th className="num">{t.city.overdueElders}</th>
                  <th className="num">{t.city.casesOpen}</th>
                  <th className="num">{t.city.casesPastDue}</th>
                  <th className="num">{t.city.hours}</th>
                </tr>
              </thead>
              <tbody>
                {d.cityOverview.districts.map((row) => (
                  <tr key={row.code} data-district={row.name}>
                    <td>{row.name}</td>
                    <td>
                      {row.packName ?? t.city.noPack}
                      {row.closed ? `（${t.city.closed}）` : ''}
                    </td>
                    <td className="num">{row.coverage?.elders ?? '—'}</td>
                    <td className="num" data-testid="visit-rate">{percent(row.coverage?.visitRate)}</td>
                    <td className="num" data-testid="contact-rate">{percent(row.coverage?.contactRate)}</td>
                    <td className="num">{row.overdueElders}</td>
                    <td className="num">{row.casesOpen}</td>
                    <td className="num">{row.casesPastDue}</td>
                    <td className="num">{(row.minutesCredited / 60).toFixed(1)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryView>
    </Page>
  );
}

/** 市级管理员 (city admins): the districts' figures side by side, and their export. */
export default function CityApp() {
  const t = useT();
  const items: NavItem[] = [{ to: '/c', label: t.city.overview, end: true }];
  return (
    <Routes>
      <Route element={<TabLayout items={items} navLabel={t.city.nav} variant="desk" />}>
        <Route index element={<OverviewPage />} />
      </Route>
    </Routes>
  );
}

import { useState } from 'react';
import { toApiError, type ApiError } from '../../api/errors';
import { downloadFile } from '../../api/files';
import { useQuery } from '../../api/hooks';
import { Button } from '../../components/Button';
import { SelectField } from '../../components/ChoiceFields';
import { Empty } from '../../components/Empty';
import { ErrorBox } from '../../components/ErrorBox';
import { QueryView } from '../../components/QueryView';
import { OrganizerVolunteerOverviewDocument, type VolunteerSort } from '../../gql/graphql';
import { hours } from '../../components/hours';
import { format, useLang, useT } from '../../i18n';
import { exportPath } from '../forms/forms';
import { enumLabel, enumValues } from './labels';
import { MonthPicker } from './MonthPicker';
import { currentMonth, formatDateTime } from './util';
import './messages';

/* GraphQL */ `
  query OrganizerVolunteerOverview($area: String!, $period: String!, $sortBy: VolunteerSort) {
    volunteerOverview(areaCode: $area, period: $period, sortBy: $sortBy) {
      visitorId name kind visits minutes careServices noShows lastActive
    }
  }
`;

/** Minutes as hours with one decimal. */

/**
 * 志愿者概况 — per visitor of the area, a month's accepted visits, hours, other care, no-shows
 * and last activity, ordered as chosen; the same rows download as Excel.
 */
export function VolunteerOverview({ area }: { area: string }) {
  const t = useT();
  const o = t.organizer.office.overview;
  const { lang } = useLang();
  const [month, setMonth] = useState(currentMonth);
  const [sortBy, setSortBy] = useState<VolunteerSort>('VISITS');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const rows = useQuery(OrganizerVolunteerOverviewDocument, { area, period: month, sortBy });
  const download = async () => {
    setError(null);
    setBusy(true);
    try {
      await downloadFile(exportPath('volunteers', area, month), `${o.title}-${month}.xlsx`);
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="org-card" aria-labelledby="vol-overview-title" data-testid="volunteer-overview">
      <h2 id="vol-overview-title">{o.title}</h2>
      <p className="org-muted">{o.hint}</p>
      <div className="org-toolbar">
        <MonthPicker value={month} onChange={setMonth} />
        <SelectField label={o.sortBy} name="sortBy" value={sortBy} onChange={(e) => setSortBy(e.target.value as VolunteerSort)}>
          {enumValues('VolunteerSort').map((s) => (
            <option key={s} value={s}>{enumLabel(lang, 'VolunteerSort', s)}</option>
          ))}
        </SelectField>
        <Button variant="secondary" busy={busy} onClick={() => void download()}>{o.download}</Button>
      </div>
      {error ? <ErrorBox error={error} /> : null}
      <QueryView query={rows} isEmpty={(d) => d.volunteerOverview.length === 0} empty={<Empty title={o.none} />}>
        {(d) => (
          <div className="org-table-wrap">
            <table className="org-table" data-testid="overview-table">
              <thead>
                <tr>
                  <th scope="col">{o.name}</th>
                  <th scope="col">{o.kind}</th>
                  <th scope="col">{o.visits}</th>
                  <th scope="col">{o.hours}</th>
                  <th scope="col">{o.care}</th>
                  <th scope="col">{o.noShows}</th>
                  <th scope="col">{o.lastActive}</th>
                </tr>
              </thead>
              <tbody>
                {d.volunteerOverview.map((v) => (
                  <tr key={v.visitorId}>
                    <th scope="row">{v.name}</th>
                    <td>{enumLabel(lang, 'VisitorKind', v.kind)}</td>
                    <td data-testid="overview-visits">{v.visits}</td>
                    <td data-testid="overview-hours">{format(o.hoursValue, { h: hours(v.minutes) })}</td>
                    <td data-testid="overview-care">{v.careServices}</td>
                    <td>{v.noShows}</td>
                    <td>{formatDateTime(v.lastActive)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryView>
    </section>
  );
}

import { useId, useState } from 'react';
import { toApiError, type ApiError } from '../../api/errors';
import { downloadFile } from '../../api/files';
import { useQuery } from '../../api/hooks';
import { Button } from '../../components/Button';
import { SelectField } from '../../components/ChoiceFields';
import { Empty } from '../../components/Empty';
import { ErrorBox } from '../../components/ErrorBox';
import { QueryView } from '../../components/QueryView';
import {
  OrganisationMemberOverviewDocument,
  OrganizerVolunteerOverviewDocument,
  type VolunteerPeriodFragment,
  type VolunteerSort,
} from '../../gql/graphql';
import { hours } from '../../components/hours';
import { format, useLang, useT } from '../../i18n';
import { exportPath } from '../forms/forms';
import { enumLabel, enumValues } from './labels';
import { MonthPicker } from './MonthPicker';
import { currentMonth, formatDateTime } from './util';
import './messages';

/* GraphQL */ `
  fragment VolunteerPeriod on VolunteerSummary {
    visitorId name kind visits minutes careServices noShows trainings lastActive
  }
  query OrganizerVolunteerOverview($area: String!, $period: String!, $sortBy: VolunteerSort) {
    volunteerOverview(areaCode: $area, period: $period, sortBy: $sortBy) { ...VolunteerPeriod }
  }
  query OrganisationMemberOverview($organisationId: String!, $period: String!, $sortBy: VolunteerSort) {
    organisationOverview(organisationId: $organisationId, period: $period, sortBy: $sortBy) { ...VolunteerPeriod }
  }
`;

/** Whose overview: the visitors of an area (its organizers), or an organisation's members (who manage it). */
export type OverviewOf = { area: string } | { organisationId: string };

function OverviewTable({ rows }: { rows: VolunteerPeriodFragment[] }) {
  const t = useT();
  const o = t.organizer.office.overview;
  const { lang } = useLang();
  return (
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
            <th scope="col">{o.trainings}</th>
            <th scope="col">{o.lastActive}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((v) => (
            <tr key={v.visitorId}>
              <th scope="row">{v.name}</th>
              <td>{enumLabel(lang, 'VisitorKind', v.kind)}</td>
              <td data-testid="overview-visits">{v.visits}</td>
              <td data-testid="overview-hours">{format(o.hoursValue, { h: hours(v.minutes) })}</td>
              <td data-testid="overview-care">{v.careServices}</td>
              <td>{v.noShows}</td>
              <td data-testid="overview-trainings">{v.trainings}</td>
              <td>{formatDateTime(v.lastActive)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function AreaRows({ area, period, sortBy }: { area: string; period: string; sortBy: VolunteerSort }) {
  const none = useT().organizer.office.overview.none;
  const rows = useQuery(OrganizerVolunteerOverviewDocument, { area, period, sortBy });
  return (
    <QueryView query={rows} isEmpty={(d) => d.volunteerOverview.length === 0} empty={<Empty title={none} />}>
      {(d) => <OverviewTable rows={d.volunteerOverview} />}
    </QueryView>
  );
}

function MemberRows({ organisationId, period, sortBy }: { organisationId: string; period: string; sortBy: VolunteerSort }) {
  const none = useT().organizer.office.overview.none;
  const rows = useQuery(OrganisationMemberOverviewDocument, { organisationId, period, sortBy });
  return (
    <QueryView query={rows} isEmpty={(d) => d.organisationOverview.length === 0} empty={<Empty title={none} />}>
      {(d) => <OverviewTable rows={d.organisationOverview} />}
    </QueryView>
  );
}

/**
 * 志愿者概况 — per visitor of the area (or member of the organisation), a month's accepted
 * visits, hours, other care, no-shows, training and last activity, ordered as chosen; the same
 * rows download as Excel.
 */
export function VolunteerOverview({ of }: { of: OverviewOf }) {
  const t = useT();
  const o = t.organizer.office.overview;
  const { lang } = useLang();
  const [month, setMonth] = useState(currentMonth);
  const [sortBy, setSortBy] = useState<VolunteerSort>('VISITS');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const titleId = useId();
  const path =
    'area' in of
      ? exportPath('volunteers', of.area, month)
      : `/exports/volunteers?${new URLSearchParams({ organisation: of.organisationId, period: month }).toString()}`;
  const download = async () => {
    setError(null);
    setBusy(true);
    try {
      await downloadFile(path, `${o.title}-${month}.xlsx`);
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="org-card" aria-labelledby={titleId} data-testid="volunteer-overview">
      <h2 id={titleId}>{o.title}</h2>
      <p className="org-muted">{'area' in of ? o.hint : o.hintMembers}</p>
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
      {'area' in of ? (
        <AreaRows area={of.area} period={month} sortBy={sortBy} />
      ) : (
        <MemberRows organisationId={of.organisationId} period={month} sortBy={sortBy} />
      )}
    </section>
  );
}

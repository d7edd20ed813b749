import { useState } from 'react';
import { Link } from 'react-router';
import { request } from '../../api/client';
import { useMutation, useQuery } from '../../api/hooks';
import { Button } from '../../components/Button';
import { Empty } from '../../components/Empty';
import { ErrorBox } from '../../components/ErrorBox';
import { Page } from '../../components/Page';
import { QueryView } from '../../components/QueryView';
import {
  VolunteerClaimSlotDocument,
  VolunteerNearbySlotsDocument,
  type VolunteerNearbySlotsQuery,
} from '../../gql/graphql';
import { format, localMessage, useLang, useT } from '../../i18n';
import { readCache, writeCache } from './cache';
import { CoVisitorPicker, useIsMinor } from './CoVisitor';
import { OfflineNote } from './OfflineNote';
import { FIRST_FILTERS, PAGE, slotsVars, type SlotMode } from './slotQuery';
import { beijingToday } from './time';
import './messages';

/* GraphQL */ `
  fragment VolunteerSlot on VisitSlot {
    id
    elderId
    villageCode
    villageName
    month
    label
    seq
    modes
    inPerson
    needsProfessional
    windowFrom
    windowTo
    status
    holderId
    claimedAt
    elder {
      name
      residenceAddress
    }
  }
  query VolunteerNearbySlots($days: Int, $inPerson: Boolean, $withinM: Int, $first: Int, $after: String) {
    nearbySlots(days: $days, inPerson: $inPerson, withinM: $withinM, first: $first, after: $after) {
      edges {
        cursor
        node {
          distanceM
          slot {
            ...VolunteerSlot
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
      totalCount
    }
  }
  mutation VolunteerClaimSlot($slotId: String!, $coVisitorId: String) {
    claimSlot(slotId: $slotId, coVisitorId: $coVisitorId) {
      ...VolunteerSlot
    }
  }
`;

type Nearby = VolunteerNearbySlotsQuery['nearbySlots']['edges'][number]['node'];
type NearbyPage = VolunteerNearbySlotsQuery['nearbySlots'];
const DISTANCES = [0, 1, 3, 5, 10] as const;

export function distanceText(t: ReturnType<typeof useT>, m: number | null | undefined): string {
  if (m == null) return t.volunteer.distanceUnknown;
  if (m < 1000) return format(t.volunteer.distanceM, { m });
  return format(t.volunteer.distance, { km: (m / 1000).toFixed(1) });
}

function SlotItem({ item, first, minor }: { item: Nearby; first: boolean; minor: boolean }) {
  const t = useT();
  const { lang } = useLang();
  const [claim, state] = useMutation(VolunteerClaimSlotDocument);
  const { slot } = item;
  const claimed = state.data?.claimSlot;
  // A minor names the adult who goes with them before claiming an in-person slot.
  const needsAdult = minor && slot.inPerson;
  const [choosing, setChoosing] = useState(false);
  const [coVisitor, setCoVisitor] = useState<string | null>(null);
  const today = beijingToday();
  const running = slot.windowFrom <= today && today <= slot.windowTo;
  const errorId = `claim-error-${slot.id}`;
  const onClaim = async () => {
    const done = await claim({ slotId: slot.id, coVisitorId: needsAdult ? coVisitor : null });
    if (done) {
      // The schedule opens offline with the slot in it.
      const cached = readCache<{ mySchedule: unknown[] }>('schedule');
      if (cached) writeCache('schedule', { ...cached.data, mySchedule: [...cached.data.mySchedule, done.claimSlot] });
    }
  };
  return (
    <li className="v-card v-slot" data-slot-id={slot.id} data-testid={first ? 'first-slot' : undefined}>
      <div className="v-slot-head">
        <strong className="v-slot-place">{slot.villageName ?? t.volunteer.villageUnknown}</strong>
        <span className="v-distance">{distanceText(t, item.distanceM)}</span>
      </div>
      <p className="v-slot-label">{slot.label}</p>
      <p className="v-meta">
        <span>{format(t.volunteer.window, { from: slot.windowFrom.slice(5), to: slot.windowTo.slice(5) })}</span>
        {running ? <span className="v-badge v-badge-ok">{t.volunteer.windowRunning}</span> : null}
        <span>{slot.modes.map((m) => t.volunteer.modes[m]).join(' / ')}</span>
        {slot.needsProfessional ? <span className="v-badge v-badge-warn">{t.volunteer.needsProfessional}</span> : null}
      </p>
      <p className="v-meta v-muted">{t.volunteer.elderAfterClaim}</p>
      {claimed ? (
        <div className="v-slot-actions" role="status">
          <span className="v-badge v-badge-ok">{t.volunteer.claimed}</span>
          <Link className="btn btn-primary" to={`/v/visit/${slot.id}`}>
            {t.volunteer.startVisit}
          </Link>
        </div>
      ) : needsAdult && !choosing ? (
        <div className="v-slot-actions">
          <p className="v-meta">{t.volunteer.coVisitorNeeded}</p>
          <Button variant="secondary" onClick={() => setChoosing(true)}>{t.volunteer.coVisitorChoose}</Button>
        </div>
      ) : (
        <>
          {needsAdult ? <CoVisitorPicker slotId={slot.id} value={coVisitor} onChange={setCoVisitor} /> : null}
          <div className="v-slot-actions">
            <Button
              onClick={() => void onClaim()}
              busy={state.loading}
              disabled={needsAdult && !coVisitor}
              aria-describedby={state.error ? errorId : undefined}
            >
              {t.volunteer.claim}
            </Button>
          </div>
        </>
      )}
      {state.error ? (
        <div id={errorId} className="v-inline-error" role="alert" data-field-error="slotId">
          {state.error.fields.length > 0
            ? state.error.fields.map((f) => <p key={f.field + f.code}>{localMessage(f.message, lang)}</p>)
            : <ErrorBox error={state.error} />}
        </div>
      ) : null}
    </li>
  );
}

/** 时段 — open slots near me: distance, mode, window; claim. 20 at a time (加载更多). */
export function SlotsPage() {
  const t = useT();
  const [days, setDays] = useState(FIRST_FILTERS.days);
  const [mode, setMode] = useState<SlotMode>(FIRST_FILTERS.mode);
  const [maxKm, setMaxKm] = useState(FIRST_FILTERS.maxKm);
  const minor = useIsMinor();
  const vars = slotsVars({ days, mode, maxKm });
  const query = useQuery(VolunteerNearbySlotsDocument, vars);
  // Pages after the first, for the filters they were loaded with.
  const key = JSON.stringify(vars);
  const [more, setMore] = useState<{ key: string; pages: NearbyPage[] }>({ key, pages: [] });
  const [loading, setLoading] = useState(false);
  const [moreError, setMoreError] = useState<unknown>(null);
  const pages = more.key === key ? more.pages : [];
  const loadMore = async (after: string) => {
    setLoading(true);
    setMoreError(null);
    try {
      const next = await request(VolunteerNearbySlotsDocument, { ...vars, after });
      setMore({ key, pages: [...pages, next.nearbySlots] });
    } catch (e) {
      setMoreError(e);
    } finally {
      setLoading(false);
    }
  };

  return (
    <Page title={t.volunteer.slots}>
      <OfflineNote />
      <div className="v-filters" role="group" aria-label={t.volunteer.filterDays}>
        <label className="v-filter">
          <span>{t.volunteer.filterDays}</span>
          <select value={days} onChange={(e) => setDays(Number(e.target.value))}>
            <option value={7}>{t.volunteer.days7}</option>
            <option value={14}>{t.volunteer.days14}</option>
            <option value={30}>{t.volunteer.days30}</option>
          </select>
        </label>
        <label className="v-filter">
          <span>{t.volunteer.filterMode}</span>
          <select value={mode} onChange={(e) => setMode(e.target.value as typeof mode)}>
            <option value="all">{t.volunteer.modeAll}</option>
            <option value="in">{t.volunteer.modeInPerson}</option>
            <option value="remote">{t.volunteer.modePhone}</option>
          </select>
        </label>
        <label className="v-filter">
          <span>{t.volunteer.filterDistance}</span>
          <select value={maxKm} onChange={(e) => setMaxKm(Number(e.target.value))}>
            {DISTANCES.map((km) => (
              <option key={km} value={km}>
                {km === 0 ? t.volunteer.distanceAny : format(t.volunteer.distanceKm, { km })}
              </option>
            ))}
          </select>
        </label>
      </div>
      <QueryView
        query={query}
        isEmpty={(d) => d.nearbySlots.totalCount === 0}
        empty={<Empty title={t.volunteer.noSlots}>{t.volunteer.noSlotsHint}</Empty>}
      >
        {(data) => {
          const all = [data.nearbySlots, ...pages];
          const list = all.flatMap((p) => p.edges.map((e) => e.node));
          const last = all[all.length - 1]!;
          return (
            <>
              <p className="v-count" aria-live="polite">{format(t.volunteer.slotCount, { n: data.nearbySlots.totalCount })}</p>
              <ul className="v-list" aria-label={t.volunteer.slots}>
                {list.map((item, i) => (
                  <SlotItem key={item.slot.id} item={item} first={i === 0} minor={minor} />
                ))}
              </ul>
              {moreError ? <ErrorBox error={moreError} /> : null}
              {last.pageInfo.hasNextPage && last.pageInfo.endCursor ? (
                <Button variant="secondary" block busy={loading} onClick={() => void loadMore(last.pageInfo.endCursor!)}>
                  {format(t.volunteer.more, { n: Math.min(PAGE, data.nearbySlots.totalCount - list.length) })}
                </Button>
              ) : null}
            </>
          );
        }}
      </QueryView>
    </Page>
  );
}

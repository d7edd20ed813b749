import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../../api/errors';
import { useMutation } from '../../api/hooks';
import { Button } from '../../components/Button';
import { Empty } from '../../components/Empty';
import { ErrorBox } from '../../components/ErrorBox';
import { errorText } from '../../components/errorText';
import { Page } from '../../components/Page';
import { QueryView } from '../../components/QueryView';
import {
  VolunteerMyRecordsDocument,
  VolunteerReleaseSlotDocument,
  VolunteerScheduleDocument,
  type VolunteerScheduleQuery,
} from '../../gql/graphql';
import { format, localMessage, useLang, useT } from '../../i18n';
import { useCachedQuery } from './cache';
import { CalendarFeedSection } from './CalendarFeed';
import { OfflineNote } from './OfflineNote';
import { ReachElder } from './ReachElder';
import { useOnline } from './online';
import { discard, flushOutbox, send, useOutbox, type OutboxItem } from './outbox';
import { beijingToday, shortBeijing } from './time';
import './messages';

/* GraphQL */ `
  query VolunteerSchedule {
    mySchedule {
      ...VolunteerSlot
    }
  }
  mutation VolunteerReleaseSlot($slotId: String!) {
    releaseSlot(slotId: $slotId) {
      ...VolunteerSlot
    }
  }
  query VolunteerMyRecords($first: Int) {
    visitRecords(mine: true, first: $first) {
      edges {
        node {
          id
          submissionId
          slotId
          elderId
          visitNo
          mode
          status
          startedAt
          submittedAt
        }
      }
    }
  }
`;

type Slot = VolunteerScheduleQuery['mySchedule'][number];

function QueuedBadge({ item }: { item: OutboxItem }) {
  const t = useT();
  return item.status === 'failed' ? (
    <span className="v-badge v-badge-bad" data-testid="queued-status">{t.volunteer.statusFailed}</span>
  ) : (
    <span className="v-badge v-badge-warn" data-testid="queued-status">{t.volunteer.statusQueued}</span>
  );
}

/**
 * Why the server did not take a queued record, in words for the visitor: the problems it named,
 * else the wording for its error code (never the raw message, which names fields in code).
 */
function RefusedNote({ item, hint }: { item: OutboxItem; hint: string }) {
  const t = useT();
  const { lang } = useLang();
  if (!item.error) return null;
  const { code, message, fields } = item.error;
  return (
    <div className="v-inline-error" role="alert" data-testid="refused">
      <p>{t.volunteer.refusedTitle}</p>
      {fields.length > 0
        ? fields.map((f) => <p key={f.field + f.code}>{localMessage(f.message, lang)}</p>)
        : <p>{errorText(new ApiError(code, message), t, lang)}</p>}
      <p>{hint}</p>
    </div>
  );
}

/** Who is visited: the elder's name and address (held slots), else the short reference. */
export function ElderLine({ slot }: { slot: Pick<Slot, 'elderId' | 'elder'> }) {
  const t = useT();
  if (!slot.elder) return <p className="v-meta v-muted">{t.volunteer.elderAfterClaim}</p>;
  return (
    <div className="v-elder" data-testid="slot-elder">
      <p className="v-elder-name">
        <span className="v-muted">{t.volunteer.elderName}</span> <strong>{slot.elder.name}</strong>
      </p>
      {slot.elder.residenceAddress ? (
        <p className="v-meta v-elder-address">
          <span className="v-muted">{t.volunteer.elderAddress}</span> <span>{slot.elder.residenceAddress}</span>
        </p>
      ) : null}
    </div>
  );
}

/**
 * Whether 退回 is offered: the server lets the holder give a slot back until the day before
 * its window opens (api/src/domain/slot.rs `may_release`), by district (Beijing) date.
 */
export function mayRelease(windowFrom: string, today: string = beijingToday()): boolean {
  return today < windowFrom;
}

function ScheduleItem({ slot, queued, onChanged }: { slot: Slot; queued?: OutboxItem; onChanged: () => void }) {
  const t = useT();
  const online = useOnline();
  const { lang } = useLang();
  const [release, state] = useMutation(VolunteerReleaseSlotDocument);
  const released = state.data?.releaseSlot;
  const done = slot.status === 'DONE';
  return (
    <li className="v-card v-slot" data-slot-id={slot.id}>
      <div className="v-slot-head">
        <strong className="v-slot-place">{slot.villageName ?? t.volunteer.villageUnknown}</strong>
        {queued ? <QueuedBadge item={queued} /> : (
          <span className={`v-badge ${done ? 'v-badge-ok' : ''}`}>{slot.status ? t.volunteer.slotStatus[slot.status] : ''}</span>
        )}
      </div>
      <p className="v-slot-label">{slot.label}</p>
      <p className="v-meta">
        <span>{format(t.volunteer.window, { from: slot.windowFrom.slice(5), to: slot.windowTo.slice(5) })}</span>
        <span>{slot.modes.map((m) => t.volunteer.modes[m]).join(' / ')}</span>
      </p>
      <ElderLine slot={slot} />
      {slot.status === 'CLAIMED' && !queued && !released && online ? (
        <ReachElder
          slotId={slot.id}
          elderId={slot.elderId}
          byPhone={slot.modes.some((m) => m === 'PHONE' || m === 'VIDEO')}
          onChanged={onChanged}
        />
      ) : null}
      {queued?.status === 'failed' ? <RefusedNote item={queued} hint={t.volunteer.refusedHint} /> : null}
      {released ? (
        <p className="v-meta" role="status">{t.volunteer.released}</p>
      ) : done && !queued ? null : (
        <div className="v-slot-actions">
          {queued ? (
            <>
              {queued.status === 'failed' ? (
                <Link className="btn btn-primary" to={`/v/visit/${slot.id}`}>{t.volunteer.visitTitle}</Link>
              ) : online ? (
                <Button variant="secondary" onClick={() => void send(queued.submissionId).then(onChanged)}>{t.volunteer.sendNow}</Button>
              ) : null}
              <Button
                variant="link"
                onClick={() => {
                  if (window.confirm(t.volunteer.discardConfirm)) void discard(queued.submissionId);
                }}
              >
                {t.volunteer.discardQueued}
              </Button>
            </>
          ) : (
            <>
              <Link className="btn btn-primary" to={`/v/visit/${slot.id}`}>{t.volunteer.startVisit}</Link>
              {mayRelease(slot.windowFrom) ? (
                <Button
                  variant="secondary"
                  busy={state.loading}
                  onClick={() => void release({ slotId: slot.id }).then((r) => r && onChanged())}
                >
                  {t.volunteer.release}
                </Button>
              ) : (
                <p className="v-meta v-muted" data-testid="no-release">{t.volunteer.releaseClosed}</p>
              )}
            </>
          )}
        </div>
      )}
      {state.error ? (
        <div className="v-inline-error" role="alert" data-field-error="slotId">
          {state.error.fields.length > 0
            ? state.error.fields.map((f) => <p key={f.field + f.code}>{localMessage(f.message, lang)}</p>)
            : <ErrorBox error={state.error} />}
        </div>
      ) : null}
    </li>
  );
}

/** 日程 — the slots I hold, visits waiting to be sent, and what I submitted. */
export function SchedulePage() {
  const t = useT();
  const online = useOnline();
  const schedule = useCachedQuery('schedule', VolunteerScheduleDocument);
  const records = useCachedQuery('records', VolunteerMyRecordsDocument, { first: 20 });
  const outbox = useOutbox();
  const [, setTick] = useState(0);
  const refresh = () => {
    void schedule.refetch();
    void records.refetch();
    setTick((n) => n + 1);
  };
  // A record left the outbox (sent): the slot is done and the record is on the server.
  const before = useRef(outbox.length);
  useEffect(() => {
    if (outbox.length < before.current) refresh();
    before.current = outbox.length;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [outbox.length]);
  // Back online: what this screen showed from the phone's copy is fetched again.
  const wasOnline = useRef(online);
  useEffect(() => {
    if (online && !wasOnline.current) refresh();
    wasOnline.current = online;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [online]);
  const bySlot = new Map(outbox.map((item) => [item.slotId, item]));
  const refused = outbox.filter((item) => item.status === 'failed').length;
  const waiting = outbox.length - refused;
  const slotIds = new Set(schedule.data?.mySchedule.map((s) => s.id) ?? []);
  const orphans = outbox.filter((item) => !slotIds.has(item.slotId));
  // Names of the elders of the slots I hold, for the records below (else the short reference).
  const elderNames = new Map<string, string>();
  for (const s of schedule.data?.mySchedule ?? []) if (s.elder) elderNames.set(s.elderId, s.elder.name);
  const elderText = (elderId: string) => elderNames.get(elderId) ?? t.volunteer.elderName;

  return (
    <Page title={t.volunteer.schedule}>
      <OfflineNote cachedAt={schedule.cachedAt} />
      {outbox.length > 0 ? (
        <section className="v-queue" aria-labelledby="queue-title" data-testid="outbox">
          <h2 id="queue-title">
            {t.volunteer.queuedTitle} <span className="v-count-badge">{outbox.length}</span>
          </h2>
          {waiting > 0 ? <p className="v-muted">{t.volunteer.queuedHint}</p> : null}
          {refused > 0 ? <p className="v-muted" data-testid="refused-summary">{t.volunteer.refusedSummary}</p> : null}
          {online && waiting > 0 ? (
            <Button variant="secondary" onClick={() => void flushOutbox().then(refresh)}>{t.volunteer.sendNow}</Button>
          ) : null}
          {orphans.length > 0 ? (
            <ul className="v-list">
              {orphans.map((item) => (
                <li key={item.submissionId} className="v-card" data-submission-id={item.submissionId}>
                  <QueuedBadge item={item} /> {elderText(item.elderId)} · {shortBeijing(item.submittedAt)}
                  {item.status === 'failed' ? (
                    <>
                      <RefusedNote item={item} hint={t.volunteer.refusedOrphanHint} />
                      <Button
                        variant="link"
                        onClick={() => {
                          if (window.confirm(t.volunteer.discardConfirm)) void discard(item.submissionId);
                        }}
                      >
                        {t.volunteer.discardQueued}
                      </Button>
                    </>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : null}
        </section>
      ) : null}
      <QueryView
        query={schedule}
        isEmpty={(d) => d.mySchedule.length === 0}
        empty={<Empty title={t.volunteer.noSchedule} action={<Link className="btn btn-primary" to="/v">{t.volunteer.goClaim}</Link>} />}
      >
        {(data) => (
          <ul className="v-list" aria-label={t.volunteer.schedule}>
            {data.mySchedule.map((slot) => (
              <ScheduleItem key={slot.id} slot={slot} queued={bySlot.get(slot.id)} onChanged={refresh} />
            ))}
          </ul>
        )}
      </QueryView>
      <section aria-labelledby="submitted-title" className="v-section">
        <h2 id="submitted-title">{t.volunteer.submittedTitle}</h2>
        <QueryView
          query={records}
          isEmpty={(d) => d.visitRecords.edges.length === 0}
          empty={<Empty title={t.volunteer.noSubmitted} />}
        >
          {(data) => (
            <ul className="v-list" data-testid="submitted-records">
              {data.visitRecords.edges.map(({ node }) => (
                <li key={node.id} className="v-card v-record" data-submission-id={node.submissionId}>
                  <div className="v-slot-head">
                    <strong>{format(t.volunteer.visitNo, { n: node.visitNo })}</strong>
                    <span className="v-badge">{node.status ? t.volunteer.recordStatus[node.status] : ''}</span>
                  </div>
                  <p className="v-meta">
                    <span>{shortBeijing(node.startedAt)}</span>
                    <span>{node.mode ? t.volunteer.modes[node.mode] : ''}</span>
                    <span>{elderText(node.elderId)}</span>
                  </p>
                </li>
              ))}
            </ul>
          )}
        </QueryView>
      </section>
      {online ? <CalendarFeedSection /> : null}
    </Page>
  );
}

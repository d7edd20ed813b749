import { useState } from 'react';
import { useLoad, useMutation, useQuery } from '../../api/hooks';
import { request } from '../../api/client';
import { Button } from '../../components/Button';
import { Empty } from '../../components/Empty';
import { ErrorBox } from '../../components/ErrorBox';
import { Field } from '../../components/Field';
import { Page } from '../../components/Page';
import { QueryView } from '../../components/QueryView';
import {
  OrganizerApproveVisitorDocument,
  OrganizerDropOutVisitorDocument,
  OrganizerNoShowsDocument,
  OrganizerRestoreCapacityDocument,
  OrganizerReinstateVisitorDocument,
  OrganizerSuspendVisitorDocument,
  OrganizerVisitorProfileDocument,
  OrganizerVisitorsDocument,
  type AccountStatus,
  type OrganizerNoShowsQuery,
  type OrganizerVisitorsQuery,
} from '../../gql/graphql';
import { format, useLang, useT } from '../../i18n';
import { enumLabel } from './labels';
import { useNames } from './names';
import { RecordTrainingForm, VolunteerRecordPanel } from './TrainingPanel';
import { VolunteerOverview } from './VolunteerOverview';
import { useAreaCode } from './util';
import './messages';

/* GraphQL */ `
  query OrganizerVisitors($after: String) {
    accounts(role: VISITOR, first: 100, after: $after) {
      pageInfo { hasNextPage endCursor }
      nodes { id displayName visitorKind areaCode status phone isMinor approvedBy }
    }
  }
  query OrganizerVisitorProfile($userId: String!) {
    visitorProfile(userId: $userId) {
      organisationKind organisationName homeVillageCode capacityPerMonth weekdays skills languages droppedOutOn
    }
  }
  mutation OrganizerApproveVisitor($id: String!) { approveVisitor(userId: $id) { id status } }
  mutation OrganizerSuspendVisitor($id: String!, $reason: String!) { suspendVisitor(userId: $id, reason: $reason) { id status } }
  mutation OrganizerReinstateVisitor($id: String!) { reinstateVisitor(userId: $id) { id status } }
  mutation OrganizerDropOutVisitor($id: String!, $reason: String!) { dropOutVisitor(visitorId: $id, reason: $reason) }
  query OrganizerNoShows {
    noShowsByVisitor {
      visitorId inPeriod limit days capacityPerMonth reducedFrom
      noShows { windowTo villageCode elder label }
    }
  }
  mutation OrganizerRestoreCapacity($id: String!) { restoreVisitorCapacity(visitorId: $id) { capacityPerMonth } }
`;

type Visitor = OrganizerVisitorsQuery['accounts']['nodes'][number];
type NoShows = OrganizerNoShowsQuery['noShowsByVisitor'][number];
type Filter = AccountStatus | 'ALL';

/** Every visitor account of the organizer's area, page after page. */
async function allVisitors(): Promise<Visitor[]> {
  const all: Visitor[] = [];
  let after: string | null | undefined;
  for (;;) {
    const page = (await request(OrganizerVisitorsDocument, { after })).accounts;
    all.push(...page.nodes);
    if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) return all;
    after = page.pageInfo.endCursor;
  }
}

const WEEKDAYS_ZH = ['一', '二', '三', '四', '五', '六', '日'];

function Profile({ userId }: { userId: string }) {
  const t = useT();
  const { lang } = useLang();
  const area = useAreaCode();
  const names = useNames(area);
  const profile = useQuery(OrganizerVisitorProfileDocument, { userId });
  return (
    <QueryView query={profile} isEmpty={(d) => !d.visitorProfile} empty={<p className="org-muted">{t.organizer.volNoProfile}</p>}>
      {(d) => {
        const p = d.visitorProfile!;
        return (
          <dl className="org-vol-profile" data-testid="visitor-profile">
            <dt>{t.organizer.volOrganisation}</dt>
            <dd>{[enumLabel(lang, 'OrganisationKind', p.organisationKind), p.organisationName].filter(Boolean).join(' · ')}</dd>
            <dt>{t.organizer.volHome}</dt>
            <dd>{names.village(p.homeVillageCode)}</dd>
            <dt>{t.organizer.volCapacity}</dt>
            <dd>{format(t.organizer.volPerMonth, { n: p.capacityPerMonth })}</dd>
            <dt>{t.organizer.volWeekdays}</dt>
            <dd>{p.weekdays.map((d) => (lang === 'zh' ? `周${WEEKDAYS_ZH[d - 1] ?? ''}` : String(d))).join('、') || '—'}</dd>
            <dt>{t.organizer.volSkills}</dt>
            <dd>{[...p.skills, ...p.languages].join('、') || '—'}</dd>
            {p.droppedOutOn ? (
              <>
                <dt>{t.organizer.volDroppedOut}</dt>
                <dd>{p.droppedOutOn}</dd>
              </>
            ) : null}
          </dl>
        );
      }}
    </QueryView>
  );
}

/** 暂停 or 退出 with its reason, typed in place. */
function ReasonForm({ label, onSubmit, onCancel, busy, error }: {
  label: string;
  onSubmit: (reason: string) => void;
  onCancel: () => void;
  busy: boolean;
  error: ReturnType<typeof useMutation>[1]['error'];
}) {
  const t = useT();
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  return (
    <form
      className="org-vol-reason"
      onSubmit={(e) => {
        e.preventDefault();
        if (!reason.trim()) return setMissing(true);
        onSubmit(reason.trim());
      }}
    >
      <Field label={t.organizer.volReason} name="reason" value={reason} onChange={(e) => setReason(e.target.value)} error={error} localError={missing ? t.organizer.volReasonMissing : null} />
      <Button type="submit" variant="danger" busy={busy}>{label}</Button>
      <Button variant="secondary" onClick={onCancel}>{t.organizer.volCancel}</Button>
    </form>
  );
}

/** 未到 — a visitor's no-shows in the period, the halved capacity and its restore, the list. */
function NoShowLine({ v, n, onChanged }: { v: Visitor; n: NoShows; onChanged: (message: string) => void }) {
  const t = useT();
  const area = useAreaCode();
  const names = useNames(area);
  const [restore, restoring] = useMutation(OrganizerRestoreCapacityDocument);
  const [open, setOpen] = useState(false);
  return (
    <div className="org-vol-noshows" data-testid="visitor-no-shows">
      <span className={`org-badge${n.inPeriod >= n.limit ? ' org-badge-danger' : ' org-badge-warn'}`} title={format(t.organizer.volNoShowsHint, { days: n.days, limit: n.limit })}>
        {format(t.organizer.volNoShows, { n: n.inPeriod, days: n.days })}
      </span>
      {n.reducedFrom != null ? (
        <>
          <span className="org-muted">{format(t.organizer.volReduced, { from: n.reducedFrom, to: n.capacityPerMonth ?? '—' })}</span>
          <Button
            variant="secondary"
            busy={restoring.loading}
            onClick={() =>
              void restore({ id: v.id }).then((ok) => {
                if (ok === undefined) return;
                onChanged(format(t.organizer.volRestored, { name: v.displayName, n: ok.restoreVisitorCapacity.capacityPerMonth }));
              })
            }
          >
            {t.organizer.volRestore}
          </Button>
        </>
      ) : null}
      {n.noShows.length > 0 ? (
        <Button variant="link" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
          {t.organizer.volNoShowList} ({n.noShows.length})
        </Button>
      ) : null}
      {restoring.error ? <ErrorBox error={restoring.error} /> : null}
      {open ? (
        <ul className="org-vol-noshow-list">
          {n.noShows.map((s) => (
            <li key={`${s.windowTo}-${s.villageCode}-${s.elder}-${s.label}`}>
              {s.windowTo} · {names.village(s.villageCode)} · {s.elder} · {s.label}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function VisitorRow({ v, village, noShows, onChanged }: { v: Visitor; village: string; noShows?: NoShows; onChanged: (message: string) => void }) {
  const t = useT();
  const { lang } = useLang();
  const [open, setOpen] = useState(false);
  const [record, setRecord] = useState(false);
  const [asking, setAsking] = useState<'suspend' | 'drop' | null>(null);
  const [approve, approving] = useMutation(OrganizerApproveVisitorDocument);
  const [suspend, suspending] = useMutation(OrganizerSuspendVisitorDocument);
  const [reinstate, reinstating] = useMutation(OrganizerReinstateVisitorDocument);
  const [drop, dropping] = useMutation(OrganizerDropOutVisitorDocument);
  const after = (message: string) => (ok: unknown) => {
    if (ok === undefined) return;
    setAsking(null);
    onChanged(message);
  };
  const error = approving.error ?? reinstating.error;
  return (
    <li className="org-card" data-testid="visitor-row">
      <div className="org-vol-head">
        <strong>{v.displayName}</strong>
        <span className={`org-badge${v.status === 'PENDING' ? ' org-badge-warn' : ''}`}>{enumLabel(lang, 'AccountStatus', v.status)}</span>
        <span className="org-muted">
          {enumLabel(lang, 'VisitorKind', v.visitorKind)}
          {v.isMinor ? ` · ${t.organizer.volMinor}` : ''} · {village} · {v.phone ?? '—'}
        </span>
      </div>
      <div className="org-vol-actions">
        {v.status === 'PENDING' ? (
          <Button busy={approving.loading} onClick={() => void approve({ id: v.id }).then(after(format(t.organizer.volApproved, { name: v.displayName })))}>
            {t.organizer.volApprove}
          </Button>
        ) : null}
        {v.status === 'ACTIVE' ? (
          <>
            <Button variant="secondary" onClick={() => setAsking('suspend')}>{t.organizer.volSuspend}</Button>
            <Button variant="secondary" onClick={() => setAsking('drop')}>{t.organizer.volDrop}</Button>
          </>
        ) : null}
        {v.status === 'DISABLED' ? (
          <Button variant="secondary" busy={reinstating.loading} onClick={() => void reinstate({ id: v.id }).then(after(format(t.organizer.volReinstated, { name: v.displayName })))}>
            {t.organizer.volReinstate}
          </Button>
        ) : null}
        <Button variant="link" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
          {open ? t.organizer.volHideProfile : t.organizer.volShowProfile}
        </Button>
        <Button variant="link" aria-expanded={record} onClick={() => setRecord((o) => !o)}>
          {record ? t.organizer.training.hide : t.organizer.training.show}
        </Button>
      </div>
      {asking === 'suspend' ? (
        <ReasonForm
          label={t.organizer.volSuspendConfirm}
          busy={suspending.loading}
          error={suspending.error}
          onCancel={() => setAsking(null)}
          onSubmit={(reason) => void suspend({ id: v.id, reason }).then(after(format(t.organizer.volSuspended, { name: v.displayName })))}
        />
      ) : null}
      {asking === 'drop' ? (
        <ReasonForm
          label={t.organizer.volDropConfirm}
          busy={dropping.loading}
          error={dropping.error}
          onCancel={() => setAsking(null)}
          onSubmit={(reason) => void drop({ id: v.id, reason }).then(after(format(t.organizer.volDropped, { name: v.displayName })))}
        />
      ) : null}
      {noShows ? <NoShowLine v={v} n={noShows} onChanged={onChanged} /> : null}
      {error ? <ErrorBox error={error} /> : null}
      {open ? <Profile key={noShows?.capacityPerMonth ?? 0} userId={v.id} /> : null}
      {record ? <VolunteerRecordPanel visitorId={v.id} name={v.displayName} /> : null}
    </li>
  );
}

/** 志愿者 — the town's visitors: approve, suspend, reinstate, drop out; each one's profile. */
export function VolunteersPage() {
  const t = useT();
  const { lang } = useLang();
  const area = useAreaCode();
  const names = useNames(area);
  const [filter, setFilter] = useState<Filter>('PENDING');
  const [notice, setNotice] = useState<string | null>(null);
  const [training, setTraining] = useState(false);
  const visitors = useLoad(allVisitors, 'visitors');
  const noShows = useQuery(OrganizerNoShowsDocument);
  const statuses: Filter[] = ['PENDING', 'ACTIVE', 'DISABLED', 'ALL'];
  const count = (s: Filter) => (visitors.data ?? []).filter((v) => s === 'ALL' || v.status === s).length;
  return (
    <Page title={t.organizer.volunteers}>
      <p className="org-muted">{t.organizer.volHint}</p>
      {area ? <VolunteerOverview of={{ area }} /> : null}
      {notice ? <p role="status" className="org-note">{notice}</p> : null}
      {training ? (
        <RecordTrainingForm
          visitors={(visitors.data ?? []).filter((v) => v.status !== 'DISABLED')}
          onCancel={() => setTraining(false)}
          onDone={(message) => {
            setNotice(message);
            setTraining(false);
          }}
        />
      ) : (
        <div className="org-vol-actions">
          <Button variant="secondary" onClick={() => setTraining(true)}>{t.organizer.training.record}</Button>
        </div>
      )}
      <div className="org-vol-filter" role="group" aria-label={t.organizer.volFilter}>
        {statuses.map((s) => (
          <Button key={s} variant={filter === s ? 'primary' : 'secondary'} aria-pressed={filter === s} onClick={() => setFilter(s)}>
            {s === 'ALL' ? t.organizer.any : enumLabel(lang, 'AccountStatus', s)} ({count(s)})
          </Button>
        ))}
      </div>
      <QueryView query={visitors}>
        {(all) => {
          const shown = all.filter((v) => filter === 'ALL' || v.status === filter);
          return shown.length === 0 ? (
            <Empty title={t.organizer.volNone} />
          ) : (
            <ul className="org-cards" data-testid="visitors">
              {shown.map((v) => (
                <VisitorRow key={v.id} v={v} village={v.areaCode ? names.village(v.areaCode) : '—'}
                  noShows={noShows.data?.noShowsByVisitor.find((n) => n.visitorId === v.id)}
                  onChanged={(message) => {
                    setNotice(message);
                    void visitors.refetch();
                    void noShows.refetch();
                  }} />
              ))}
            </ul>
          );
        }}
      </QueryView>
    </Page>
  );
}

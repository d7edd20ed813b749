import { useEffect, useMemo, useState } from 'react';
import { useMutation, useQuery } from '../../api/hooks';
import { Button } from '../../components/Button';
import { Empty } from '../../components/Empty';
import { ErrorBox } from '../../components/ErrorBox';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { QueryView } from '../../components/QueryView';
import {
  OrganizerAcceptPlanDocument,
  OrganizerGenerateSlotsDocument,
  OrganizerPlanDocument,
  type OrganizerPlanQuery,
} from '../../gql/graphql';
import { format, useLang, useT } from '../../i18n';
import { enumLabel } from './labels';
import { MonthPicker } from './MonthPicker';
import { useNames } from './names';
import { useOpenSlots, type OpenSlots } from './openSlots';
import { AssignCard, NoShowCard } from './SlotDesk';
import { currentMonth, useAreaCode } from './util';
import './messages';

/* GraphQL */ `
  mutation OrganizerGenerateSlots($month: String!, $areaCode: String!) {
    generateSlots(month: $month, areaCode: $areaCode) { wanted created cancelled }
  }

  query OrganizerPlan($month: String!, $areaCode: String!) {
    planProposal(month: $month, areaCode: $areaCode) {
      assignments { slotId visitorId distanceM distanceEstimated continuity }
      uncoveredSlotIds
      shortfall { villageCode slots }
      totalCost
    }
  }

  mutation OrganizerAcceptPlan($assignments: [PlanAssignmentInput!]!) {
    acceptPlan(assignments: $assignments) { slotId visitorId refused }
  }
`;

const STEP = 50;

/** 方案: generate the month's slots, review the planner's proposal, untick or edit, accept. */
export function PlansPage() {
  const t = useT();
  const area = useAreaCode();
  const [month, setMonth] = useState(currentMonth);
  const [generate, generated] = useMutation(OrganizerGenerateSlotsDocument);
  const plan = useQuery(OrganizerPlanDocument, { month, areaCode: area ?? '' }, { skip: !area });
  // The open slots name the proposal's rows and fill the assign form: loaded once, beside the plan.
  const slots = useOpenSlots(month, area);
  if (!area) return <Page title={t.organizer.plans}><Empty title={t.organizer.noArea} /></Page>;
  const g = generated.data?.generateSlots;
  return (
    <Page title={t.organizer.plans} actions={<MonthPicker value={month} onChange={(m) => { setMonth(m); generated.reset(); }} />}>
      <section className="org-card" aria-labelledby="gen-title">
        <h2 id="gen-title">{t.organizer.generateTitle}</h2>
        <p className="org-muted org-small">{t.organizer.generateHint}</p>
        <Button
          busy={generated.loading}
          onClick={async () => {
            if (await generate({ month, areaCode: area })) void plan.refetch();
          }}
        >
          {format(t.organizer.generate, { month })}
        </Button>
        <ErrorBox error={generated.error} />
        {g ? <p role="status" className="org-note">{format(t.organizer.generated, { wanted: g.wanted, created: g.created, cancelled: g.cancelled })}</p> : null}
      </section>
      <section className="org-card" aria-labelledby="plan-title">
        <h2 id="plan-title">{t.organizer.proposalTitle}</h2>
        <p className="org-muted org-small">{t.organizer.proposalHint}</p>
        <QueryView
          query={plan}
          isEmpty={(d) => d.planProposal.assignments.length === 0 && d.planProposal.uncoveredSlotIds.length === 0}
          empty={<Empty title={t.organizer.proposalEmpty}>{t.organizer.noSlotsYet}</Empty>}
        >
          {(d) => (
            <Proposal
              key={month}
              area={area}
              proposal={d.planProposal}
              slots={slots}
              onAccepted={() => {
                void plan.refetch();
                void slots.refetch();
              }}
            />
          )}
        </QueryView>
      </section>
      <AssignCard key={`assign-${month}`} area={area} slots={slots} />
      <NoShowCard month={month} area={area} />
    </Page>
  );
}

type ProposalData = OrganizerPlanQuery['planProposal'];

function Proposal({
  area,
  proposal,
  slots,
  onAccepted,
}: {
  area: string;
  proposal: ProposalData;
  slots: OpenSlots;
  onAccepted: () => void;
}) {
  const t = useT();
  const { lang } = useLang();
  const names = useNames(area);
  const slotById = useMemo(() => new Map((slots.data ?? []).map((s) => [s.id, s])), [slots.data]);
  // Per slot: whether it is ticked and the visitor chosen (the proposal's unless edited).
  const [rows, setRows] = useState(() => proposal.assignments.map((a) => ({ ...a, include: true })));
  useEffect(() => setRows(proposal.assignments.map((a) => ({ ...a, include: true }))), [proposal]);
  const [shown, setShown] = useState(STEP);
  const [accept, accepted] = useMutation(OrganizerAcceptPlanDocument);
  const visitors = useMemo(() => {
    const ids = new Set(proposal.assignments.map((a) => a.visitorId));
    names.accounts.filter((a) => a.role === 'VISITOR' && a.status === 'ACTIVE').forEach((a) => ids.add(a.id));
    return [...ids];
  }, [proposal, names.accounts]);
  const selected = rows.filter((r) => r.include);
  const result = accepted.data?.acceptPlan;
  const refused = result?.filter((r) => r.refused) ?? [];

  return (
    <>
      <p data-testid="proposal-summary">
        {format(t.organizer.proposalSummary, {
          n: proposal.assignments.length,
          uncovered: proposal.uncoveredSlotIds.length,
          // The travel itself (the planner's cost also counts a bonus for known visitors).
          km: Math.round(proposal.assignments.reduce((sum, a) => sum + a.distanceM, 0) / 1000),
        })}
      </p>
      {proposal.shortfall.length > 0 ? (
        <details className="org-details">
          <summary>{t.organizer.shortfallTitle}</summary>
          <ul className="org-list">
            {proposal.shortfall.map((s) => (
              <li key={s.villageCode}>{names.village(s.villageCode)}：{s.slots}</li>
            ))}
          </ul>
        </details>
      ) : null}
      {result ? (
        <div role="status" className="org-note" data-testid="accept-result">
          {format(t.organizer.acceptDone, { ok: result.length - refused.length, refused: refused.length })}
        </div>
      ) : null}
      {refused.length > 0 ? (
        <div className="org-refused">
          <h3>{t.organizer.refused}</h3>
          <ul className="org-list">
            {refused.map((r) => {
              const s = slotById.get(r.slotId);
              return (
                <li key={r.slotId}>
                  {s ? `${names.village(s.villageCode)} · ${s.elder ? `${s.elder.name} · ` : ''}${s.label} · ${s.windowFrom}～${s.windowTo}` : t.organizer.slotGone} → {names.person(r.visitorId)}
                  <span className="org-badge org-badge-warn" data-refusal={r.refused ?? ''}>
                    {t.organizer.refusedReason}：{(t.organizer.refusal as Record<string, string>)[r.refused ?? ''] ?? t.organizer.refusedOther}
                  </span>
                </li>
              );
            })}
          </ul>
        </div>
      ) : null}
      <ErrorBox error={accepted.error} />
      {slots.error ? <ErrorBox error={slots.error} /> : null}
      {rows.length > 0 && !slots.data ? <Loading /> : null}
      {rows.length > 0 && slots.data ? (
        <>
          <div className="org-toolbar">
            <Button variant="secondary" onClick={() => setRows(rows.map((r) => ({ ...r, include: true })))}>{t.organizer.selectAll}</Button>
            <Button variant="secondary" onClick={() => setRows(rows.map((r) => ({ ...r, include: false })))}>{t.organizer.selectNone}</Button>
            <Button
              busy={accepted.loading}
              disabled={selected.length === 0}
              onClick={async () => {
                const data = await accept({ assignments: selected.map((r) => ({ slotId: r.slotId, visitorId: r.visitorId })) });
                if (data) onAccepted();
              }}
            >
              {format(t.organizer.accept, { n: selected.length })}
            </Button>
          </div>
          <div className="org-table-wrap">
            <table className="org-table" data-testid="proposal-table">
              <thead>
                <tr>
                  <th scope="col">{t.organizer.include}</th>
                  <th scope="col">{t.organizer.village}</th>
                  <th scope="col">{t.organizer.elder}</th>
                  <th scope="col">{t.organizer.slot}</th>
                  <th scope="col">{t.organizer.window}</th>
                  <th scope="col">{t.organizer.visitor}</th>
                  <th scope="col" className="num">{t.organizer.distance}</th>
                </tr>
              </thead>
              <tbody>
                {rows.slice(0, shown).map((r, i) => {
                  const s = slotById.get(r.slotId);
                  return (
                    <tr key={r.slotId} data-slot={r.slotId} className={r.include ? undefined : 'org-off'}>
                      <td>
                        <input
                          type="checkbox"
                          className="org-check"
                          aria-label={`${t.organizer.include} ${s?.elder ? `${s.elder.name} ` : ''}${s?.label ?? t.organizer.slotGone}`}
                          checked={r.include}
                          onChange={(e) => setRows(rows.map((x, j) => (j === i ? { ...x, include: e.target.checked } : x)))}
                        />
                      </td>
                      <td>{s ? names.village(s.villageCode) : '—'}</td>
                      <td className="nowrap" data-testid="slot-elder">{s?.elder?.name ?? '—'}</td>
                      <td>
                        {s ? `${s.label}（${s.modes.map((m) => enumLabel(lang, 'VisitMode', m)).join('/')}）` : t.organizer.slotGone}
                      </td>
                      <td className="nowrap">{s ? `${s.windowFrom}～${s.windowTo}` : '—'}</td>
                      <td>
                        <select
                          aria-label={t.organizer.visitor}
                          value={r.visitorId}
                          onChange={(e) => setRows(rows.map((x, j) => (j === i ? { ...x, visitorId: e.target.value } : x)))}
                        >
                          {visitors.map((v) => (
                            <option key={v} value={v}>{names.person(v)}</option>
                          ))}
                        </select>
                        {r.continuity ? <span className="org-badge">{t.organizer.continuity}</span> : null}
                      </td>
                      <td className="num nowrap">
                        {(r.distanceM / 1000).toFixed(1)} km{r.distanceEstimated ? t.organizer.distanceEstimated : ''}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          {rows.length > shown ? (
            <Button variant="secondary" onClick={() => setShown(shown + STEP)}>
              {format(t.organizer.showMore, { n: Math.min(STEP, rows.length - shown) })}
            </Button>
          ) : null}
        </>
      ) : null}
    </>
  );
}

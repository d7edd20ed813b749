import { useMemo, useState, type FormEvent } from 'react';
import { useRole } from '../../api/auth';
import { useMutation, useQuery } from '../../api/hooks';
import { Button } from '../../components/Button';
import { SelectField } from '../../components/ChoiceFields';
import { Empty } from '../../components/Empty';
import { ErrorBox } from '../../components/ErrorBox';
import { QueryView } from '../../components/QueryView';
import { DeskAssignSlotDocument, DeskNoShowsDocument, OrganizerAreaDocument } from '../../gql/graphql';
import { format, useLang, useT } from '../../i18n';
import { useActiveAccounts } from './deskAccounts';
import { enumLabel } from './labels';
import { useNames } from './names';
import type { OpenSlots } from './openSlots';
import './messages';

/* GraphQL */ `
  mutation DeskAssignSlot($slotId: String!, $visitorId: String!, $coVisitorId: String) {
    assignSlot(slotId: $slotId, visitorId: $visitorId, coVisitorId: $coVisitorId) { id label windowFrom windowTo holderId }
  }

  query DeskNoShows($month: String!, $areaCode: String!) {
    noShowSlots(month: $month, areaCode: $areaCode) {
      id villageCode label windowFrom windowTo holderId
      elder { name }
    }
  }
`;

/**
 * 指派 — one open slot of the month, picked by village, given to an approved visitor of the
 * area picked from a list (with an adult co-visitor when a minor goes in person), under the
 * claim rules; a refusal is said in words.
 */
export function AssignCard({ area, slots }: { area: string; slots: OpenSlots }) {
  // Planning is the town organizer's (PlanVisits): village staff see neither card.
  return useRole() === 'TOWN_ORGANIZER' ? <AssignForm area={area} slots={slots} /> : null;
}

function AssignForm({ area, slots }: { area: string; slots: OpenSlots }) {
  const t = useT();
  const d = t.organizer.desk;
  const { lang } = useLang();
  const place = useQuery(OrganizerAreaDocument, { code: area });
  const visitors = useActiveAccounts(['VISITOR']);
  const [village, setVillage] = useState('');
  const [slotId, setSlotId] = useState('');
  const [visitorId, setVisitorId] = useState('');
  const [coVisitorId, setCoVisitorId] = useState('');
  const [localError, setLocalError] = useState<{ field: string; message: string } | null>(null);
  const [assign, assigned] = useMutation(DeskAssignSlotDocument);
  const [done, setDone] = useState<string | null>(null);

  const a = place.data?.area;
  const villages = a ? (a.children.length > 0 ? a.children : [{ code: a.code, name: a.name }]) : [];
  const inVillage = (slots.data ?? []).filter((s) => s.villageCode === village);
  const people = visitors.data ?? [];
  const adults = people.filter((p) => !p.isMinor && p.id !== visitorId);
  const slotText = (s: (typeof inVillage)[number]) =>
    `${s.elder?.name ?? ''} · ${s.label}（${s.modes.map((m) => enumLabel(lang, 'VisitMode', m)).join('/')}） · ${s.windowFrom}～${s.windowTo}`;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setDone(null);
    if (!slotId) return setLocalError({ field: 'slotId', message: d.slot });
    if (!visitorId) return setLocalError({ field: 'visitorId', message: d.visitor });
    setLocalError(null);
    const slot = inVillage.find((s) => s.id === slotId);
    const data = await assign({ slotId, visitorId, coVisitorId: coVisitorId || null });
    if (data) {
      const name = people.find((p) => p.id === visitorId)?.displayName ?? '';
      setDone(format(d.assigned, { slot: slot ? slotText(slot) : d.slot, name }));
      setSlotId('');
      setCoVisitorId('');
      void slots.refetch();
    }
  };
  const required = (field: string) => (localError?.field === field ? format(d.pick, { what: localError.message }) : null);

  return (
    <section className="org-card" aria-labelledby="assign-title" data-testid="assign-card">
      <h2 id="assign-title">{d.assignTitle}</h2>
      <p className="org-muted org-small">{d.assignHint}</p>
      <form onSubmit={submit} noValidate>
        <SelectField label={d.village} name="village" value={village} onChange={(e) => { setVillage(e.target.value); setSlotId(''); }}>
          <option value="">{d.choosePlaceholder}</option>
          {villages.map((v) => (
            <option key={v.code} value={v.code}>{v.name}</option>
          ))}
        </SelectField>
        <SelectField
          label={d.slot}
          name="slotId"
          value={slotId}
          onChange={(e) => setSlotId(e.target.value)}
          error={assigned.error}
          localError={required('slotId')}
          hint={village && slots.data && inVillage.length === 0 ? d.noOpen : undefined}
        >
          <option value="">{d.choosePlaceholder}</option>
          {inVillage.map((s) => (
            <option key={s.id} value={s.id}>{slotText(s)}</option>
          ))}
        </SelectField>
        <SelectField
          label={d.visitor}
          name="visitorId"
          value={visitorId}
          onChange={(e) => setVisitorId(e.target.value)}
          error={assigned.error}
          localError={required('visitorId')}
          hint={visitors.data && people.length === 0 ? d.noVisitors : undefined}
        >
          <option value="">{d.choosePlaceholder}</option>
          {people.map((p) => (
            <option key={p.id} value={p.id}>{p.displayName}{p.isMinor ? `（${t.organizer.volMinor}）` : ''}</option>
          ))}
        </SelectField>
        <SelectField label={d.coVisitor} name="coVisitorId" value={coVisitorId} onChange={(e) => setCoVisitorId(e.target.value)} error={assigned.error}>
          <option value="">{d.noCoVisitor}</option>
          {adults.map((p) => (
            <option key={p.id} value={p.id}>{p.displayName}</option>
          ))}
        </SelectField>
        <ErrorBox error={assigned.error ?? slots.error ?? visitors.error} fieldNames={['slotId', 'visitorId', 'coVisitorId']} />
        <Button type="submit" busy={assigned.loading}>{d.assignSubmit}</Button>
        {done ? <p role="status" className="org-note" data-testid="assign-done">{done}</p> : null}
      </form>
    </section>
  );
}

/**
 * 未到 — the month's claimed slots whose window has ended with no record, no contact attempt
 * and no release, to see (marking them is for later).
 */
export function NoShowCard({ month, area }: { month: string; area: string }) {
  return useRole() === 'TOWN_ORGANIZER' ? <NoShowList month={month} area={area} /> : null;
}

function NoShowList({ month, area }: { month: string; area: string }) {
  const t = useT();
  const d = t.organizer.desk;
  const names = useNames(area);
  const visitors = useActiveAccounts(['VISITOR']);
  const byId = useMemo(() => new Map((visitors.data ?? []).map((p) => [p.id, p.displayName])), [visitors.data]);
  const noShows = useQuery(DeskNoShowsDocument, { month, areaCode: area });
  return (
    <section className="org-card" aria-labelledby="noshow-title" data-testid="no-shows">
      <h2 id="noshow-title">{d.noShowTitle}</h2>
      <p className="org-muted org-small">{d.noShowHint}</p>
      <QueryView query={noShows} isEmpty={(q) => q.noShowSlots.length === 0} empty={<Empty title={d.noShowEmpty} />}>
        {(q) => (
          <div className="org-table-wrap">
            <table className="org-table" data-testid="no-show-table">
              <thead>
                <tr>
                  <th scope="col">{d.village}</th>
                  <th scope="col">{d.elder}</th>
                  <th scope="col">{d.slot}</th>
                  <th scope="col">{d.window}</th>
                  <th scope="col">{d.holder}</th>
                </tr>
              </thead>
              <tbody>
                {q.noShowSlots.map((s) => (
                  <tr key={s.id}>
                    <td>{names.village(s.villageCode)}</td>
                    <td className="nowrap">{s.elder?.name ?? '—'}</td>
                    <td>{s.label}</td>
                    <td className="nowrap">{s.windowFrom}～{s.windowTo}</td>
                    <td className="nowrap">{(s.holderId && byId.get(s.holderId)) || names.person(s.holderId)}</td>
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

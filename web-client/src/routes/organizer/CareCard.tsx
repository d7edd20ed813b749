import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from '../../api/hooks';
import { Button } from '../../components/Button';
import { SelectField } from '../../components/ChoiceFields';
import { Empty } from '../../components/Empty';
import { ErrorBox } from '../../components/ErrorBox';
import { Field } from '../../components/Field';
import { QueryView } from '../../components/QueryView';
import { careInput, careLabel, careOptions } from '../../components/careKinds';
import {
  OrganizerCareGiversDocument,
  OrganizerCareKindsDocument,
  OrganizerElderCareDocument,
  OrganizerRecordCareDocument,
  type CareKind,
  type ElderConfirmationMethod,
} from '../../gql/graphql';
import { format, localMessage, useLang, useT } from '../../i18n';
import { uuid } from '../volunteer/uuid';
import { enumLabel, enumValues } from './labels';
import { formatDateTime } from './util';
import './messages';

/* GraphQL */ `
  query OrganizerCareGivers($elderId: String) {
    careGiverChoices(elderId: $elderId) { id name }
  }
  query OrganizerCareKinds($elderId: String!) {
    careKinds(elderId: $elderId) { kind otherKind name earnsTime }
  }
  query OrganizerElderCare($elderId: String!) {
    elderCareServices(elderId: $elderId) { id service kind minutes givenAt elderConfirmation providerName creditedMinutes }
  }
  mutation OrganizerRecordCare(
    $id: String!, $elderId: String!, $kind: CareKind, $otherKind: String, $providerId: String!, $givenAt: DateTime!,
    $minutes: Int!, $confirmation: ElderConfirmationMethod!
  ) {
    recordCareService(
      id: $id, elderId: $elderId, kind: $kind, otherKind: $otherKind, providerId: $providerId, givenAt: $givenAt, minutes: $minutes,
      confirmation: $confirmation
    ) { creditedMinutes service { id } }
  }
`;

/** How staff entering a paper record may say the elder confirmed it. */
const CONFIRMATIONS: ElderConfirmationMethod[] = ['SIGNED_PAPER', 'CONFIRMED_BY_PHONE'];

/** Now in district (Beijing) time, as a `datetime-local` value (`2026-11-18T10:00`). */
function nowLocal(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 16);
}

/**
 * 服务记录 — staff record a service a visitor of the town gave the elder (理发, 送餐 …, and the
 * further kinds the pack of the elder's district lists) with how the elder confirmed it, and the
 * elder's services listed with the time each credited.
 */
export function CareCard({ elderId }: { elderId: string }) {
  const t = useT();
  const c = t.organizer.office.care;
  const { lang } = useLang();
  const givers = useQuery(OrganizerCareGiversDocument, { elderId });
  const kinds = useQuery(OrganizerCareKindsDocument, { elderId });
  const list = useQuery(OrganizerElderCareDocument, { elderId });
  const [record, state] = useMutation(OrganizerRecordCareDocument);
  // The picker's value (components/careKinds): a platform kind or a kind the pack lists.
  const [choice, setChoice] = useState('kind:MEALS');
  const options = careOptions(kinds.data?.careKinds, enumValues('CareKind') as CareKind[], (k) => enumLabel(lang, 'CareKind', k));
  const chosen = kinds.data ? options.find((o) => o.value === choice) : undefined;
  const otherKindProblem = state.error?.fieldError('otherKind');
  const kindHint = chosen ? (chosen.earnsTime ? c.kindEarnsTime : c.kindRecordedOnly) : undefined;
  const [giver, setGiver] = useState('');
  const [givenAt, setGivenAt] = useState(nowLocal);
  const [minutes, setMinutes] = useState('30');
  const [confirmation, setConfirmation] = useState<ElderConfirmationMethod>('SIGNED_PAPER');
  const [missingGiver, setMissingGiver] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  // One id per entry: sending the same entry again (a retry) records it once.
  const [id, setId] = useState(uuid);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setNotice(null);
    if (!giver) return setMissingGiver(true);
    setMissingGiver(false);
    const done = await record({
      id,
      elderId,
      ...careInput(choice),
      providerId: giver,
      givenAt: `${givenAt}:00+08:00`,
      minutes: Number(minutes) || 0,
      confirmation,
    });
    if (!done) return;
    const credited = done.recordCareService.creditedMinutes;
    const values = { kind: careLabel(choice, options), minutes, credited };
    setNotice(format(credited > 0 ? c.savedCredited : c.saved, values));
    setId(uuid());
    void list.refetch();
  };
  const choices = givers.data?.careGiverChoices ?? [];
  return (
    <section className="org-card" aria-labelledby="care-title" data-testid="care-card">
      <h2 id="care-title">{c.title}</h2>
      <p className="org-muted">{c.hint}</p>
      <form onSubmit={submit} noValidate>
        <SelectField label={c.kind} name="kind" value={choice} onChange={(e) => setChoice(e.target.value)}
          error={state.error}
          // A kind the pack does not list is refused on `otherKind`: shown on the picker.
          localError={otherKindProblem ? localMessage(otherKindProblem.message, lang) : null}
          hint={kindHint}
        >
          {options.map((o) => (
            <option key={o.value} value={o.value}>{o.label}</option>
          ))}
        </SelectField>
        <SelectField
          label={c.giver}
          name="providerId"
          value={giver}
          onChange={(e) => setGiver(e.target.value)}
          error={state.error}
          localError={missingGiver ? c.giverRequired : null}
          hint={givers.data && choices.length === 0 ? c.noGivers : c.giverHint}
        >
          <option value="">{c.choose}</option>
          {choices.map((g) => (
            <option key={g.id} value={g.id}>{g.name}</option>
          ))}
        </SelectField>
        <Field label={c.givenAt} name="givenAt" type="datetime-local" value={givenAt} onChange={(e) => setGivenAt(e.target.value)} error={state.error} />
        <Field label={c.minutes} name="minutes" type="number" min={1} max={240} inputMode="numeric" value={minutes} onChange={(e) => setMinutes(e.target.value)} error={state.error} />
        <SelectField
          label={c.confirmation}
          name="confirmation"
          value={confirmation}
          onChange={(e) => setConfirmation(e.target.value as ElderConfirmationMethod)}
          error={state.error}
        >
          {CONFIRMATIONS.map((m) => (
            <option key={m} value={m}>{enumLabel(lang, 'ElderConfirmationMethod', m)}</option>
          ))}
        </SelectField>
        <ErrorBox error={state.error} fieldNames={['kind', 'otherKind', 'providerId', 'givenAt', 'minutes', 'confirmation']} />
        <Button type="submit" busy={state.loading}>{c.save}</Button>
      </form>
      {notice ? <p role="status" className="org-note">{notice}</p> : null}
      <h3>{c.listTitle}</h3>
      <QueryView query={list} isEmpty={(d) => d.elderCareServices.length === 0} empty={<Empty title={c.none} />}>
        {(d) => (
          <ul className="org-list" data-testid="care-list">
            {d.elderCareServices.map((s) => (
              <li key={s.id}>
                <strong>{s.kind ? enumLabel(lang, 'CareKind', s.kind) : s.service}</strong>
                <span className="org-muted">
                  {' '}· {formatDateTime(s.givenAt)} · {format(t.organizer.office.corrections.minutes, { n: s.minutes })} · {s.providerName ?? '—'}
                  {s.elderConfirmation ? ` · ${enumLabel(lang, 'ElderConfirmationMethod', s.elderConfirmation)}` : ''}
                </span>{' '}
                <span className="org-badge">{(s.creditedMinutes ?? 0) > 0 ? format(c.credited, { n: s.creditedMinutes ?? 0 }) : c.notCredited}</span>
              </li>
            ))}
          </ul>
        )}
      </QueryView>
    </section>
  );
}

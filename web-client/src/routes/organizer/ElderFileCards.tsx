import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from '../../api/hooks';
import { Button } from '../../components/Button';
import { SelectField, TextAreaField } from '../../components/ChoiceFields';
import { ErrorBox } from '../../components/ErrorBox';
import { Field } from '../../components/Field';
import { QueryView } from '../../components/QueryView';
import {
  OrganizerChangeElderStatusDocument,
  OrganizerElderStatusDocument,
  OrganizerRecordElderReviewDocument,
  type OrganizerElderStatusQuery,
  type ServiceStatus,
} from '../../gql/graphql';
import { format, useLang, useT } from '../../i18n';
import { enumLabel, enumValues } from './labels';
import { districtToday } from './util';
import './messages';

/* GraphQL */ `
  query OrganizerElderStatus($id: String!) {
    elder(id: $id) {
      id version serviceStatus serviceStatusSince nextReviewDue
      statusHistory { status effectiveOn note }
      reviews { id reviewedOn reviewer note }
    }
  }

  mutation OrganizerChangeElderStatus($id: String!, $version: Int!, $status: ServiceStatus!, $effectiveOn: LocalDate!, $note: String) {
    changeElderStatus(id: $id, version: $version, status: $status, effectiveOn: $effectiveOn, note: $note) { id version }
  }

  mutation OrganizerRecordElderReview($id: String!, $reviewedOn: LocalDate!, $reviewer: String!, $note: String) {
    recordElderReview(id: $id, reviewedOn: $reviewedOn, reviewer: $reviewer, note: $note) { id }
  }
`;

/**
 * 服务状态 and 半年复核 of one elder, on the elder's page: change the status from a day (a
 * refusal with its written note), record a half-yearly review; each with its history.
 */
export function ElderStatusAndReview({ id, onChange }: { id: string; onChange: () => void }) {
  const status = useQuery(OrganizerElderStatusDocument, { id });
  const changed = () => {
    void status.refetch();
    onChange();
  };
  return (
    <QueryView query={status} isEmpty={(d) => d.elder == null}>
      {(d) => (
        <>
          <StatusCard elder={d.elder!} onDone={changed} />
          <ReviewCard elder={d.elder!} onDone={changed} />
        </>
      )}
    </QueryView>
  );
}

type ElderStatus = NonNullable<OrganizerElderStatusQuery['elder']>;

function StatusCard({ elder, onDone }: { elder: ElderStatus; onDone: () => void }) {
  const t = useT();
  const m = t.organizer.elderFile;
  const { lang } = useLang();
  const [next, setNext] = useState<'' | ServiceStatus>('');
  const [effectiveOn, setEffectiveOn] = useState(districtToday());
  const [note, setNote] = useState('');
  const [local, setLocal] = useState<{ status?: string; note?: string }>({});
  const [saved, setSaved] = useState(false);
  const [change, state] = useMutation(OrganizerChangeElderStatusDocument);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    const problems = {
      status: next === '' ? m.required : undefined,
      note: next === 'REFUSED' && !note.trim() ? m.statusNoteRequired : undefined,
    };
    setLocal(problems);
    if (next === '' || problems.note) return;
    const data = await change({ id: elder.id, version: elder.version, status: next, effectiveOn, note: note.trim() || null });
    if (data) {
      setSaved(true);
      setNote('');
      setNext('');
      onDone();
    }
  };
  return (
    <section className="org-card" aria-labelledby="status-title" data-testid="status-card">
      <h2 id="status-title">{m.statusTitle}</h2>
      <p data-testid="status-now">
        {format(m.statusNow, { status: enumLabel(lang, 'ServiceStatus', elder.serviceStatus), since: elder.serviceStatusSince })}
      </p>
      <form className="ef-status-form" onSubmit={(e) => void submit(e)} noValidate>
        <SelectField label={m.statusNew} name="status" value={next} onChange={(e) => setNext(e.target.value as '' | ServiceStatus)} error={state.error} localError={local.status}>
          <option value="">—</option>
          {enumValues('ServiceStatus')
            .filter((s) => s !== elder.serviceStatus)
            .map((s) => (
              <option key={s} value={s}>{enumLabel(lang, 'ServiceStatus', s)}</option>
            ))}
        </SelectField>
        <Field label={m.statusEffectiveOn} name="effectiveOn" type="date" value={effectiveOn} onChange={(e) => setEffectiveOn(e.target.value)} error={state.error} />
        <TextAreaField
          label={next === 'REFUSED' ? `${m.statusNote}（${m.required}）` : m.statusNote}
          name="note"
          value={note}
          onChange={(e) => setNote(e.target.value)}
          error={state.error}
          localError={local.note}
          hint={m.statusNoteHint}
        />
        <ErrorBox error={state.error} fieldNames={['status', 'effectiveOn', 'note']} />
        <Button type="submit" busy={state.loading}>{m.statusSubmit}</Button>
        {saved ? <p role="status" className="org-note">{m.statusSaved}</p> : null}
      </form>
      <h3>{m.statusHistory}</h3>
      <ul className="org-list" data-testid="status-history">
        {[...elder.statusHistory].reverse().map((s, i) => (
          <li key={i}>
            {s.effectiveOn} · {enumLabel(lang, 'ServiceStatus', s.status)}
            {s.note ? <span className="org-muted">（{s.note}）</span> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

function ReviewCard({ elder, onDone }: { elder: ElderStatus; onDone: () => void }) {
  const t = useT();
  const m = t.organizer.elderFile;
  const [reviewedOn, setReviewedOn] = useState(districtToday());
  const [reviewer, setReviewer] = useState('');
  const [note, setNote] = useState('');
  const [local, setLocal] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [record, state] = useMutation(OrganizerRecordElderReviewDocument);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    if (!reviewer.trim()) {
      setLocal(m.reviewRequired);
      return;
    }
    setLocal(null);
    const data = await record({ id: elder.id, reviewedOn, reviewer: reviewer.trim(), note: note.trim() || null });
    if (data) {
      setSaved(true);
      setNote('');
      onDone();
    }
  };
  return (
    <section className="org-card" aria-labelledby="review-title" data-testid="review-card">
      <h2 id="review-title">{m.reviewTitle}</h2>
      <p data-testid="next-review">{format(m.reviewNextDue, { date: elder.nextReviewDue })}</p>
      <form className="ef-review-form" onSubmit={(e) => void submit(e)} noValidate>
        <Field label={m.reviewedOn} name="reviewedOn" type="date" value={reviewedOn} onChange={(e) => setReviewedOn(e.target.value)} error={state.error} />
        <Field label={m.reviewer} name="reviewer" value={reviewer} onChange={(e) => setReviewer(e.target.value)} error={state.error} localError={local} />
        <TextAreaField label={m.reviewNote} name="note" value={note} onChange={(e) => setNote(e.target.value)} error={state.error} />
        <ErrorBox error={state.error} fieldNames={['reviewedOn', 'reviewer', 'note']} />
        <Button type="submit" busy={state.loading}>{m.reviewSubmit}</Button>
        {saved ? <p role="status" className="org-note">{m.reviewSaved}</p> : null}
      </form>
      {elder.reviews.length === 0 ? (
        <p className="org-muted">{m.reviewNone}</p>
      ) : (
        <ul className="org-list" data-testid="review-history">
          {[...elder.reviews].reverse().map((r) => (
            <li key={r.id}>
              {r.reviewedOn} · {r.reviewer}
              {r.note ? <span className="org-muted">（{r.note}）</span> : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

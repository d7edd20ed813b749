import { useState } from 'react';
import { useMutation, useQuery } from '../../api/hooks';
import { Button } from '../../components/Button';
import { ErrorBox } from '../../components/ErrorBox';
import { Field } from '../../components/Field';
import { QueryView } from '../../components/QueryView';
import {
  OrganizerCommendVolunteerDocument,
  OrganizerEvaluateVolunteerDocument,
  OrganizerRecordTrainingDocument,
  OrganizerVolunteerRecordDocument,
  type Grade,
} from '../../gql/graphql';
import { format, useT } from '../../i18n';
import './messages';

/* GraphQL */ `
  mutation OrganizerRecordTraining($input: TrainingSessionInput!) {
    recordTrainingSession(input: $input) { id topic heldOn minutes place office }
  }
  query OrganizerVolunteerRecord($id: String!) {
    volunteerRecord(visitorId: $id) {
      trainingRequired trained
      trainings { id topic heldOn minutes place office }
      commendations { id title awardedOn reason office }
      evaluations { id period gradeLabel comment office }
    }
  }
  mutation OrganizerCommendVolunteer($id: String!, $title: String!, $on: LocalDate!, $reason: String) {
    commendVolunteer(visitorId: $id, title: $title, awardedOn: $on, reason: $reason) { id }
  }
  mutation OrganizerEvaluateVolunteer($id: String!, $period: String!, $grade: Grade!, $comment: String) {
    evaluateVolunteer(visitorId: $id, period: $period, grade: $grade, comment: $comment) { id }
  }
`;

/** Today in Beijing, `YYYY-MM-DD`. */
function today(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** The periods an evaluation may be for: this half-year, this year, the half-year before. */
function periods(): { code: string; label: string }[] {
  const [y, m] = today().split('-').map(Number) as [number, number];
  const half = m <= 6 ? 1 : 2;
  const before = half === 1 ? { y: y - 1, h: 2 } : { y, h: 1 };
  const halfLabel = (year: number, h: number) => `${year}年${h === 1 ? '上' : '下'}半年`;
  return [
    { code: `${y}-H${half}`, label: halfLabel(y, half) },
    { code: `${y}`, label: `${y}年` },
    { code: `${before.y}-H${before.h}`, label: halfLabel(before.y, before.h) },
  ];
}

const GRADES: Grade[] = ['EXCELLENT', 'GOOD', 'PASS', 'FAIL'];

/** 登记培训 — a session the office held, attendees ticked in the list of the town's visitors. */
export function RecordTrainingForm({ visitors, onDone, onCancel }: {
  visitors: { id: string; displayName: string }[];
  onDone: (message: string) => void;
  onCancel: () => void;
}) {
  const t = useT();
  const tr = t.organizer.training;
  const [record, state] = useMutation(OrganizerRecordTrainingDocument);
  const [topic, setTopic] = useState('');
  const [heldOn, setHeldOn] = useState(today());
  const [minutes, setMinutes] = useState('90');
  const [place, setPlace] = useState('');
  const [note, setNote] = useState('');
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const toggle = (id: string) =>
    setPicked((p) => {
      const next = new Set(p);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  return (
    <form
      className="org-card org-training-form"
      data-testid="training-form"
      onSubmit={(e) => {
        e.preventDefault();
        void record({
          input: { topic, heldOn, minutes: Number(minutes) || 0, place, note: note || null, attendeeIds: [...picked] },
        }).then((ok) => {
          if (ok === undefined) return;
          onDone(format(tr.recorded, { topic: ok.recordTrainingSession.topic, n: picked.size }));
        });
      }}
    >
      <h2>{tr.record}</h2>
      <p className="org-muted">{tr.recordHint}</p>
      <Field label={tr.topic} name="topic" value={topic} onChange={(e) => setTopic(e.target.value)} error={state.error} />
      <Field label={tr.heldOn} name="heldOn" type="date" value={heldOn} max={today()} onChange={(e) => setHeldOn(e.target.value)} error={state.error} />
      <Field label={tr.minutes} name="minutes" type="number" min={1} max={720} value={minutes} onChange={(e) => setMinutes(e.target.value)} error={state.error} />
      <Field label={tr.place} name="place" value={place} onChange={(e) => setPlace(e.target.value)} error={state.error} />
      <Field label={tr.note} name="note" value={note} onChange={(e) => setNote(e.target.value)} error={state.error} />
      <fieldset className="org-training-attendees">
        <legend>{format(tr.attendees, { n: picked.size })}</legend>
        {visitors.length === 0 ? <p className="org-muted">{tr.noVisitors}</p> : null}
        {visitors.map((v) => (
          <label key={v.id}>
            <input type="checkbox" checked={picked.has(v.id)} onChange={() => toggle(v.id)} /> {v.displayName}
          </label>
        ))}
      </fieldset>
      <ErrorBox error={state.error} fieldNames={['topic', 'heldOn', 'minutes', 'place', 'note']} />
      <div className="org-vol-actions">
        <Button type="submit" busy={state.loading}>{tr.save}</Button>
        <Button variant="secondary" onClick={onCancel}>{t.organizer.volCancel}</Button>
      </div>
    </form>
  );
}

/** 培训、表彰、评价 — one visitor's record, with a commendation and an evaluation to add. */
export function VolunteerRecordPanel({ visitorId, name }: { visitorId: string; name: string }) {
  const t = useT();
  const tr = t.organizer.training;
  const record = useQuery(OrganizerVolunteerRecordDocument, { id: visitorId });
  const [commend, commending] = useMutation(OrganizerCommendVolunteerDocument);
  const [evaluate, evaluating] = useMutation(OrganizerEvaluateVolunteerDocument);
  const [title, setTitle] = useState('');
  const [awardedOn, setAwardedOn] = useState(today());
  const [reason, setReason] = useState('');
  const choices = periods();
  const [period, setPeriod] = useState(choices[0]?.code ?? '');
  const [grade, setGrade] = useState<Grade>('GOOD');
  const [comment, setComment] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  return (
    <div className="org-training-record" data-testid="volunteer-record">
      <QueryView query={record}>
        {(d) => {
          const r = d.volunteerRecord;
          return (
            <>
              <p className={r.trained ? 'org-muted' : 'org-note'}>
                {r.trained ? format(tr.trainedTimes, { n: r.trainings.length }) : r.trainingRequired ? tr.untrainedRequired : tr.untrained}
              </p>
              {r.trainings.length > 0 ? (
                <ul className="org-training-list">
                  {r.trainings.map((s) => (
                    <li key={s.id}>{s.heldOn} · {s.topic} · {format(tr.minutesShort, { n: s.minutes })} · {s.place} · {s.office}</li>
                  ))}
                </ul>
              ) : null}
              <h3>{tr.commendations}</h3>
              {r.commendations.length === 0 ? <p className="org-muted">{tr.none}</p> : (
                <ul className="org-training-list">
                  {r.commendations.map((c) => (
                    <li key={c.id}>{c.awardedOn} · {c.title}{c.reason ? `（${c.reason}）` : ''} · {c.office}</li>
                  ))}
                </ul>
              )}
              <h3>{tr.evaluations}</h3>
              {r.evaluations.length === 0 ? <p className="org-muted">{tr.none}</p> : (
                <ul className="org-training-list">
                  {r.evaluations.map((e) => (
                    <li key={e.id}>{e.period} · {e.gradeLabel}{e.comment ? `（${e.comment}）` : ''} · {e.office}</li>
                  ))}
                </ul>
              )}
            </>
          );
        }}
      </QueryView>
      {notice ? <p role="status" className="org-note">{notice}</p> : null}
      <form
        className="org-vol-reason"
        onSubmit={(e) => {
          e.preventDefault();
          void commend({ id: visitorId, title, on: awardedOn, reason: reason || null }).then((ok) => {
            if (ok === undefined) return;
            setNotice(format(tr.commended, { name }));
            setTitle('');
            setReason('');
            void record.refetch();
          });
        }}
      >
        <Field label={tr.title} name="title" value={title} placeholder={tr.titleExample} onChange={(e) => setTitle(e.target.value)} error={commending.error} />
        <Field label={tr.awardedOn} name="awardedOn" type="date" value={awardedOn} max={today()} onChange={(e) => setAwardedOn(e.target.value)} error={commending.error} />
        <Field label={tr.reason} name="reason" value={reason} onChange={(e) => setReason(e.target.value)} error={commending.error} />
        <Button type="submit" variant="secondary" busy={commending.loading}>{tr.commend}</Button>
      </form>
      <ErrorBox error={commending.error} fieldNames={['title', 'awardedOn', 'reason']} />
      <form
        className="org-vol-reason"
        onSubmit={(e) => {
          e.preventDefault();
          void evaluate({ id: visitorId, period, grade, comment: comment || null }).then((ok) => {
            if (ok === undefined) return;
            setNotice(format(tr.evaluated, { name }));
            setComment('');
            void record.refetch();
          });
        }}
      >
        <div className="field">
          <label htmlFor={`period-${visitorId}`}>{tr.period}</label>
          <select id={`period-${visitorId}`} value={period} onChange={(e) => setPeriod(e.target.value)}>
            {choices.map((p) => <option key={p.code} value={p.code}>{p.label}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`grade-${visitorId}`}>{tr.grade}</label>
          <select id={`grade-${visitorId}`} value={grade} onChange={(e) => setGrade(e.target.value as Grade)}>
            {GRADES.map((g) => <option key={g} value={g}>{tr.grades[g]}</option>)}
          </select>
        </div>
        <Field label={tr.comment} name="comment" value={comment} onChange={(e) => setComment(e.target.value)} error={evaluating.error} />
        <Button type="submit" variant="secondary" busy={evaluating.loading}>{tr.evaluate}</Button>
      </form>
      <ErrorBox error={evaluating.error} fieldNames={['comment']} />
    </div>
  );
}

import { useState, type FormEvent } from 'react';
import { request } from '../../api/client';
import { toApiError, type ApiError } from '../../api/errors';
import { useQuery } from '../../api/hooks';
import { Button } from '../../components/Button';
import { TextAreaField } from '../../components/ChoiceFields';
import { Empty } from '../../components/Empty';
import { ErrorBox } from '../../components/ErrorBox';
import { Field } from '../../components/Field';
import { QueryView } from '../../components/QueryView';
import {
  MyServiceRecordDocument,
  RequestServiceCorrectionDocument,
  type MyServiceRecordQuery,
} from '../../gql/graphql';
import { format, useT } from '../../i18n';
import { hours } from '../../components/hours';
import { beijingToday, shortBeijing } from './time';
import { parseMinutes } from './TimeBankActions';
import './messages';

/* GraphQL */ `
  query MyServiceRecord($from: LocalDate!, $to: LocalDate!) {
    myServiceRecord(from: $from, to: $to) {
      recordId at place mode coVisit careKind content minutes organiser mayCorrect
      correction { id status requestedMinutes decisionReason }
    }
  }
  mutation RequestServiceCorrection($recordId: String!, $minutes: Int!, $reason: String!) {
    requestServiceCorrection(recordId: $recordId, minutes: $minutes, reason: $reason) { id status }
  }
`;

type Entry = MyServiceRecordQuery['myServiceRecord'][number];

/** 申请更正 — the visitor asks the organiser to correct a visit's minutes, saying why. */
function CorrectionForm({ recordId, minutes, onDone }: { recordId: string; minutes: number; onDone: () => void }) {
  const t = useT();
  const c = t.volunteer.record.correction;
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState({ minutes: String(Math.round(minutes)), reason: '' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [missing, setMissing] = useState<string[]>([]);
  if (!open) {
    return (
      <Button variant="secondary" block onClick={() => setOpen(true)}>
        {c.ask}
      </Button>
    );
  }
  async function send(e: FormEvent) {
    e.preventDefault();
    const m = parseMinutes(form.minutes);
    const empty = [...(m === null ? ['minutes'] : []), ...(form.reason.trim() ? [] : ['reason'])];
    setMissing(empty);
    setError(null);
    if (m === null || empty.length > 0) return;
    setBusy(true);
    try {
      await request(RequestServiceCorrectionDocument, { recordId, minutes: m, reason: form.reason.trim() });
      setOpen(false);
      onDone();
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <form className="v-form" onSubmit={(e) => void send(e)} noValidate>
      <Field
        label={c.minutes}
        name="minutes"
        inputMode="numeric"
        value={form.minutes}
        onChange={(e) => setForm((f) => ({ ...f, minutes: e.target.value }))}
        error={error}
        localError={missing.includes('minutes') ? t.volunteer.timeBank.minutesInvalid : null}
      />
      <TextAreaField
        label={c.reason}
        name="reason"
        value={form.reason}
        onChange={(e) => setForm((f) => ({ ...f, reason: e.target.value }))}
        error={error}
        localError={missing.includes('reason') ? t.volunteer.required : null}
      />
      {error && error.fields.length === 0 ? <ErrorBox error={error} /> : null}
      <Button type="submit" block busy={busy}>
        {c.send}
      </Button>
      <Button variant="secondary" block onClick={() => setOpen(false)}>
        {c.cancel}
      </Button>
    </form>
  );
}

function EntryItem({ entry, onChanged }: { entry: Entry; onChanged: () => void }) {
  const t = useT();
  const r = t.volunteer.record;
  const what = entry.mode
    ? `${t.volunteer.modes[entry.mode]}${entry.coVisit ? r.coVisit : ''}`
    : entry.careKind
      ? r.careKinds[entry.careKind]
      : entry.content;
  const correction = entry.correction;
  return (
    <li className="v-card v-service" data-testid="service-entry">
      <div className="v-slot-head">
        <strong>{what}</strong>
        <span className="v-muted">{shortBeijing(entry.at)}</span>
      </div>
      <p className="v-meta">
        <span>{r.place}：{entry.place}</span>
        <span>{r.organiser}：{entry.organiser}</span>
        <strong>{format(r.minutes, { m: Math.round(entry.minutes) })}</strong>
      </p>
      {correction ? (
        <p className={correction.status === 'REFUSED' ? 'v-training-note' : 'v-muted'} data-testid="correction-status">
          {format(r.correction.status[correction.status], { m: Math.round(correction.requestedMinutes) })}
          {correction.status === 'REFUSED' && correction.decisionReason
            ? ` ${format(r.correction.refusedBecause, { reason: correction.decisionReason })}`
            : ''}
        </p>
      ) : null}
      {entry.mayCorrect && entry.recordId ? <CorrectionForm recordId={entry.recordId} minutes={entry.minutes} onDone={onChanged} /> : null}
    </li>
  );
}

/** 我的志愿服务记录 — my accepted visits and the care I gave, this year or last. */
export function MyServiceRecord() {
  const t = useT();
  const r = t.volunteer.record;
  const today = beijingToday();
  const year = Number(today.slice(0, 4));
  const [last, setLast] = useState(false);
  const period = last ? { from: `${year - 1}-01-01`, to: `${year - 1}-12-31` } : { from: `${year}-01-01`, to: today };
  const record = useQuery(MyServiceRecordDocument, period);
  return (
    <section className="v-card" data-testid="my-service-record" aria-labelledby="my-service-record-title">
      <h2 id="my-service-record-title">{r.title}</h2>
      <p className="v-muted">{r.lead}</p>
      <div className="v-toggle" role="group">
        <Button variant={last ? 'secondary' : 'primary'} aria-pressed={!last} onClick={() => setLast(false)}>
          {r.thisYear}
        </Button>
        <Button variant={last ? 'primary' : 'secondary'} aria-pressed={last} onClick={() => setLast(true)}>
          {r.lastYear}
        </Button>
      </div>
      <QueryView query={record} isEmpty={(d) => d.myServiceRecord.length === 0} empty={<Empty title={r.none} />}>
        {(d) => (
          <>
            <p>
              {format(r.count, {
                n: d.myServiceRecord.length,
                h: hours(d.myServiceRecord.reduce((sum, e) => sum + e.minutes, 0)),
              })}
            </p>
            <ul className="v-list">
              {d.myServiceRecord.map((e, i) => (
                <EntryItem key={e.recordId ?? `care-${i}`} entry={e} onChanged={() => void record.refetch()} />
              ))}
            </ul>
          </>
        )}
      </QueryView>
    </section>
  );
}

import { useState, type FormEvent } from 'react';
import { request } from '../../api/client';
import { toApiError, type ApiError } from '../../api/errors';
import { useMutation, useQuery } from '../../api/hooks';
import { Button } from '../../components/Button';
import { SelectField } from '../../components/ChoiceFields';
import { ErrorBox } from '../../components/ErrorBox';
import { Field } from '../../components/Field';
import { QueryView } from '../../components/QueryView';
import { MyCareEldersDocument, RecordMyCareServiceDocument, VolunteerIssueCodeDocument, type CareKind } from '../../gql/graphql';
import { format, useT } from '../../i18n';
import { toBeijingRfc3339 } from './time';
import { parseMinutes } from './TimeBankActions';
import { uuid } from './uuid';
import './messages';

/* GraphQL */ `
  query MyCareElders {
    myCareElders { elderId name village }
  }
  mutation RecordMyCareService($id: String!, $elderId: String!, $kind: CareKind!, $givenAt: DateTime!, $minutes: Int!, $code: String!) {
    recordMyCareService(id: $id, elderId: $elderId, kind: $kind, givenAt: $givenAt, minutes: $minutes, code: $code) {
      creditedMinutes
      created
    }
  }
`;

/** The kinds of care, in the order the seeds name them (linzi: 理发洗衣、精神慰藉、送餐). */
const KINDS: CareKind[] = ['HAIRCUT', 'LAUNDRY', 'COMFORT', 'MEALS', 'BATHING', 'ESCORT', 'HOUSEKEEPING'];

/**
 * 记录我提供的服务 — care I gave an elder I claimed or visited lately (理发, 送餐 …), confirmed by
 * the code texted to the elder that the elder reads out to me. The care is taken as just given:
 * it ended now and began `minutes` ago.
 */
export function GiveCare({ onDone }: { onDone: () => void }) {
  const t = useT();
  const g = t.volunteer.record.give;
  const elders = useQuery(MyCareEldersDocument);
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState<{ elderId: string; kind: CareKind; minutes: string; code: string }>({ elderId: '', kind: KINDS[0]!, minutes: '', code: '' });
  // Chosen when the form opens, so that a retry of the same entry records it once.
  const [id, setId] = useState(uuid);
  const [issueCode, codeState] = useMutation(VolunteerIssueCodeDocument);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [missing, setMissing] = useState<string[]>([]);
  const [done, setDone] = useState<string | null>(null);
  const set = (key: 'elderId' | 'minutes' | 'code') => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    const minutes = parseMinutes(form.minutes);
    const empty = [
      ...(form.elderId ? [] : ['elderId']),
      ...(minutes === null ? ['minutes'] : []),
      ...(form.code.trim() ? [] : ['code']),
    ];
    setMissing(empty);
    setError(null);
    if (minutes === null || empty.length > 0) return;
    setBusy(true);
    try {
      const givenAt = toBeijingRfc3339(new Date(Date.now() - minutes * 60_000));
      const data = await request(RecordMyCareServiceDocument, { id, elderId: form.elderId, kind: form.kind, givenAt, minutes, code: form.code.trim() });
      const credited = data.recordMyCareService.creditedMinutes;
      setDone(format(g.done, { kind: t.volunteer.record.careKinds[form.kind], m: minutes }) + (credited > 0 ? format(g.credited, { m: Math.round(credited) }) : ''));
      setOpen(false);
      setForm({ elderId: '', kind: KINDS[0]!, minutes: '', code: '' });
      setId(uuid());
      onDone();
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  }

  const codeError = codeState.error ?? null;
  return (
    <section className="v-card" data-testid="give-care" aria-labelledby="give-care-title">
      <h2 id="give-care-title">{g.title}</h2>
      <p className="v-muted">{g.lead}</p>
      {done ? <p role="status">{done}</p> : null}
      <QueryView query={elders} isEmpty={(d) => d.myCareElders.length === 0} empty={<p className="v-muted">{g.noElders}</p>}>
        {(d) =>
          !open ? (
            <Button variant="secondary" block onClick={() => { setOpen(true); setDone(null); }}>
              {g.open}
            </Button>
          ) : (
            <form className="v-form" onSubmit={(e) => void submit(e)} noValidate>
              <SelectField label={g.elder} name="elderId" value={form.elderId} onChange={set('elderId')} error={error ?? codeError} localError={missing.includes('elderId') ? t.volunteer.required : null}>
                <option value="">—</option>
                {d.myCareElders.map((e) => (
                  <option key={e.elderId} value={e.elderId}>
                    {e.village} {e.name}
                  </option>
                ))}
              </SelectField>
              <SelectField label={g.kind} name="kind" value={form.kind} onChange={(e) => setForm((f) => ({ ...f, kind: e.target.value as CareKind }))} error={error}>
                {KINDS.map((k) => (
                  <option key={k} value={k}>
                    {t.volunteer.record.careKinds[k]}
                  </option>
                ))}
              </SelectField>
              <Field label={g.minutes} name="minutes" inputMode="numeric" value={form.minutes} onChange={set('minutes')} error={error} localError={missing.includes('minutes') ? t.volunteer.timeBank.minutesInvalid : null} />
              <Button variant="secondary" block busy={codeState.loading} disabled={!form.elderId} onClick={() => void issueCode({ elderId: form.elderId })}>
                {g.sendCode}
              </Button>
              {codeState.data ? <p className="v-muted" role="status">{format(g.codeSent, { to: codeState.data.issueElderCode.sentTo })}</p> : null}
              <Field label={g.code} name="code" inputMode="numeric" autoComplete="one-time-code" value={form.code} onChange={set('code')} error={error} localError={missing.includes('code') ? t.volunteer.required : null} />
              {error && error.fields.length === 0 ? <ErrorBox error={error} /> : null}
              <Button type="submit" block busy={busy}>
                {g.submit}
              </Button>
              <Button variant="secondary" block onClick={() => setOpen(false)}>
                {g.cancel}
              </Button>
            </form>
          )
        }
      </QueryView>
    </section>
  );
}

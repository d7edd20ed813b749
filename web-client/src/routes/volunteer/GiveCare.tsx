import { useState, type FormEvent } from 'react';
import { request } from '../../api/client';
import { toApiError, type ApiError } from '../../api/errors';
import { useMutation, useQuery } from '../../api/hooks';
import { Button } from '../../components/Button';
import { SelectField } from '../../components/ChoiceFields';
import { ErrorBox } from '../../components/ErrorBox';
import { Field } from '../../components/Field';
import { QueryView } from '../../components/QueryView';
import { careInput, careLabel, careOptions } from '../../components/careKinds';
import { MyCareEldersDocument, MyCareKindsDocument, RecordMyCareServiceDocument, VolunteerIssueCodeDocument, type CareKind } from '../../gql/graphql';
import { format, localMessage, useLang, useT } from '../../i18n';
import { toBeijingRfc3339 } from './time';
import { parseMinutes } from './TimeBankActions';
import { uuid } from './uuid';
import './messages';

/* GraphQL */ `
  query MyCareElders {
    myCareElders { elderId name village }
  }
  query MyCareKinds($elderId: String!) {
    careKinds(elderId: $elderId) { kind otherKind name earnsTime }
  }
  mutation RecordMyCareService(
    $id: String!, $elderId: String!, $kind: CareKind, $otherKind: String, $givenAt: DateTime!, $minutes: Int!, $code: String!
  ) {
    recordMyCareService(id: $id, elderId: $elderId, kind: $kind, otherKind: $otherKind, givenAt: $givenAt, minutes: $minutes, code: $code) {
      creditedMinutes
      created
    }
  }
`;

/**
 * The platform's kinds of care, in the order the seeds name them (linzi: 理发洗衣、精神慰藉、送餐),
 * offered until the elder is chosen; then the server's kinds for the elder (the pack of the
 * elder's district may list more).
 */
const KINDS: CareKind[] = ['HAIRCUT', 'LAUNDRY', 'COMFORT', 'MEALS', 'BATHING', 'ESCORT', 'HOUSEKEEPING'];
/** The picker's first value (components/careKinds). */
const FIRST = `kind:${KINDS[0]!}`;

/**
 * 记录我提供的服务 — care I gave an elder I claimed or visited lately (理发, 送餐 …), confirmed by
 * the code texted to the elder that the elder reads out to me. The care is taken as just given:
 * it ended now and began `minutes` ago.
 */
export function GiveCare({ onDone }: { onDone: () => void }) {
  const t = useT();
  const { lang } = useLang();
  const g = t.volunteer.record.give;
  const elders = useQuery(MyCareEldersDocument);
  const [open, setOpen] = useState(false);
  // `kind` is the picker's value: a platform kind or a kind the pack lists.
  const [form, setForm] = useState<{ elderId: string; kind: string; minutes: string; code: string }>({ elderId: '', kind: FIRST, minutes: '', code: '' });
  const kinds = useQuery(MyCareKindsDocument, { elderId: form.elderId }, { skip: !form.elderId });
  const offered = form.elderId ? kinds.data?.careKinds : undefined;
  const options = careOptions(offered, KINDS, (k) => t.volunteer.record.careKinds[k]);
  const chosen = offered ? options.find((o) => o.value === form.kind) : undefined;
  // Chosen when the form opens, so that a retry of the same entry records it once.
  const [id, setId] = useState(uuid);
  const [issueCode, codeState] = useMutation(VolunteerIssueCodeDocument);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [missing, setMissing] = useState<string[]>([]);
  const [done, setDone] = useState<string | null>(null);
  const set = (key: 'minutes' | 'code') => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value }));

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
      const data = await request(RecordMyCareServiceDocument, { id, elderId: form.elderId, ...careInput(form.kind), givenAt, minutes, code: form.code.trim() });
      const credited = data.recordMyCareService.creditedMinutes;
      setDone(format(g.done, { kind: careLabel(form.kind, options), m: minutes }) + (credited > 0 ? format(g.credited, { m: Math.round(credited) }) : ''));
      setOpen(false);
      setForm({ elderId: '', kind: FIRST, minutes: '', code: '' });
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
              <SelectField
                label={g.elder}
                name="elderId"
                value={form.elderId}
                // Another elder may live in a district whose pack lists other kinds.
                onChange={(e) => setForm((f) => ({ ...f, elderId: e.target.value, kind: f.kind.startsWith('kind:') ? f.kind : FIRST }))}
                error={error ?? codeError} localError={missing.includes('elderId') ? t.volunteer.required : null}>
                <option value="">—</option>
                {d.myCareElders.map((e) => (
                  <option key={e.elderId} value={e.elderId}>
                    {e.village} {e.name}
                  </option>
                ))}
              </SelectField>
              <SelectField
                label={g.kind}
                name="kind"
                value={form.kind}
                onChange={(e) => setForm((f) => ({ ...f, kind: e.target.value }))}
                error={error}
                // A kind the pack does not list is refused on `otherKind`: shown on the picker.
                localError={error?.fieldError('otherKind') ? localMessage(error.fieldError('otherKind')!.message, lang) : null}
                hint={chosen ? (chosen.earnsTime ? g.kindEarnsTime : g.kindRecordedOnly) : undefined}
              >
                {options.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
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

import { useState, type FormEvent } from 'react';
import { useSession } from '../../api/auth';
import { useMutation, useQuery } from '../../api/hooks';
import { Button } from '../../components/Button';
import { Empty } from '../../components/Empty';
import { ErrorBox } from '../../components/ErrorBox';
import { Field } from '../../components/Field';
import { Page } from '../../components/Page';
import { QueryView } from '../../components/QueryView';
import {
  DistrictConcludeSpotCheckDocument,
  DistrictDrawSpotChecksDocument,
  DistrictSpotChecksDocument,
  type DistrictSpotChecksQuery,
  type SpotCheckOutcome,
} from '../../gql/graphql';
import { format, useT } from '../../i18n';
import { dateTimeInChina, monthOf, todayInChina } from './dates';
import { SelectField } from '../../components/ChoiceFields';
import './messages';

/* GraphQL */ `
  fragment DistrictSpotCheck on SpotCheck {
    id
    month
    visitorId
    outcome
    note
    record {
      id
      elderId
      villageCode
      visitorId
      visitNo
      startedAt
      durationMinutes
      mode
      status
      body
      signals {
        kind
        detail
      }
    }
  }
  query DistrictSpotChecks($month: String!, $districtCode: String!) {
    spotCheckSample(month: $month) {
      ...DistrictSpotCheck
    }
    area(code: $districtCode) {
      children {
        code
        name
        children {
          code
          name
        }
      }
    }
  }
  mutation DistrictDrawSpotChecks($month: String!, $perVisitor: Int!) {
    drawSpotChecks(month: $month, perVisitor: $perVisitor) {
      id
    }
  }
  mutation DistrictConcludeSpotCheck($id: String!, $outcome: SpotCheckOutcome!, $note: String) {
    concludeSpotCheck(id: $id, outcome: $outcome, note: $note) {
      ...DistrictSpotCheck
    }
  }
`;

type Check = DistrictSpotChecksQuery['spotCheckSample'][number];

/** The visitor's name from a record in the shared format (`visitor.name`). */
function visitorName(body: string | null | undefined): string | null {
  if (!body) return null;
  try {
    const parsed = JSON.parse(body) as { visitor?: { name?: unknown } };
    return typeof parsed.visitor?.name === 'string' ? parsed.visitor.name : null;
  } catch {
    return null;
  }
}
const OUTCOMES: SpotCheckOutcome[] = ['CONFIRMED', 'QUESTIONABLE', 'FALSE'];

function ConcludeForm({ check, onDone }: { check: Check; onDone: () => void }) {
  const t = useT();
  const [outcome, setOutcome] = useState<SpotCheckOutcome | ''>('');
  const [note, setNote] = useState('');
  const [conclude, state] = useMutation(DistrictConcludeSpotCheckDocument);
  const [localError, setLocalError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!outcome) {
      setLocalError(t.district.chooseOutcome);
      return;
    }
    setLocalError(null);
    if (await conclude({ id: check.id, outcome, note: note.trim() || null })) onDone();
  };
  const err = state.error ?? null;
  return (
    <form className="district-inline-form" onSubmit={(e) => void submit(e)} aria-label={`${t.district.record} #${check.record.visitNo}`}>
      <div className="desk-grid">
        <SelectField label={t.district.outcome} name="outcome" value={outcome} onChange={(e) => setOutcome(e.target.value as SpotCheckOutcome)} error={err} localError={localError}>
          <option value="">{t.district.chooseOutcome}</option>
          {OUTCOMES.map((o) => (
            <option key={o} value={o}>
              {t.district.spotOutcome[o]}
            </option>
          ))}
        </SelectField>
        <Field label={t.district.note} name="note" value={note} onChange={(e) => setNote(e.target.value)} hint={t.district.noteHint} error={err} />
      </div>
      <ErrorBox error={state.error} fieldNames={['outcome', 'note']} />
      <Button type="submit" busy={state.loading}>
        {t.district.conclude}
      </Button>
    </form>
  );
}

/** 抽查 — draw the month's sample of records, then record what checking each one found. */
export function SpotChecksPage() {
  const t = useT();
  const [month, setMonth] = useState(monthOf(todayInChina()));
  const valid = /^\d{4}-\d{2}$/.test(month);
  const district = useSession()?.account.areaCode ?? '';
  const query = useQuery(DistrictSpotChecksDocument, { month, districtCode: district }, { skip: !valid || !district });
  const [perVisitor, setPerVisitor] = useState('2');
  const [draw, drawState] = useMutation(DistrictDrawSpotChecksDocument);
  const [drawnEmpty, setDrawnEmpty] = useState(false);
  const submitDraw = async (e: FormEvent) => {
    e.preventDefault();
    setDrawnEmpty(false);
    const done = await draw({ month, perVisitor: perVisitor.trim() === '' ? 0 : Math.round(Number(perVisitor)) });
    if (done) {
      setDrawnEmpty(done.drawSpotChecks.length === 0);
      void query.refetch();
    }
  };
  return (
    <Page
      title={t.district.spotChecks}
      actions={
        <label className="desk-inline-select">
          <span>{t.district.month}</span>
          <input type="month" name="month" value={month} max={monthOf(todayInChina())} onChange={(e) => e.target.value && setMonth(e.target.value)} />
        </label>
      }
    >
      <QueryView query={query}>
        {(d) => {
          const villages = new Map<string, string>();
          for (const town of d.area?.children ?? []) {
            for (const v of town.children) villages.set(v.code, `${town.name} ${v.name}`);
          }
          return (
          <>
            {d.spotCheckSample.length === 0 ? (
              <form className="desk-card" onSubmit={(e) => void submitDraw(e)} aria-label={t.district.drawTitle}>
                <h2>{t.district.drawTitle}</h2>
                <div className="desk-row">
                  <Field
                    label={t.district.perVisitor}
                    name="perVisitor"
                    type="number"
                    inputMode="numeric"
                    min={1}
                    value={perVisitor}
                    onChange={(e) => setPerVisitor(e.target.value)}
                    hint={t.district.drawHint}
                    error={drawState.error ?? null}
                  />
                  <Button type="submit" busy={drawState.loading}>
                    {t.district.draw}
                  </Button>
                </div>
                <ErrorBox error={drawState.error} fieldNames={['perVisitor']} />
                {drawnEmpty ? <p className="desk-sub" role="status">{t.district.drawnEmpty}</p> : null}
              </form>
            ) : null}
            {d.spotCheckSample.length === 0 ? (
              <Empty title={t.district.sampleEmpty} />
            ) : (
              <ul className="district-list" aria-label={t.district.spotChecks}>
                {d.spotCheckSample.map((c) => (
                  <li key={c.id} className="desk-card" data-record={c.record.id}>
                    <div className="desk-card-head district-card-head">
                      <h2>
                        {t.district.record} #{c.record.visitNo}
                      </h2>
                      <span className={`desk-tag${c.outcome ? '' : ' district-tag-muted'}`}>
                        {c.outcome ? t.district.spotOutcome[c.outcome] : t.district.pendingCheck}
                      </span>
                    </div>
                    <dl className="desk-dl">
                      <dt>{t.district.visitedAt}</dt>
                      <dd>
                        {dateTimeInChina(c.record.startedAt)} · {format(t.district.duration, { n: c.record.durationMinutes })}
                        {c.record.mode ? ` · ${t.district.visitMode[c.record.mode]}` : ''}
                      </dd>
                      <dt>{t.district.village}</dt>
                      <dd>{villages.get(c.record.villageCode) ?? c.record.villageCode}</dd>
                      <dt>{t.district.visitor}</dt>
                      <dd>{visitorName(c.record.body) ?? c.visitorId.slice(0, 8)}</dd>
                      {c.record.signals.length > 0 ? (
                        <>
                          <dt>{t.district.signals}</dt>
                          <dd>{c.record.signals.map((s) => s.detail).join('；')}</dd>
                        </>
                      ) : null}
                      {c.outcome && c.note ? (
                        <>
                          <dt>{t.district.note}</dt>
                          <dd>{c.note}</dd>
                        </>
                      ) : null}
                    </dl>
                    {c.outcome ? null : <ConcludeForm check={c} onDone={() => void query.refetch()} />}
                  </li>
                ))}
              </ul>
            )}
          </>
          );
        }}
      </QueryView>
    </Page>
  );
}

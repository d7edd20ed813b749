import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { request } from '../../api/client';
import { ApiError, type FieldProblem } from '../../api/errors';
import { useMutation } from '../../api/hooks';
import { useSession } from '../../api/auth';
import { Button } from '../../components/Button';
import { Empty } from '../../components/Empty';
import { ErrorBox } from '../../components/ErrorBox';
import { Field } from '../../components/Field';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import {
  VolunteerDraftsDocument,
  VolunteerFormScalesDocument,
  VolunteerIssueCodeDocument,
  VolunteerSaveDraftDocument,
  VolunteerScheduleDocument,
  type VisitMode,
} from '../../gql/graphql';
import { format, localMessage, useLang, useT } from '../../i18n';
import { useCachedQuery } from './cache';
import { idbGet, idbPut } from './idb';
import { shrinkPhoto } from './images';
import { OfflineNote } from './OfflineNote';
import { enqueue, outboxItems, send, useOutbox, type OutboxItem, type StoredPhoto, type SubmitAnswer } from './outbox';
import {
  checkForm,
  formKeyOf,
  GRADED,
  NEED_CODES,
  newVisitForm,
  REFERRAL_TARGETS,
  SATISFACTION,
  SCALE_VALUES,
  TEXT_LIMITS,
  clip,
  textLength,
  type GradedSection,
  type NeedCode,
  type Scale,
  type TriState,
  type VisitFormState,
} from './record';
import { SignaturePad } from './SignaturePad';
import { shortBeijing, toBeijingInput, toBeijingRfc3339 } from './time';
import { uuid } from './uuid';
import './messages';

/* GraphQL */ `
  query VolunteerFormScales($slotId: String!) {
    visitFormScales(slotId: $slotId) {
      item
      scale
    }
  }
  query VolunteerDrafts {
    myRecordDrafts {
      submissionId
      elderId
      slotId
      body
      version
      updatedAt
    }
  }
  mutation VolunteerSaveDraft($submissionId: String!, $elderId: String!, $slotId: String, $body: String!, $version: Int) {
    saveRecordDraft(submissionId: $submissionId, elderId: $elderId, slotId: $slotId, body: $body, version: $version) {
      submissionId
      version
      updatedAt
    }
  }
  mutation VolunteerIssueCode($elderId: String!) {
    issueElderCode(elderId: $elderId) {
      sentTo
      expiresAt
    }
  }
`;

/** What the phone keeps of a visit being written (IndexedDB `drafts`, keyed by slot). */
interface Draft {
  slotId: string;
  state: VisitFormState;
  photos: StoredPhoto[];
  signature: Blob | null;
  serverVersion?: number;
}

const ALL_MODES: VisitMode[] = ['IN_PERSON', 'PHONE', 'VIDEO', 'REMOTE_MONITORING', 'OTHER'];

type Msgs = ReturnType<typeof useT>['volunteer'];
const ITEM_LABEL: Record<string, keyof Msgs> = {
  'health.expression': 'expression',
  'health.mobility': 'mobility',
  'health.reaction': 'reaction',
  'health.illness': 'illness',
  'health.selfCare': 'selfCare',
  'mental.mood': 'mood',
  'mental.thinking': 'thinking',
  'mental.stress': 'stress',
  'safety.gas': 'gas',
  'safety.heating': 'heating',
  'safety.electricity': 'electricity',
  'safety.housing': 'housing',
  'safety.fire': 'fire',
  'safety.food': 'food',
  'safety.epidemic': 'epidemic',
  'hygiene.personal': 'hygienePersonal',
  'hygiene.household': 'hygieneHousehold',
  'hygiene.surroundings': 'hygieneSurroundings',
  'environment.indoor': 'indoor',
  'environment.outdoor': 'outdoor',
  'environment.neighbours': 'neighbours',
};

/** Every field of the form an error can name, with its label. */
const FIELD_LABEL: Record<string, keyof Msgs> = {
  ...ITEM_LABEL,
  mode: 'mode',
  modeNote: 'modeNote',
  startedAt: 'startedAt',
  endedAt: 'endedAt',
  'household.added': 'householdAdded',
  'household.removed': 'householdRemoved',
  'household.note': 'householdNote',
  'health.illnessName': 'illnessName',
  'support.note': 'supportNote',
  'economy.difficulties': 'difficulties',
  'economy.benefits': 'benefits',
  'childrenReturn.plannedDate': 'childrenReturnDate',
  'childrenReturn.note': 'childrenReturnNote',
  needsNote: 'needsNote',
  referrals: 'referralDetail',
  problemsFound: 'problemsFound',
  servicesGiven: 'servicesGiven',
  suggestions: 'suggestions',
  'satisfaction.comment': 'satisfactionComment',
  'confirmation.elder.code': 'code',
};

/**
 * The error with each problem saying which field it is about, in words ("发现的问题：不能超过
 * 2000 个字"), for the list under the form: a field in a closed section or far up the page is
 * still named.
 */
function named(error: ApiError, t: ReturnType<typeof useT>, lang: ReturnType<typeof useLang>['lang']): ApiError {
  const fields = error.fields.map((f) => {
    const key = FIELD_LABEL[f.field];
    const label = key ? (t.volunteer[key] as string) : null;
    const message = localMessage(f.message, lang);
    return { ...f, message: label ? `${label}：${message}` : message };
  });
  return new ApiError(error.code, error.message, fields);
}

/** The message for one form key, from the API's (re-keyed) error. */
function FieldMsg({ error, name }: { error: ApiError | null; name: string }) {
  const { lang } = useLang();
  const problem = error?.fieldError(name);
  if (!problem) return null;
  return (
    <p className="field-error" role="alert" data-field-error={name}>
      {localMessage(problem.message, lang)}
    </p>
  );
}

/**
 * A section of the form that opens and closes, with a visible cue (▸ 展开 / ▾ 收起). It opens
 * by itself when the last error names one of its fields (`fields`: name prefixes).
 */
function Section({ title, open, children, testId, fields = [], error }: { title: string; open?: boolean; children: ReactNode; testId?: string; fields?: string[]; error?: ApiError | null }) {
  const t = useT();
  const [isOpen, setOpen] = useState(!!open);
  useEffect(() => {
    if (error?.fields.some((f) => fields.some((p) => f.field === p || f.field.startsWith(`${p}.`)))) setOpen(true);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [error]);
  return (
    <details className="v-section-box" open={isOpen} data-testid={testId} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        <span className="v-cue" aria-hidden="true">{isOpen ? '▾' : '▸'}</span>
        <span className="v-section-title">{title}</span>
        <span className="v-cue-text">{isOpen ? t.volunteer.collapse : t.volunteer.expand}</span>
      </summary>
      <div className="v-section-body">{children}</div>
    </details>
  );
}

/** `used/max` under a text field, e.g. 0/2000. */
function counter(value: string, max: number): string {
  return `${textLength(value)}/${max}`;
}

/** One graded item, on the scale of the district's paper form (no choice of scale here). */
function GradeRow({
  name,
  label,
  scale,
  value,
  onChange,
  error,
}: {
  name: string;
  label: string;
  scale: Scale;
  value: { scale: Scale; value: string } | undefined;
  onChange: (v: { scale: Scale; value: string } | undefined) => void;
  error: ApiError | null;
}) {
  const t = useT();
  const grades = t.volunteer.grades[scale] as Record<string, string>;
  return (
    <fieldset className={`v-grade${error?.fieldError(name) ? ' field-invalid' : ''}`} aria-label={label} data-scale={scale}>
      <legend>{label}</legend>
      <div className="v-choices">
        {SCALE_VALUES[scale].map((v) => (
          <label key={v} className="v-choice">
            <input type="radio" name={name} checked={value?.value === v && value.scale === scale} onChange={() => onChange({ scale, value: v })} />
            <span>{grades[v]}</span>
          </label>
        ))}
        <label className="v-choice v-choice-muted">
          <input type="radio" name={name} checked={!value || value.value === ''} onChange={() => onChange(undefined)} />
          <span>{t.volunteer.notAssessed}</span>
        </label>
      </div>
      <FieldMsg error={error} name={name} />
    </fieldset>
  );
}

function TriRow({ name, label, value, onChange, error }: { name: string; label: string; value: TriState; onChange: (v: TriState) => void; error: ApiError | null }) {
  const t = useT();
  const options: [TriState, string][] = [[true, t.volunteer.yes], [false, t.volunteer.no], [null, t.volunteer.unknown]];
  return (
    <fieldset className="v-grade" aria-label={label}>
      <legend>{label}</legend>
      <div className="v-choices">
        {options.map(([v, text]) => (
          <label key={String(v)} className={`v-choice${v === null ? ' v-choice-muted' : ''}`}>
            <input type="radio" name={name} checked={value === v} onChange={() => onChange(v)} />
            <span>{text}</span>
          </label>
        ))}
      </div>
      <FieldMsg error={error} name={name} />
    </fieldset>
  );
}

function TextArea({ name, label, value, onChange, error }: { name: string; label: string; value: string; onChange: (v: string) => void; error: ApiError | null }) {
  const id = `ta-${name.replace(/\W/g, '-')}`;
  const max = TEXT_LIMITS[name] ?? 1000;
  return (
    <div className={`field${error?.fieldError(name) ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <textarea id={id} name={name} rows={3} value={value} maxLength={max} aria-describedby={`${id}-count`} onChange={(e) => onChange(clip(e.target.value, max))} />
      <p id={`${id}-count`} className="field-hint v-counter" data-testid={`count-${name}`}>{counter(value, max)}</p>
      <FieldMsg error={error} name={name} />
    </div>
  );
}

/** A one-line text field of the form with its limit enforced and counted. */
function LimitedField({ name, label, value, onChange, error }: { name: string; label: string; value: string; onChange: (v: string) => void; error: ApiError | null }) {
  const max = TEXT_LIMITS[name] ?? 200;
  return <Field label={label} name={name} value={value} maxLength={max} hint={counter(value, max)} error={error} onChange={(e) => onChange(clip(e.target.value, max))} />;
}

function PhotoThumb({ blob, alt, onRemove, removeLabel }: { blob: Blob; alt: string; onRemove: () => void; removeLabel: string }) {
  const url = useMemo(() => URL.createObjectURL(blob), [blob]);
  useEffect(() => () => URL.revokeObjectURL(url), [url]);
  return (
    <li className="v-thumb">
      <img src={url} alt={alt} />
      <Button variant="link" onClick={onRemove}>{removeLabel}</Button>
    </li>
  );
}

type Result = { kind: 'sent'; answer: SubmitAnswer } | { kind: 'queued' };

/** 探访记录 — the visit form of one held slot, in the shared record format. */
export function VisitPage() {
  const { slotId = '' } = useParams();
  const t = useT();
  const { lang } = useLang();
  const session = useSession();
  const schedule = useCachedQuery('schedule', VolunteerScheduleDocument);
  // The district's paper form decides each item's scale (kept on the phone for offline use).
  const formScales = useCachedQuery(`scales-${slotId}`, VolunteerFormScalesDocument, { slotId });
  const scaleOf = (key: string, fallback: Scale): Scale =>
    (formScales.data?.visitFormScales.find((x) => x.item === key)?.scale as Scale | undefined) ?? fallback;
  const outbox = useOutbox();
  const slot = schedule.data?.mySchedule.find((s) => s.id === slotId);
  const queued = outbox.find((item) => item.slotId === slotId);

  const [draft, setDraft] = useState<Draft | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Result | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [saveDraft, saveState] = useMutation(VolunteerSaveDraftDocument);
  const [issueCode, codeState] = useMutation(VolunteerIssueCodeDocument);

  // Load: the phone's draft, else a refused queued record, else the server's draft, else new.
  const loadedFor = useRef<string | null>(null);
  useEffect(() => {
    if (!slot || loadedFor.current === slotId) return;
    loadedFor.current = slotId;
    void (async () => {
      const local = await idbGet<Draft>('drafts', slotId).catch(() => undefined);
      if (local) return setDraft(local);
      const failed = (await outboxItems()).find((item) => item.slotId === slotId) ?? queued;
      if (failed) return setDraft({ slotId, state: failed.state, photos: failed.photos, signature: failed.signature });
      try {
        const { myRecordDrafts } = await request(VolunteerDraftsDocument);
        const server = myRecordDrafts.find((d) => d.slotId === slotId);
        if (server) {
          const body = JSON.parse(server.body) as VisitFormState;
          return setDraft({ slotId, state: { ...body, submissionId: server.submissionId }, photos: [], signature: null, serverVersion: server.version });
        }
      } catch {
        // offline: start a new one
      }
      setDraft({
        slotId,
        state: newVisitForm({
          submissionId: uuid(), // once per visit: every retry of this record carries it
          slotId,
          elderId: slot.elderId,
          mode: slot.modes[0] ?? 'IN_PERSON',
          startedAt: toBeijingInput(new Date()),
        }),
        photos: [],
        signature: null,
      });
    })();
  }, [slot, slotId, queued]);

  // A record the server refused after the visitor left this page: its reasons, by the fields.
  const refusalShown = useRef<string | null>(null);
  useEffect(() => {
    if (queued?.status !== 'failed' || !queued.error || refusalShown.current === queued.submissionId) return;
    refusalShown.current = queued.submissionId;
    const { code, message, fields } = queued.error;
    const aliases = queued.aliases ?? {};
    setError(new ApiError(code, message, fields.map((f) => ({ ...f, field: formKeyOf(f.field, aliases) }))));
  }, [queued]);

  // Every change is kept on the phone at once.
  useEffect(() => {
    if (draft && !result) void idbPut('drafts', draft).catch(() => undefined);
  }, [draft, result]);

  const set = useCallback(<K extends keyof VisitFormState>(key: K, value: VisitFormState[K]) => {
    setDraft((d) => (d ? { ...d, state: { ...d.state, [key]: value } } : d));
    setSaved(null);
  }, []);

  if (!slot) {
    if (schedule.data === undefined) {
      return <Page title={t.volunteer.visitTitle}>{schedule.error ? <ErrorBox error={schedule.error} onRetry={() => void schedule.refetch()} /> : <Loading />}</Page>;
    }
    return (
      <Page title={t.volunteer.visitTitle}>
        <Empty title={t.volunteer.slotNotFound} action={<Link className="btn btn-primary" to="/v/schedule">{t.volunteer.backToSchedule}</Link>} />
      </Page>
    );
  }

  if (result) {
    return (
      <Page title={t.volunteer.visitTitle}>
        <div className="v-result" role="status" data-testid="visit-result" data-kind={result.kind}>
          {result.kind === 'sent' ? (
            <>
              <p className="v-result-title">{result.answer.created ? t.volunteer.submittedOk : t.volunteer.submittedAgain}</p>
              <p>
                {format(t.volunteer.submittedStatus, {
                  n: result.answer.record.visitNo,
                  status: result.answer.record.status ? t.volunteer.recordStatus[result.answer.record.status] : '',
                })}
              </p>
            </>
          ) : (
            <p className="v-result-title">{t.volunteer.queuedOk}</p>
          )}
          <Link className="btn btn-primary btn-block" to="/v/schedule">{t.volunteer.backToSchedule}</Link>
        </div>
      </Page>
    );
  }

  if (!draft) return <Page title={t.volunteer.visitTitle}><Loading /></Page>;
  const s = draft.state;
  const modes = slot.modes.length > 0 ? slot.modes : ALL_MODES;

  const onSaveDraft = async () => {
    await idbPut('drafts', draft).catch(() => undefined);
    const answer = await saveDraft({
      submissionId: s.submissionId,
      elderId: s.elderId,
      slotId: s.slotId,
      body: JSON.stringify(s),
      version: draft.serverVersion,
    });
    if (answer) {
      setDraft((d) => (d ? { ...d, serverVersion: answer.saveRecordDraft.version } : d));
      setSaved(t.volunteer.draftSaved);
    } else {
      setSaved(t.volunteer.draftSavedLocal);
    }
  };

  const onSubmit = async () => {
    const problems = checkForm(s, draft.signature !== null);
    if (problems.length > 0) {
      const fields: FieldProblem[] = problems.map((p) => ({
        field: p.field,
        code: p.code,
        message: p.field.startsWith('confirmation.elder') ? t.volunteer.needConfirmation : t.volunteer.required,
      }));
      setError(new ApiError('INVALID_INPUT', t.volunteer.fixErrors, fields));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const item: OutboxItem = {
        submissionId: s.submissionId,
        slotId: s.slotId,
        elderId: s.elderId,
        state: s,
        visitor: { id: session?.account.id ?? '', name: session?.account.displayName ?? '' },
        photos: draft.photos,
        signature: s.confirmMethod === 'signature' ? draft.signature : null,
        submittedAt: new Date().toISOString(),
        status: 'queued',
        attempts: 0,
      };
      await enqueue(item);
      const outcome = await send(item.submissionId);
      if (outcome.kind === 'sent') setResult({ kind: 'sent', answer: outcome.answer });
      else if (outcome.kind === 'queued') setResult({ kind: 'queued' });
      else {
        const e = outcome.error;
        setError(new ApiError(e.code, e.message, e.fields.map((f) => ({ ...f, field: formKeyOf(f.field, outcome.aliases) }))));
      }
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError('UNKNOWN', String(e)));
    } finally {
      setBusy(false);
    }
  };

  const grade = (section: GradedSection) =>
    Object.entries(GRADED[section]).map(([item, scales]) => {
      const key = `${section}.${item}`;
      return (
        <GradeRow
          key={key}
          name={key}
          label={t.volunteer[ITEM_LABEL[key]!] as string}
          scale={scaleOf(key, scales[0])}
          value={s.grades[key]}
          error={error}
          onChange={(v) => {
            const grades = { ...s.grades };
            if (v) grades[key] = v;
            else delete grades[key];
            set('grades', grades);
          }}
        />
      );
    });

  const setNeed = (code: NeedCode, patch: Partial<{ needed: boolean; met: boolean; urgent: boolean; note: string }> | null) => {
    const needs = { ...s.needs };
    if (patch === null) delete needs[code];
    else needs[code] = { needed: false, met: false, urgent: false, note: '', ...needs[code], ...patch };
    set('needs', needs);
  };


  return (
    <Page title={t.volunteer.visitTitle}>
      <OfflineNote />
      {slot.elder ? (
        <div className="v-card v-visit-elder" data-testid="visit-elder">
          <p className="v-elder-name"><strong>{slot.elder.name}</strong></p>
          {slot.elder.residenceAddress ? <p className="v-meta v-elder-address">{slot.elder.residenceAddress}</p> : null}
        </div>
      ) : null}
      <p className="v-meta v-visit-head">
        <strong>{slot.villageName ?? t.volunteer.villageUnknown}</strong>
        <span>{slot.label}</span>
        <span>{format(t.volunteer.window, { from: slot.windowFrom.slice(5), to: slot.windowTo.slice(5) })}</span>
      </p>
      {queued && queued.status === 'queued' ? (
        <p className="v-offline" role="status">{t.volunteer.queuedHint}</p>
      ) : null}
      <form
        className="v-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void onSubmit();
        }}
      >
        <Section title={t.volunteer.secBasic} open testId="sec-basic" error={error} fields={['mode', 'modeNote', 'startedAt', 'endedAt', 'household', 'slotId']}>
          <fieldset className="v-grade" aria-label={t.volunteer.mode}>
            <legend>{t.volunteer.mode}</legend>
            <div className="v-choices">
              {modes.map((m) => (
                <label key={m} className="v-choice">
                  <input type="radio" name="mode" checked={s.mode === m} onChange={() => set('mode', m)} />
                  <span>{t.volunteer.modes[m]}</span>
                </label>
              ))}
            </div>
            <FieldMsg error={error} name="mode" />
          </fieldset>
          {s.mode === 'OTHER' ? (
            <LimitedField label={t.volunteer.modeNote} name="modeNote" value={s.modeNote} error={error} onChange={(v) => set('modeNote', v)} />
          ) : null}
          <Field label={t.volunteer.startedAt} name="startedAt" type="datetime-local" value={s.startedAt} error={error} onChange={(e) => set('startedAt', e.target.value)} />
          <Field label={t.volunteer.endedAt} name="endedAt" type="datetime-local" value={s.endedAt} hint={t.volunteer.endedAtHint} error={error} onChange={(e) => set('endedAt', e.target.value)} />
          <div className="v-row">
            <Field label={t.volunteer.householdAdded} name="household.added" type="number" min={0} inputMode="numeric" value={s.householdAdded} error={error} onChange={(e) => set('householdAdded', e.target.value)} />
            <Field label={t.volunteer.householdRemoved} name="household.removed" type="number" min={0} inputMode="numeric" value={s.householdRemoved} error={error} onChange={(e) => set('householdRemoved', e.target.value)} />
          </div>
          <LimitedField label={t.volunteer.householdNote} name="household.note" value={s.householdNote} error={error} onChange={(v) => set('householdNote', v)} />
          <FieldMsg error={error} name="slotId" />
        </Section>

        <Section title={t.volunteer.secHealth} open testId="sec-health" error={error} fields={['health']}>
          {grade('health')}
          {s.grades['health.illness'] ? (
            <LimitedField label={t.volunteer.illnessName} name="health.illnessName" value={s.illnessName} error={error} onChange={(v) => set('illnessName', v)} />
          ) : null}
        </Section>
        <Section title={t.volunteer.secMental} error={error} fields={['mental']}>{grade('mental')}</Section>
        <Section title={t.volunteer.secSafety} testId="sec-safety" error={error} fields={['safety']}>{grade('safety')}</Section>
        <Section title={t.volunteer.secHygiene} error={error} fields={['hygiene', 'environment']}>
          {grade('hygiene')}
          {grade('environment')}
        </Section>
        <Section title={t.volunteer.secSupport} error={error} fields={['support', 'economy', 'childrenReturn']}>
          <TriRow name="support.childrenVisitOften" label={t.volunteer.childrenVisitOften} value={s.childrenVisitOften} error={error} onChange={(v) => set('childrenVisitOften', v)} />
          <TriRow name="support.maintenanceFulfilled" label={t.volunteer.maintenanceFulfilled} value={s.maintenanceFulfilled} error={error} onChange={(v) => set('maintenanceFulfilled', v)} />
          <TriRow name="support.hasCarer" label={t.volunteer.hasCarer} value={s.hasCarer} error={error} onChange={(v) => set('hasCarer', v)} />
          <TriRow name="support.abuseOrNeglect" label={t.volunteer.abuseOrNeglect} value={s.abuseOrNeglect} error={error} onChange={(v) => set('abuseOrNeglect', v)} />
          <TextArea name="support.note" label={t.volunteer.supportNote} value={s.supportNote} error={error} onChange={(v) => set('supportNote', v)} />
          <TextArea name="economy.difficulties" label={t.volunteer.difficulties} value={s.difficulties} error={error} onChange={(v) => set('difficulties', v)} />
          <TextArea name="economy.benefits" label={t.volunteer.benefits} value={s.benefits} error={error} onChange={(v) => set('benefits', v)} />
          <Field label={t.volunteer.childrenReturnDate} name="childrenReturn.plannedDate" type="date" value={s.childrenReturnDate} error={error} onChange={(e) => set('childrenReturnDate', e.target.value)} />
          <LimitedField label={t.volunteer.childrenReturnNote} name="childrenReturn.note" value={s.childrenReturnNote} error={error} onChange={(v) => set('childrenReturnNote', v)} />
        </Section>
        <Section title={t.volunteer.secNeeds} error={error} fields={['needs', 'needsNote', 'referrals']}>
          {NEED_CODES.map((code) => {
            const answer = s.needs[code];
            const label = t.volunteer.needs[code];
            return (
              <fieldset key={code} className="v-grade" aria-label={label}>
                <legend>{label}</legend>
                <div className="v-choices">
                  <label className="v-choice">
                    <input type="radio" name={`need-${code}`} checked={answer?.needed === true} onChange={() => setNeed(code, { needed: true })} />
                    <span>{t.volunteer.needNeeded}</span>
                  </label>
                  <label className="v-choice">
                    <input type="radio" name={`need-${code}`} checked={answer?.needed === false} onChange={() => setNeed(code, { needed: false })} />
                    <span>{t.volunteer.no}</span>
                  </label>
                  <label className="v-choice v-choice-muted">
                    <input type="radio" name={`need-${code}`} checked={!answer} onChange={() => setNeed(code, null)} />
                    <span>{t.volunteer.unknown}</span>
                  </label>
                </div>
                {answer?.needed ? (
                  <div className="v-choices">
                    <label className="v-choice">
                      <input type="checkbox" checked={answer.met} onChange={(e) => setNeed(code, { met: e.target.checked })} />
                      <span>{t.volunteer.needMet}</span>
                    </label>
                    <label className="v-choice">
                      <input type="checkbox" checked={answer.urgent} onChange={(e) => setNeed(code, { urgent: e.target.checked })} />
                      <span>{t.volunteer.needUrgent}</span>
                    </label>
                  </div>
                ) : null}
                <FieldMsg error={error} name={`needs.${code}`} />
              </fieldset>
            );
          })}
          <TextArea name="needsNote" label={t.volunteer.needsNote} value={s.needsNote} error={error} onChange={(v) => set('needsNote', v)} />
          <div className="field">
            <label htmlFor="referral-target">{t.volunteer.referralTarget}</label>
            <select id="referral-target" value={s.referralTarget} onChange={(e) => set('referralTarget', e.target.value)}>
              <option value="">{t.volunteer.referralNone}</option>
              {REFERRAL_TARGETS.map((r) => (
                <option key={r} value={r}>{t.volunteer.referralTargets[r]}</option>
              ))}
            </select>
          </div>
          {s.referralTarget ? (
            <>
              <TextArea name="referrals" label={t.volunteer.referralDetail} value={s.referralDetail} error={error} onChange={(v) => set('referralDetail', v)} />
              <label className="v-choice">
                <input type="checkbox" checked={s.referralUrgent} onChange={(e) => set('referralUrgent', e.target.checked)} />
                <span>{t.volunteer.referralUrgent}</span>
              </label>
            </>
          ) : null}
        </Section>
        <Section title={t.volunteer.secOutcome} error={error} fields={['problemsFound', 'servicesGiven', 'suggestions', 'satisfaction']}>
          <TextArea name="problemsFound" label={t.volunteer.problemsFound} value={s.problemsFound} error={error} onChange={(v) => set('problemsFound', v)} />
          <TextArea name="servicesGiven" label={t.volunteer.servicesGiven} value={s.servicesGiven} error={error} onChange={(v) => set('servicesGiven', v)} />
          <TextArea name="suggestions" label={t.volunteer.suggestions} value={s.suggestions} error={error} onChange={(v) => set('suggestions', v)} />
          <fieldset className="v-grade" aria-label={t.volunteer.satisfaction}>
            <legend>{t.volunteer.satisfaction}</legend>
            <div className="v-choices">
              {SATISFACTION.map((r) => (
                <label key={r} className="v-choice">
                  <input type="radio" name="satisfaction" checked={s.satisfaction === r} onChange={() => set('satisfaction', r)} />
                  <span>{t.volunteer.satisfactionRatings[r]}</span>
                </label>
              ))}
              <label className="v-choice v-choice-muted">
                <input type="radio" name="satisfaction" checked={!s.satisfaction} onChange={() => set('satisfaction', '')} />
                <span>{t.volunteer.notAssessed}</span>
              </label>
            </div>
          </fieldset>
          {s.satisfaction ? (
            <LimitedField label={t.volunteer.satisfactionComment} name="satisfaction.comment" value={s.satisfactionComment} error={error} onChange={(v) => set('satisfactionComment', v)} />
          ) : null}
        </Section>

        <Section title={t.volunteer.secPhotos} open testId="sec-photos" error={error} fields={['photos']}>
          <label className="btn btn-secondary btn-block v-file">
            {t.volunteer.addPhoto}
            <input
              type="file"
              accept="image/*"
              capture="environment"
              data-testid="photo-input"
              onChange={(e) => {
                const files = [...(e.target.files ?? [])];
                e.target.value = '';
                void Promise.all(files.map((f) => shrinkPhoto(f))).then((blobs) => {
                  const takenAt = toBeijingRfc3339(new Date());
                  setDraft((d) => (d ? { ...d, photos: [...d.photos, ...blobs.map((blob) => ({ blob, takenAt }))] } : d));
                });
              }}
            />
          </label>
          {draft.photos.length > 0 ? (
            <>
              <p className="v-meta" data-testid="photo-count">{format(t.volunteer.photoCount, { n: draft.photos.length })}</p>
              <ul className="v-thumbs">
                {draft.photos.map((p, i) => (
                  <PhotoThumb
                    key={`${i}-${p.takenAt}-${p.blob.size}`}
                    blob={p.blob}
                    alt={format(t.volunteer.photoAlt, { n: i + 1 })}
                    removeLabel={t.volunteer.removePhoto}
                    onRemove={() => setDraft((d) => (d ? { ...d, photos: d.photos.filter((_, j) => j !== i) } : d))}
                  />
                ))}
              </ul>
            </>
          ) : null}
          <FieldMsg error={error} name="photos" />
        </Section>

        <Section title={t.volunteer.secConfirm} open testId="sec-confirm" error={error} fields={['confirmation']}>
          <fieldset className="v-grade" aria-label={t.volunteer.confirmMethod}>
            <legend>{t.volunteer.confirmMethod}</legend>
            <div className="v-choices">
              <label className="v-choice">
                <input type="radio" name="confirmMethod" checked={s.confirmMethod === 'signature'} onChange={() => set('confirmMethod', 'signature')} />
                <span>{t.volunteer.bySignature}</span>
              </label>
              <label className="v-choice">
                <input type="radio" name="confirmMethod" checked={s.confirmMethod === 'read_out_code'} onChange={() => set('confirmMethod', 'read_out_code')} />
                <span>{t.volunteer.byCode}</span>
              </label>
            </div>
          </fieldset>
          {s.confirmMethod === 'signature' ? (
            <>
              <SignaturePad
                value={draft.signature}
                invalid={!!error?.fieldError('confirmation.elder.signature')}
                onChange={(png) => setDraft((d) => (d ? { ...d, signature: png } : d))}
              />
              <FieldMsg error={error} name="confirmation.elder.signature" />
            </>
          ) : (
            <>
              <Button variant="secondary" block busy={codeState.loading} onClick={() => void issueCode({ elderId: s.elderId })}>
                {t.volunteer.sendCode}
              </Button>
              {codeState.data ? (
                <p className="v-meta" role="status">
                  {format(t.volunteer.codeSent, { to: codeState.data.issueElderCode.sentTo, at: shortBeijing(codeState.data.issueElderCode.expiresAt) })}
                </p>
              ) : null}
              {codeState.error ? <ErrorBox error={codeState.error} /> : null}
              <Field
                label={t.volunteer.code}
                name="confirmation.elder.code"
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={8}
                value={s.code}
                error={error}
                onChange={(e) => set('code', e.target.value.replace(/\D/g, ''))}
              />
            </>
          )}
        </Section>

        {error ? <ErrorBox error={named(error, t, lang)} /> : null}
        {saved ? <p className="v-meta" role="status">{saved}</p> : null}
        {saveState.error && saveState.error.code !== 'NETWORK' ? <ErrorBox error={saveState.error} /> : null}
        <div className="v-form-actions">
          <Button variant="secondary" busy={saveState.loading} onClick={() => void onSaveDraft()}>{t.volunteer.saveDraft}</Button>
          <Button type="submit" busy={busy}>{busy ? t.volunteer.submitting : t.volunteer.submit}</Button>
        </div>
      </form>
    </Page>
  );
}

import { useEffect, useState, type FormEvent } from 'react';
import { useLocation } from 'react-router';
import { useMutation, useQuery } from '../../api/hooks';
import { Button } from '../../components/Button';
import { Empty } from '../../components/Empty';
import { ErrorBox } from '../../components/ErrorBox';
import { Field } from '../../components/Field';
import { Page } from '../../components/Page';
import { QueryView } from '../../components/QueryView';
import {
  SchoolCertifyDocument,
  SchoolHoursDocument,
  SchoolSetCreditRuleDocument,
  type CertificationDecision,
  type SchoolHoursQuery,
} from '../../gql/graphql';
import { format, localMessage, useLang, useT } from '../../i18n';
import { TextAreaField } from '../../components/ChoiceFields';
import { useMySchool } from './mySchool';
import { hoursOf } from './term';
import { TermSelect, useTerm } from './TermSelect';
import './messages';

/* GraphQL */ `
  mutation SchoolCertify($accountId: String!, $decision: CertificationDecision!, $certifiedMinutes: Int, $comment: String) {
    certifyServiceHours(accountId: $accountId, decision: $decision, certifiedMinutes: $certifiedMinutes, comment: $comment) {
      id
      decision
      certifiedMinutes
      credit
      certificateNo
    }
  }
  mutation SchoolSetCreditRule($minutesPerCredit: Int!) {
    setSchoolCreditRule(minutesPerCredit: $minutesPerCredit)
  }
`;

type Row = SchoolHoursQuery['schoolServiceHours'][number];
const DECISIONS: CertificationDecision[] = ['APPROVE', 'PARTLY_APPROVE', 'DENY'];

function CertifyForm({ row, onDone }: { row: Row; onDone: (message: string) => void }) {
  const t = useT();
  const { lang } = useLang();
  const [decision, setDecision] = useState<CertificationDecision>('APPROVE');
  const [minutes, setMinutes] = useState('');
  const [comment, setComment] = useState('');
  const [certify, state] = useMutation(SchoolCertifyDocument);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const parsed = minutes.trim() === '' ? null : Number(minutes);
    const done = await certify({
      accountId: row.accountId,
      decision,
      certifiedMinutes: decision === 'PARTLY_APPROVE' ? (parsed !== null && Number.isFinite(parsed) ? Math.round(parsed) : null) : null,
      comment: comment.trim() === '' ? null : comment.trim(),
    });
    if (done) {
      const c = done.certifyServiceHours;
      onDone(format(t.school.certifiedDone, { name: row.studentName, m: c.certifiedMinutes, c: c.credit }));
    }
  };
  const err = state.error ?? null;
  return (
    <form id={row.accountId} className="desk-card" onSubmit={(e) => void submit(e)} aria-label={row.studentName} data-student={row.studentName}>
      <div className="desk-card-head">
        <h2>{row.studentName}</h2>
        <span className="desk-summary">
          {t.school.recordedMinutes}: {format(t.school.minutes, { n: row.recordedMinutes })} ({format(t.school.hoursUnit, { n: hoursOf(row.recordedMinutes) })})
        </span>
      </div>
      <fieldset className="desk-radios">
        <legend>{t.school.decisionLabel}</legend>
        {DECISIONS.map((d) => (
          <label key={d} className={decision === d ? 'checked' : undefined}>
            <input type="radio" name={`decision-${row.accountId}`} value={d} checked={decision === d} onChange={() => setDecision(d)} />
            {t.school.decision[d]}
          </label>
        ))}
      </fieldset>
      {err?.fieldError('decision') ? (
        <p className="field-error" data-field-error="decision">
          {localMessage(err.fieldError('decision')?.message ?? '', lang)}
        </p>
      ) : null}
      {decision === 'PARTLY_APPROVE' ? (
        <Field
          label={t.school.certifiedMinutes}
          name="certifiedMinutes"
          type="number"
          inputMode="numeric"
          min={0}
          max={row.recordedMinutes}
          value={minutes}
          onChange={(e) => setMinutes(e.target.value)}
          hint={format(t.school.certifiedMinutesHint, { n: row.recordedMinutes })}
          error={err}
        />
      ) : null}
      <TextAreaField
        label={t.school.comment}
        name="comment"
        value={comment}
        onChange={(e) => setComment(e.target.value)}
        hint={decision === 'APPROVE' ? undefined : t.school.commentHint}
        error={err}
      />
      <ErrorBox error={state.error} fieldNames={['decision', 'certifiedMinutes', 'comment']} />
      <p className="field-hint">{t.school.certifyOnce}</p>
      <Button type="submit" busy={state.loading}>
        {t.school.submitCertify}
      </Button>
    </form>
  );
}

function CreditRule() {
  const t = useT();
  const school = useMySchool();
  const current = school.data?.mySchool?.minutesPerCredit;
  const [value, setValue] = useState('');
  const [edited, setEdited] = useState(false);
  // The field starts at the school's current rule (until the admin types).
  useEffect(() => {
    if (!edited && current !== undefined) setValue(String(current));
  }, [current, edited]);
  const [save, state] = useMutation(SchoolSetCreditRuleDocument);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const done = await save({ minutesPerCredit: value.trim() === '' ? 0 : Math.round(Number(value)) });
    if (done) {
      setEdited(false);
      void school.refetch();
    }
  };
  const typed = Number(value);
  // What a changed value would mean, in hours (the current rule says it already).
  const typedHours = value.trim() !== '' && Number.isFinite(typed) && typed > 0 && Math.round(typed) !== current ? format(t.school.creditRuleMinutesHours, { n: Math.round(typed), h: hoursOf(Math.round(typed)) }) : null;
  return (
    <form className="desk-card" onSubmit={(e) => void submit(e)} aria-label={t.school.creditRule}>
      <h2>{t.school.creditRule}</h2>
      {current !== undefined ? (
        <p className="school-rule" data-testid="credit-rule-current" data-minutes={current}>
          {format(t.school.creditRuleCurrent, { n: current, h: hoursOf(current) })}
        </p>
      ) : school.error ? (
        <ErrorBox error={school.error} onRetry={() => void school.refetch()} />
      ) : null}
      <div className="desk-row">
        <Field
          label={t.school.minutesPerCredit}
          name="minutesPerCredit"
          type="number"
          inputMode="numeric"
          min={1}
          value={value}
          onChange={(e) => {
            setEdited(true);
            setValue(e.target.value);
          }}
          hint={typedHours ? `${t.school.creditRuleHint} · ${typedHours}` : t.school.creditRuleHint}
          error={state.error ?? null}
        />
        <Button type="submit" variant="secondary" busy={state.loading}>
          {t.school.save}
        </Button>
      </div>
      <ErrorBox error={state.error} fieldNames={['minutesPerCredit']} />
      {state.data ? (
        <p className="desk-notice" role="status">
          {format(t.school.creditRuleSaved, { n: state.data.setSchoolCreditRule })}
        </p>
      ) : null}
    </form>
  );
}

/** 认定 — certify each student's hours of the term once; the school's credit rule. */
export function CertifyPage() {
  const t = useT();
  const [term, setTerm] = useTerm();
  const query = useQuery(SchoolHoursDocument, { term });
  const [notice, setNotice] = useState<string | null>(null);
  // `/s/certify#<accountId>` (from 时长) scrolls to that student's form once it is shown.
  const { hash } = useLocation();
  const loaded = query.data !== undefined;
  useEffect(() => {
    if (loaded && hash.length > 1) document.getElementById(decodeURIComponent(hash.slice(1)))?.scrollIntoView({ block: 'start' });
  }, [loaded, hash]);
  return (
    <Page title={t.school.certify} actions={<TermSelect term={term} onChange={setTerm} />}>
      {notice ? <p className="desk-notice" role="status">{notice}</p> : null}
      <QueryView query={query}>
        {(d) => {
          const pending = d.schoolServiceHours.filter((r) => !r.certification);
          const decided = d.schoolServiceHours.filter((r) => r.certification);
          return (
            <>
              <h2 className="desk-h2">{t.school.pending}</h2>
              {pending.length === 0 ? <Empty title={t.school.pendingEmpty} /> : null}
              {pending.map((row) => (
                <CertifyForm
                  key={row.accountId}
                  row={row}
                  onDone={(message) => {
                    setNotice(message);
                    void query.refetch();
                  }}
                />
              ))}
              <h2 className="desk-h2">{t.school.decided}</h2>
              {decided.length === 0 ? (
                <Empty title={t.school.decidedEmpty} />
              ) : (
                <div className="desk-table-wrap">
                  <table className="desk-table" aria-label={t.school.decided}>
                    <thead>
                      <tr>
                        <th>{t.school.name}</th>
                        <th className="num">{t.school.recordedMinutes}</th>
                        <th>{t.school.decisionLabel}</th>
                        <th className="num">{t.school.certifiedMinutes}</th>
                        <th className="num">{t.school.credit}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {decided.map((r) => (
                        <tr key={r.accountId}>
                          <td>{r.studentName}</td>
                          <td className="num">{r.recordedMinutes}</td>
                          <td>{r.certification?.decision ? t.school.decision[r.certification.decision] : '—'}</td>
                          <td className="num">{r.certification?.certifiedMinutes}</td>
                          <td className="num">{r.certification?.credit}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </>
          );
        }}
      </QueryView>
      <CreditRule />
    </Page>
  );
}

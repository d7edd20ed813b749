import { useState, type FormEvent } from 'react';
import { toApiError, type ApiError } from '../../api/errors';
import { openPage } from '../../api/files';
import { useMutation, useQuery } from '../../api/hooks';
import { Button } from '../../components/Button';
import { SelectField } from '../../components/ChoiceFields';
import { Empty } from '../../components/Empty';
import { ErrorBox } from '../../components/ErrorBox';
import { Field } from '../../components/Field';
import { Page } from '../../components/Page';
import { QueryView } from '../../components/QueryView';
import { OrganizerCareGiversDocument, OrganizerIssuedProofsDocument, OrganizerIssueProofDocument } from '../../gql/graphql';
import { hours } from '../../components/hours';
import { format, useT } from '../../i18n';
import { presetPeriod, type Preset } from './proofPeriods';
import { SealCard } from './SealCard';
import { districtToday } from './util';
import './messages';

/* GraphQL */ `
  query OrganizerIssuedProofs {
    issuedServiceProofs { id number visitorName periodFrom periodTo services minutes content issuedAt printUrl }
  }
  mutation OrganizerIssueProof($visitorId: String!, $from: LocalDate!, $to: LocalDate!) {
    issueServiceProof(visitorId: $visitorId, from: $from, to: $to) { id number }
  }
`;

const PRESETS: Preset[] = ['thisYear', 'thisTerm', 'lastTerm', 'custom'];

/** Minutes as hours with one decimal. */

/** 打印 — opens a printable page fetched with the token; its error beside it. */
function PrintButton({ path, label, testId }: { path: string; label: string; testId?: string }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const print = async () => {
    setError(null);
    setBusy(true);
    try {
      await openPage(path);
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button variant="link" busy={busy} onClick={() => void print()} data-testid={testId}>{label}</Button>
      {error ? <ErrorBox error={error} /> : null}
    </>
  );
}

/**
 * 志愿服务记录证明 — the office issues a numbered proof to a visitor of its town for a period
 * (this year, this or last term, or chosen days), and lists the proofs it issued to print.
 */
export function ProofsPage() {
  const t = useT();
  const p = t.organizer.office.proofs;
  const today = districtToday();
  const visitors = useQuery(OrganizerCareGiversDocument, {});
  const issuedList = useQuery(OrganizerIssuedProofsDocument);
  const [issue, state] = useMutation(OrganizerIssueProofDocument);
  const [visitor, setVisitor] = useState('');
  const [preset, setPreset] = useState<Preset>('thisYear');
  const [from, setFrom] = useState(`${today.slice(0, 4)}-01-01`);
  const [to, setTo] = useState(today);
  const [missing, setMissing] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const period = presetPeriod(preset, today) ?? { from, to };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setNotice(null);
    if (!visitor) return setMissing(true);
    setMissing(false);
    const done = await issue({ visitorId: visitor, from: period.from, to: period.to });
    if (!done) return;
    const name = visitors.data?.careGiverChoices.find((v) => v.id === visitor)?.name ?? '';
    setNotice(format(p.issued, { name, number: done.issueServiceProof.number }));
    void issuedList.refetch();
  };
  return (
    <Page title={p.title}>
      <p className="org-muted">{p.hint}</p>
      <form className="org-card" onSubmit={submit} noValidate data-testid="issue-proof">
        <SelectField label={p.visitor} name="visitorId" value={visitor} onChange={(e) => setVisitor(e.target.value)} error={state.error} localError={missing ? p.visitorRequired : null}>
          <option value="">{t.organizer.office.care.choose}</option>
          {(visitors.data?.careGiverChoices ?? []).map((v) => (
            <option key={v.id} value={v.id}>{v.name}</option>
          ))}
        </SelectField>
        <SelectField label={p.period} name="period" value={preset} onChange={(e) => setPreset(e.target.value as Preset)}>
          {PRESETS.map((k) => (
            <option key={k} value={k}>{p[k]}</option>
          ))}
        </SelectField>
        {preset === 'custom' ? (
          <>
            <Field label={p.from} name="from" type="date" value={from} max={today} onChange={(e) => setFrom(e.target.value)} error={state.error} />
            <Field label={p.to} name="to" type="date" value={to} max={today} onChange={(e) => setTo(e.target.value)} error={state.error} />
          </>
        ) : (
          <p className="org-muted" data-testid="proof-period">{period.from} — {period.to}</p>
        )}
        <ErrorBox error={state.error} fieldNames={['visitorId', 'from', 'to']} />
        <Button type="submit" busy={state.loading}>{p.issue}</Button>
      </form>
      {notice ? <p role="status" className="org-note">{notice}</p> : null}
      <section className="org-card" aria-labelledby="proofs-title">
        <h2 id="proofs-title">{p.listTitle}</h2>
        <div className="org-toolbar">
          <PrintButton path={`/proofs/batch?from=${period.from}&to=${period.to}`} label={`${p.batch}（${period.from} — ${period.to}）`} testId="print-batch" />
        </div>
        <p className="org-muted">{p.batchHint}</p>
        <QueryView query={issuedList} isEmpty={(d) => d.issuedServiceProofs.length === 0} empty={<Empty title={p.none} />}>
          {(d) => (
            <div className="org-table-wrap">
              <table className="org-table" data-testid="proofs-table">
                <thead>
                  <tr>
                    <th scope="col">{p.number}</th>
                    <th scope="col">{p.visitor}</th>
                    <th scope="col">{p.period}</th>
                    <th scope="col">{p.services}</th>
                    <th scope="col">{p.hours}</th>
                    <th scope="col">{p.issuedAt}</th>
                    <th scope="col">{p.print}</th>
                  </tr>
                </thead>
                <tbody>
                  {d.issuedServiceProofs.map((r) => (
                    <tr key={r.id}>
                      <th scope="row">{r.number}</th>
                      <td>{r.visitorName ?? '—'}</td>
                      <td>{r.periodFrom} — {r.periodTo}</td>
                      <td>{r.content}</td>
                      <td>{format(p.hoursValue, { h: hours(r.minutes) })}</td>
                      <td>{districtToday(new Date(r.issuedAt))}</td>
                      <td><PrintButton path={r.printUrl} label={p.print} /></td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </QueryView>
      </section>
      <SealCard />
    </Page>
  );
}

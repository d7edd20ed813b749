import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery } from '../../api/hooks';
import { Button } from '../../components/Button';
import { Empty } from '../../components/Empty';
import { ErrorBox } from '../../components/ErrorBox';
import { Field } from '../../components/Field';
import { Page } from '../../components/Page';
import { QueryView } from '../../components/QueryView';
import {
  OrganizerAddReferralDocument,
  OrganizerAssignCaseDocument,
  OrganizerCloseCaseDocument,
  OrganizerRiskCaseDocument,
  OrganizerUpdateReferralDocument,
  type OrganizerRiskCaseQuery,
  type ReferralStatus,
  type ReferralTarget,
} from '../../gql/graphql';
import { format, localMessage, useLang, useT } from '../../i18n';
import { nextReferralStatuses } from './cases';
import { ContactCard } from './ContactCard';
import { enumLabel, enumValues } from './labels';
import { useNames } from './names';
import { ElderName } from './ReviewPage';
import { formatDateTime, useAreaCode } from './util';
import './messages';

/* GraphQL */ `
  query OrganizerRiskCase($id: String!) {
    riskCase(id: $id) {
      id elderId villageCode recordId kind severity evidence status ownerId ownerName openedAt dueAt overdue
      closedAt closingNote version
      followUps { id visitNo startedAt mode status }
      referrals { id target detail urgent status statusNote updatedAt version }
      possibleOwners { id name role }
      notifications { channel recipientKind recipientName recipientMasked body createdAt sentAt }
    }
  }

  mutation OrganizerAssignCase($id: String!, $ownerId: String!, $version: Int!) {
    assignCase(id: $id, ownerId: $ownerId, version: $version) { id ownerId version }
  }

  mutation OrganizerAddReferral($caseId: String!, $target: ReferralTarget!, $detail: String!, $urgent: Boolean, $caseVersion: Int!) {
    addReferral(caseId: $caseId, target: $target, detail: $detail, urgent: $urgent, caseVersion: $caseVersion) { id }
  }

  mutation OrganizerUpdateReferral($id: String!, $status: ReferralStatus!, $note: String, $version: Int!) {
    updateReferral(id: $id, status: $status, note: $note, version: $version) { id status statusNote version }
  }

  mutation OrganizerCloseCase($id: String!, $note: String!, $version: Int!) {
    closeCase(id: $id, note: $note, version: $version) { id status closingNote version }
  }
`;

/** One case: evidence, follow-ups, referrals, notifications; assign, refer, close. */
export function RiskCasePage() {
  const t = useT();
  const { lang } = useLang();
  const { id = '' } = useParams();
  const names = useNames(useAreaCode());
  const query = useQuery(OrganizerRiskCaseDocument, { id });
  const refetch = () => void query.refetch();
  return (
    <Page title={t.organizer.risks} actions={<Link to="/o/risks">{t.organizer.back}</Link>}>
      <QueryView query={query}>
        {(d) => {
          const c = d.riskCase;
          const open = c.status !== 'CLOSED';
          return (
            <div className="org-grid">
              <div>
                <section className="org-card" aria-labelledby="case-title">
                  <h2 id="case-title">
                    {enumLabel(lang, 'RiskKind', c.kind)} · <ElderName id={c.elderId} />
                  </h2>
                  <dl className="org-dl">
                    <dt>{t.organizer.status}</dt>
                    <dd data-testid="case-status">{enumLabel(lang, 'CaseStatus', c.status)}</dd>
                    <dt>{t.organizer.severity}</dt>
                    <dd>{enumLabel(lang, 'Severity', c.severity)}{c.overdue && open ? <span className="org-badge org-badge-danger">{t.organizer.overdueCase}</span> : null}</dd>
                    <dt>{t.organizer.village}</dt>
                    <dd>{names.village(c.villageCode)}</dd>
                    <dt>{t.organizer.openedAt}</dt>
                    <dd>{formatDateTime(c.openedAt)}</dd>
                    <dt>{t.organizer.dueAt}</dt>
                    <dd>{formatDateTime(c.dueAt)}</dd>
                    <dt>{t.organizer.owner}</dt>
                    <dd data-testid="case-owner">
                      {c.ownerName ?? t.organizer.noOwner}
                    </dd>
                    <dt>{t.organizer.evidence}</dt>
                    <dd data-testid="case-evidence">{c.evidence}</dd>
                    {c.recordId ? (
                      <>
                        <dt>{t.organizer.record}</dt>
                        <dd><Link to={`/o/review/${c.recordId}`}>{t.organizer.open}</Link></dd>
                      </>
                    ) : null}
                  </dl>
                  {c.closingNote ? <p className="org-note">{format(t.organizer.closedNote, { note: c.closingNote })}</p> : null}
                </section>
                {c.kind === 'LOST_CONTACT' ? <ContactCard elderId={c.elderId} /> : null}
                <section className="org-card" aria-labelledby="fu-title">
                  <h2 id="fu-title">{t.organizer.followUps}</h2>
                  {c.followUps.length === 0 ? <p className="org-muted">{t.organizer.noFollowUps}</p> : (
                    <ul className="org-list">
                      {c.followUps.map((f) => (
                        <li key={f.id}>
                          <Link to={`/o/review/${f.id}`}>{format(t.organizer.visitNo, { n: f.visitNo })}</Link>
                          <span className="org-muted"> · {formatDateTime(f.startedAt)} · {enumLabel(lang, 'VisitMode', f.mode)}</span>
                          <span className="org-badge">{enumLabel(lang, 'RecordStatus', f.status)}</span>
                        </li>
                      ))}
                    </ul>
                  )}
                </section>
                <section className="org-card" aria-labelledby="ref-title">
                  <h2 id="ref-title">{t.organizer.referrals}</h2>
                  {c.referrals.length === 0 ? <p className="org-muted">{t.organizer.noReferrals}</p> : (
                    <ul className="org-list" data-testid="case-referrals">
                      {c.referrals.map((r) => (
                        <li key={r.id}>
                          <strong>{enumLabel(lang, 'ReferralTarget', r.target)}</strong> {r.detail}
                          {r.urgent ? <span className="org-badge org-badge-danger">{t.organizer.urgent}</span> : null}
                          <span className="org-badge" data-testid="referral-status">{enumLabel(lang, 'ReferralStatus', r.status)}</span>
                          {r.statusNote ? <div className="org-small org-muted">{r.statusNote}</div> : null}
                          {open ? <ReferralUpdate referral={r} onDone={refetch} /> : null}
                        </li>
                      ))}
                    </ul>
                  )}
                </section>
                <section className="org-card" aria-labelledby="note-title">
                  <h2 id="note-title">{t.organizer.notifications}</h2>
                  {c.notifications.length === 0 ? <p className="org-muted">{t.organizer.noNotifications}</p> : (
                    <ul className="org-list">
                      {c.notifications.map((n, i) => (
                        <li key={i}>
                          {n.recipientName} <span className="mono org-muted">{n.recipientMasked ?? ''}</span>
                          <span className="org-badge">{n.sentAt ? t.organizer.sentAt : t.organizer.pending}</span>
                          <div className="org-small org-muted">{n.body}</div>
                        </li>
                      ))}
                    </ul>
                  )}
                </section>
              </div>
              <div>
                {open ? (
                  <>
                    <AssignForm id={c.id} version={c.version} current={c.ownerId} owners={c.possibleOwners} onDone={refetch} />
                    <ReferralForm id={c.id} version={c.version} onDone={refetch} />
                    <CloseForm id={c.id} version={c.version} onDone={refetch} />
                  </>
                ) : (
                  <Empty title={enumLabel(lang, 'CaseStatus', c.status)} />
                )}
              </div>
            </div>
          );
        }}
      </QueryView>
    </Page>
  );
}

type CaseData = OrganizerRiskCaseQuery['riskCase'];

/** 指定负责人: a person picked from those who may take the case (the town's organizers, the village's staff). */
function AssignForm({
  id,
  version,
  current,
  owners,
  onDone,
}: {
  id: string;
  version: number;
  current: string | null | undefined;
  owners: CaseData['possibleOwners'];
  onDone: () => void;
}) {
  const t = useT();
  const { lang } = useLang();
  const [owner, setOwner] = useState(current ?? '');
  const [assign, state] = useMutation(OrganizerAssignCaseDocument);
  const problem = state.error?.fieldError('ownerId');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (owner && (await assign({ id, ownerId: owner, version }))) onDone();
  };
  return (
    <section className="org-card" aria-labelledby="assign-title">
      <h2 id="assign-title">{t.organizer.assign}</h2>
      {owners.length === 0 ? (
        <p className="org-muted" data-testid="no-owners">{t.organizer.noOwners}</p>
      ) : (
        <form onSubmit={submit} noValidate>
          <div className={`field${problem ? ' field-invalid' : ''}`}>
            <label htmlFor="case-owner">{t.organizer.ownerId}</label>
            <select id="case-owner" name="ownerId" value={owner} onChange={(e) => setOwner(e.target.value)} aria-invalid={problem ? true : undefined}>
              <option value="">{t.organizer.chooseOwner}</option>
              {owners.map((a) => (
                <option key={a.id} value={a.id}>{a.name}（{enumLabel(lang, 'Role', a.role)}）</option>
              ))}
            </select>
            {problem ? <p className="field-error" data-field-error="ownerId">{localMessage(problem.message, lang)}</p> : null}
          </div>
          <ErrorBox error={state.error} fieldNames={['ownerId']} />
          <Button type="submit" busy={state.loading} disabled={!owner || owner === current}>{t.organizer.assignSubmit}</Button>
        </form>
      )}
    </section>
  );
}

/** 更新转介: moves one referral on, with a note of what the service said. */
function ReferralUpdate({ referral, onDone }: { referral: CaseData['referrals'][number]; onDone: () => void }) {
  const t = useT();
  const { lang } = useLang();
  const options = nextReferralStatuses(referral.status);
  const [status, setStatus] = useState<ReferralStatus | ''>('');
  const [note, setNote] = useState('');
  const [update, state] = useMutation(OrganizerUpdateReferralDocument);
  if (options.length === 0) return null;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (status && (await update({ id: referral.id, status, note: note.trim() || null, version: referral.version }))) {
      setStatus('');
      setNote('');
      onDone();
    }
  };
  const selectId = `ref-status-${referral.id}`;
  return (
    <form onSubmit={submit} noValidate className="org-referral-update" data-testid="referral-update">
      <div className="field">
        <label htmlFor={selectId}>{t.organizer.referralNewStatus}</label>
        <select id={selectId} name="status" value={status} onChange={(e) => setStatus(e.target.value as ReferralStatus)}>
          <option value="">{t.organizer.chooseOwner}</option>
          {options.map((v) => (
            <option key={v} value={v}>{enumLabel(lang, 'ReferralStatus', v)}</option>
          ))}
        </select>
      </div>
      <Field label={t.organizer.referralNote} name="note" value={note} onChange={(e) => setNote(e.target.value)} error={state.error} maxLength={500} />
      <ErrorBox error={state.error} fieldNames={['note', 'status']} />
      <Button type="submit" variant="secondary" busy={state.loading} disabled={!status}>{t.organizer.referralUpdate}</Button>
    </form>
  );
}

function ReferralForm({ id, version, onDone }: { id: string; version: number; onDone: () => void }) {
  const t = useT();
  const { lang } = useLang();
  const [target, setTarget] = useState<ReferralTarget>('SOCIAL_WORKER');
  const [detail, setDetail] = useState('');
  const [urgent, setUrgent] = useState(false);
  const [add, state] = useMutation(OrganizerAddReferralDocument);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (await add({ caseId: id, target, detail: detail.trim(), urgent, caseVersion: version })) {
      setDetail('');
      setUrgent(false);
      onDone();
    }
  };
  return (
    <section className="org-card" aria-labelledby="newref-title">
      <h2 id="newref-title">{t.organizer.referralTitle}</h2>
      <form onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor="ref-target">{t.organizer.referralTarget}</label>
          <select id="ref-target" name="target" value={target} onChange={(e) => setTarget(e.target.value as ReferralTarget)}>
            {(enumValues('ReferralTarget') as ReferralTarget[]).map((v) => (
              <option key={v} value={v}>{enumLabel(lang, 'ReferralTarget', v)}</option>
            ))}
          </select>
        </div>
        <Field label={t.organizer.referralDetail} name="detail" value={detail} onChange={(e) => setDetail(e.target.value)} error={state.error} maxLength={1000} />
        <div>
          <label className="org-radio">
            <input type="checkbox" checked={urgent} onChange={(e) => setUrgent(e.target.checked)} />
            <span>{t.organizer.urgent}</span>
          </label>
        </div>
        <ErrorBox error={state.error} fieldNames={['detail']} />
        <Button type="submit" busy={state.loading}>{t.organizer.addReferral}</Button>
      </form>
    </section>
  );
}

function CloseForm({ id, version, onDone }: { id: string; version: number; onDone: () => void }) {
  const t = useT();
  const { lang } = useLang();
  const [note, setNote] = useState('');
  const [close, state] = useMutation(OrganizerCloseCaseDocument);
  // "Needs a follow-up" and "already closed" name the case, not the note: shown under the note too.
  const caseProblem = state.error?.fieldError('caseId');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (await close({ id, note: note.trim(), version })) onDone();
  };
  return (
    <section className="org-card" aria-labelledby="close-title">
      <h2 id="close-title">{t.organizer.closeTitle}</h2>
      <form onSubmit={submit} noValidate>
        <Field
          label={t.organizer.closeNote}
          name="note"
          value={note}
          onChange={(e) => setNote(e.target.value)}
          error={state.error}
          localError={caseProblem ? localMessage(caseProblem.message, lang) : null}
          maxLength={1000}
        />
        <ErrorBox error={state.error} fieldNames={['note', 'caseId']} />
        <Button type="submit" variant="danger" busy={state.loading}>{t.organizer.closeSubmit}</Button>
      </form>
    </section>
  );
}

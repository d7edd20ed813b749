import { useState, type FormEvent, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { toApiError, type ApiError } from '../../api/errors';
import { openPage } from '../../api/files';
import { useMutation, useQuery } from '../../api/hooks';
import { Button } from '../../components/Button';
import { Empty } from '../../components/Empty';
import { ErrorBox } from '../../components/ErrorBox';
import { Field } from '../../components/Field';
import { Page } from '../../components/Page';
import { QueryView } from '../../components/QueryView';
import {
  OrganizerElderAuditDocument,
  OrganizerElderDocument,
  OrganizerElderVisitsDocument,
  OrganizerUnmaskElderDocument,
} from '../../gql/graphql';
import { format, useLang, useT } from '../../i18n';
import { elderPrintPath, formSlug } from '../forms/forms';
import { CareCard } from './CareCard';
import { ContactCard } from './ContactCard';
import { ElderStatusAndReview } from './ElderFileCards';
import { FactTimelineCard } from './FactTimeline';
import { PairingCard } from './PairingCard';
import { enumLabel } from './labels';
import { formatDateTime } from './util';
import '../forms/messages';
import './messages';

/* GraphQL */ `
  query OrganizerElder($id: String!) {
    elder(id: $id) {
      id name sex age birthDate idNumber phone residenceAddress
      village { name forms { registration { form title } } }
      abilityLevel livingArrangement economicStatus riskLevel consent serviceStatus serviceStatusSince
      categories disabilityCertificateNo nextReviewDue
      emergencyContacts { order name relation phone }
      familyMembers { name relation phone }
    }
  }

  query OrganizerElderAudit($objectId: String!) {
    auditLog(first: 20, objectId: $objectId) { cursor at action actorRole reason }
  }

  query OrganizerElderVisits($elderId: String!) {
    elderVisitHistory(elderId: $elderId, first: 10) {
      edges { node { id visitNo startedAt mode status } }
    }
  }

  mutation OrganizerUnmaskElder($id: String!, $reason: String!) {
    unmaskElder(id: $id, reason: $reason) { idNumber phone emergencyContactPhones disabilityCertificateNo }
  }
`;

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

/**
 * 一人一档: the file, masked; 查看完整信息 with a reason, and the audit entries it writes; the
 * 事实时间线 across the page below.
 */
export function ElderDetailPage() {
  const t = useT();
  const { lang } = useLang();
  const { id = '' } = useParams();
  const elder = useQuery(OrganizerElderDocument, { id });
  return (
    <Page
      title={elder.data?.elder?.name ?? t.organizer.elders}
      actions={
        <>
          <Link className="btn btn-primary" to={`/o/elders/${id}/edit`}>{t.organizer.elderFile.edit}</Link>{' '}
          <Link to="/o/elders">{t.organizer.back}</Link>
        </>
      }
    >
      <QueryView query={elder} isEmpty={(d) => d.elder == null}>
        {(d) => {
          const e = d.elder!;
          const registration = e.village?.forms.registration ?? null;
          const form = registration ? formSlug(registration.form) : null;
          return (
            <div className="org-grid">
              <section className="org-card" aria-labelledby="file-title">
                <h2 id="file-title">{e.name}</h2>
                <dl className="org-dl" data-testid="elder-file">
                  <Row label={t.organizer.sex}>{enumLabel(lang, 'Sex', e.sex)}</Row>
                  <Row label={t.organizer.age}>{e.age}（{e.birthDate}）</Row>
                  <Row label={t.organizer.idNumber}>
                    <span className="mono" data-testid="masked-id">{e.idNumber}</span> <span className="org-muted">{t.organizer.masked}</span>
                  </Row>
                  <Row label={t.organizer.phone}>
                    <span className="mono" data-testid="masked-phone">{e.phone ?? '—'}</span>
                  </Row>
                  <Row label={t.organizer.village}>{e.village?.name ?? '—'}</Row>
                  <Row label={t.organizer.address}>{e.residenceAddress}</Row>
                  <Row label={t.organizer.categories}>{e.categories.map((c) => enumLabel(lang, 'Category', c)).join(lang === 'zh' ? '、' : ', ') || '—'}</Row>
                  <Row label={t.organizer.serviceStatus}>{enumLabel(lang, 'ServiceStatus', e.serviceStatus)}（{e.serviceStatusSince}）</Row>
                  <Row label={t.organizer.abilityLevel}>{enumLabel(lang, 'AbilityLevel', e.abilityLevel)}</Row>
                  <Row label={t.organizer.livingArrangement}>{enumLabel(lang, 'LivingArrangement', e.livingArrangement)}</Row>
                  <Row label={t.organizer.economicStatus}>{enumLabel(lang, 'EconomicStatus', e.economicStatus)}</Row>
                  <Row label={t.organizer.riskLevel}>{enumLabel(lang, 'RiskLevel', e.riskLevel)}</Row>
                  <Row label={t.organizer.consent}>{enumLabel(lang, 'ConsentStatus', e.consent)}</Row>
                  <Row label={t.organizer.nextReviewDue}>{e.nextReviewDue}</Row>
                  <Row label={t.organizer.emergencyContacts}>
                    {e.emergencyContacts.length === 0
                      ? '—'
                      : e.emergencyContacts.map((c) => (
                          <div key={c.order}>
                            {c.order}. {c.name}（{c.relation}） <span className="mono">{c.phone}</span>
                          </div>
                        ))}
                  </Row>
                </dl>
                <PrintRegistration id={e.id} form={form} />
              </section>
              <div>
                <PairingCard elderId={e.id} />
                <UnmaskCard id={e.id} form={form} />
                <VisitsCard id={e.id} />
                <CareCard elderId={e.id} />
                <ElderStatusAndReview id={e.id} onChange={() => void elder.refetch()} />
              </div>
              <FactTimelineCard elderId={e.id} />
              <ContactCard elderId={e.id} />
            </div>
          );
        }}
      </QueryView>
    </Page>
  );
}

/**
 * 打印登记表 — the file on the registration form the district's pack names (masked), opened in
 * a new tab to print; a plain note when the pack names none.
 */
function PrintRegistration({ id, form, reason }: { id: string; form: string | null; reason?: string }) {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  if (!form) return reason ? null : <p className="org-muted" data-testid="no-registration-form">{t.forms.noRegistrationForm}</p>;
  const print = async () => {
    setError(null);
    setBusy(true);
    try {
      await openPage(elderPrintPath(id, form, reason));
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="org-toolbar">
      <Button variant="secondary" busy={busy} onClick={() => void print()} data-testid={reason ? 'print-registration-full' : 'print-registration'}>
        {reason ? t.forms.printFull : t.forms.printRegistration}
      </Button>
      {error ? <ErrorBox error={error} /> : null}
    </div>
  );
}

function UnmaskCard({ id, form }: { id: string; form: string | null }) {
  const t = useT();
  const [reason, setReason] = useState('');
  const [localError, setLocalError] = useState<string | null>(null);
  const [sentReason, setSentReason] = useState('');
  const [unmask, state] = useMutation(OrganizerUnmaskElderDocument);
  const audit = useQuery(OrganizerElderAuditDocument, { objectId: id });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!reason.trim()) {
      setLocalError(t.organizer.unmaskRequired);
      return;
    }
    setLocalError(null);
    const data = await unmask({ id, reason: reason.trim() });
    if (data) {
      setSentReason(reason.trim());
      void audit.refetch();
    }
  };
  const full = state.data?.unmaskElder;
  return (
    <section className="org-card" aria-labelledby="unmask-title">
      <h2 id="unmask-title">{t.organizer.unmaskTitle}</h2>
      <form onSubmit={submit} noValidate>
        <Field
          label={t.organizer.unmaskReason}
          name="reason"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          error={state.error}
          localError={localError}
          hint={t.organizer.unmaskHint}
          maxLength={200}
        />
        <ErrorBox error={state.error} fieldNames={['reason']} />
        <Button type="submit" busy={state.loading}>{t.organizer.unmaskSubmit}</Button>
      </form>
      {full ? (
        <div className="org-unmasked" role="status" data-testid="unmasked">
          <h3>{t.organizer.unmasked}</h3>
          <dl className="org-dl">
            <Row label={t.organizer.idNumber}><span className="mono" data-testid="full-id">{full.idNumber}</span></Row>
            <Row label={t.organizer.phone}><span className="mono">{full.phone ?? '—'}</span></Row>
            <Row label={t.organizer.contactPhones}><span className="mono">{full.emergencyContactPhones.join('、') || '—'}</span></Row>
            <Row label={t.organizer.disabilityCertificateNo}><span className="mono">{full.disabilityCertificateNo ?? '—'}</span></Row>
          </dl>
          <p className="org-note">{format(t.organizer.unmaskedLogged, { reason: sentReason })}</p>
          <PrintRegistration id={id} form={form} reason={sentReason} />
        </div>
      ) : null}
      <h3>{t.organizer.auditTitle}</h3>
      <QueryView
        query={audit}
        isEmpty={(d) => d.auditLog.filter((a) => a.action === 'elder.unmask').length === 0}
        empty={<p className="org-muted">{t.organizer.auditNone}</p>}
      >
        {(d) => (
          <table className="org-table" data-testid="audit-table">
            <thead>
              <tr>
                <th scope="col">{t.organizer.auditAt}</th>
                <th scope="col">{t.organizer.auditAction}</th>
                <th scope="col">{t.organizer.auditReason}</th>
              </tr>
            </thead>
            <tbody>
              {d.auditLog
                .filter((a) => a.action === 'elder.unmask')
                .map((a) => (
                  <tr key={a.cursor}>
                    <td>{formatDateTime(a.at)}</td>
                    <td>{t.organizer.unmaskTitle}</td>
                    <td>{a.reason ?? '—'}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        )}
      </QueryView>
    </section>
  );
}

function VisitsCard({ id }: { id: string }) {
  const t = useT();
  const { lang } = useLang();
  const visits = useQuery(OrganizerElderVisitsDocument, { elderId: id });
  return (
    <section className="org-card" aria-labelledby="visits-title">
      <h2 id="visits-title">{t.organizer.visitHistory}</h2>
      <QueryView query={visits} isEmpty={(d) => d.elderVisitHistory.edges.length === 0} empty={<Empty title={t.organizer.noVisits} />}>
        {(d) => (
          <ul className="org-list">
            {d.elderVisitHistory.edges.map(({ node }) => (
              <li key={node.id}>
                <Link to={`/o/review/${node.id}`}>{format(t.organizer.visitNo, { n: node.visitNo })}</Link>
                <span className="org-muted"> · {formatDateTime(node.startedAt)} · {enumLabel(lang, 'VisitMode', node.mode)}</span>
                <span className="org-badge">{enumLabel(lang, 'RecordStatus', node.status)}</span>
              </li>
            ))}
          </ul>
        )}
      </QueryView>
    </section>
  );
}

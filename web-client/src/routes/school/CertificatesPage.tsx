import { useState } from 'react';
import { toApiError, type ApiError } from '../../api/errors';
import { useQuery } from '../../api/hooks';
import { Button } from '../../components/Button';
import { Empty } from '../../components/Empty';
import { ErrorBox } from '../../components/ErrorBox';
import { Page } from '../../components/Page';
import { QueryView } from '../../components/QueryView';
import { SchoolCertificatesDocument } from '../../gql/graphql';
import { format, useT } from '../../i18n';
import { downloadWithToken, openWithToken } from './download';
import { todayInChina } from './term';
import { TermSelect, useTerm } from './TermSelect';
import './messages';

/* GraphQL */ `
  query SchoolCertificates($term: String!) {
    serviceCertificates(term: $term) {
      id
      studentId
      term
      decision
      recordedMinutes
      certifiedMinutes
      credit
      comment
      certificateNo
      certificatePath
      certifiedAt
    }
    schoolServiceHours(term: $term) {
      studentId
      studentName
    }
  }
`;

/** 证明 — the term's certificates, each printable, and the CSV export. */
export function CertificatesPage() {
  const t = useT();
  const [term, setTerm] = useTerm();
  const query = useQuery(SchoolCertificatesDocument, { term });
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const run = async (key: string, action: () => Promise<void>) => {
    setBusy(key);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <Page
      title={t.school.certificates}
      actions={
        <div className="desk-page-actions">
          <TermSelect term={term} onChange={setTerm} />
          <Button
            variant="secondary"
            busy={busy === 'csv'}
            onClick={() => void run('csv', () => downloadWithToken(`/certificates.csv?term=${encodeURIComponent(term)}`, `certificates-${term}.csv`))}
          >
            {busy === 'csv' ? t.school.exporting : t.school.exportCsv}
          </Button>
        </div>
      }
    >
      <ErrorBox error={error} />
      <QueryView query={query} isEmpty={(d) => d.serviceCertificates.length === 0} empty={<Empty title={t.school.certificatesEmpty} />}>
        {(d) => {
          const names = new Map(d.schoolServiceHours.map((s) => [s.studentId, s.studentName]));
          return (
            <ul className="school-cert-list" aria-label={t.school.certificates}>
              {d.serviceCertificates.map((c) => {
                const path = c.certificatePath;
                const name = names.get(c.studentId) ?? c.studentId;
                return (
                  <li key={c.id} className="desk-card school-cert" data-student={name}>
                    <div className="desk-card-head">
                      <h2>{name}</h2>
                      {c.decision ? (
                        <span className={`desk-badge desk-badge-${c.decision.toLowerCase()}`}>{t.school.decision[c.decision]}</span>
                      ) : null}
                    </div>
                    <dl className="desk-dl">
                      <dt>{t.school.certificateNo}</dt>
                      <dd className="desk-mono" data-testid="certificate-no">
                        {c.certificateNo ?? '—'}
                      </dd>
                      <dt>{t.school.certifiedMinutes}</dt>
                      <dd data-testid="certified-minutes">
                        {format(t.school.minutes, { n: c.certifiedMinutes })}
                        <span className="school-muted"> / {format(t.school.minutes, { n: c.recordedMinutes })}</span>
                      </dd>
                      <dt>{t.school.credit}</dt>
                      <dd>{c.credit}</dd>
                      {c.comment ? (
                        <>
                          <dt>{t.school.comment}</dt>
                          <dd>{c.comment}</dd>
                        </>
                      ) : null}
                      <dt>{t.school.certifiedAt}</dt>
                      <dd>{todayInChina(new Date(c.certifiedAt))}</dd>
                    </dl>
                    {path ? (
                      <Button variant="secondary" busy={busy === c.id} onClick={() => void run(c.id, () => openWithToken(path))}>
                        {busy === c.id ? t.school.opening : t.school.print}
                      </Button>
                    ) : (
                      <span className="desk-sub">{t.school.noCertificate}</span>
                    )}
                  </li>
                );
              })}
            </ul>
          );
        }}
      </QueryView>
    </Page>
  );
}

import { useState } from 'react';
import { useMutation, useQuery } from '../../api/hooks';
import { Button } from '../../components/Button';
import { Empty } from '../../components/Empty';
import { ErrorBox } from '../../components/ErrorBox';
import { Field } from '../../components/Field';
import { Page } from '../../components/Page';
import { QueryView } from '../../components/QueryView';
import {
  OrganizerCorrectionInboxDocument,
  OrganizerDecideCorrectionDocument,
  type OrganizerCorrectionInboxQuery,
} from '../../gql/graphql';
import { format, useLang, useT } from '../../i18n';
import { enumLabel } from './labels';
import { districtToday } from './util';
import './messages';

/* GraphQL */ `
  query OrganizerCorrectionInbox {
    serviceCorrectionInbox {
      id visitorName visitStartedAt recordedMinutes requestedMinutes reason status decisionReason
    }
  }
  mutation OrganizerDecideCorrection($id: String!, $accept: Boolean!, $reason: String) {
    decideServiceCorrection(id: $id, accept: $accept, reason: $reason) { id status }
  }
`;

type Correction = OrganizerCorrectionInboxQuery['serviceCorrectionInbox'][number];

/** One request: accept it, or refuse it with a reason typed in place. */
function Request({ c, onDone }: { c: Correction; onDone: (message: string) => void }) {
  const t = useT();
  const m = t.organizer.office.corrections;
  const { lang } = useLang();
  const [decide, state] = useMutation(OrganizerDecideCorrectionDocument);
  const [refusing, setRefusing] = useState(false);
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const name = c.visitorName ?? '—';
  const minutes = (n: number) => format(m.minutes, { n });
  return (
    <li className="org-card" data-testid="correction">
      <dl className="org-dl">
        <dt>{m.visitor}</dt>
        <dd>{name}</dd>
        <dt>{m.visitDate}</dt>
        <dd>{c.visitStartedAt ? districtToday(new Date(c.visitStartedAt)) : '—'}</dd>
        <dt>{m.recorded}</dt>
        <dd>{minutes(c.recordedMinutes)}</dd>
        <dt>{m.requested}</dt>
        <dd>{minutes(c.requestedMinutes)}</dd>
        <dt>{m.reason}</dt>
        <dd>{c.reason}</dd>
        <dt>{m.status}</dt>
        <dd>
          <span className={`org-badge${c.status === 'PENDING' ? ' org-badge-warn' : ''}`}>{enumLabel(lang, 'CorrectionStatus', c.status)}</span>
          {c.decisionReason ? <span className="org-muted"> {format(m.decision, { reason: c.decisionReason })}</span> : null}
        </dd>
      </dl>
      {c.status === 'PENDING' && !refusing ? (
        <div className="org-vol-actions">
          <Button busy={state.loading} onClick={() => void decide({ id: c.id, accept: true }).then((ok) => ok && onDone(format(m.accepted, { name })))}>
            {m.accept}
          </Button>
          <Button variant="secondary" onClick={() => setRefusing(true)}>{m.refuse}</Button>
        </div>
      ) : null}
      {c.status === 'PENDING' && refusing ? (
        <form
          className="org-vol-reason"
          onSubmit={(e) => {
            e.preventDefault();
            if (!reason.trim()) return setMissing(true);
            setMissing(false);
            void decide({ id: c.id, accept: false, reason: reason.trim() }).then((ok) => ok && onDone(format(m.refused, { name })));
          }}
        >
          <Field label={m.refuseReason} name="reason" value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} error={state.error} localError={missing ? m.refuseRequired : null} />
          <Button type="submit" variant="danger" busy={state.loading}>{m.confirmRefuse}</Button>
          <Button variant="secondary" onClick={() => setRefusing(false)}>{m.cancel}</Button>
        </form>
      ) : null}
      {state.error ? <ErrorBox error={state.error} fieldNames={['reason']} /> : null}
    </li>
  );
}

/** 更正申请 — visitors' requests to correct a visit's minutes on visits the office organised, pending first. */
export function CorrectionsPage() {
  const t = useT();
  const m = t.organizer.office.corrections;
  const inbox = useQuery(OrganizerCorrectionInboxDocument);
  const [notice, setNotice] = useState<string | null>(null);
  return (
    <Page title={m.title}>
      <p className="org-muted">{m.hint}</p>
      {notice ? <p role="status" className="org-note">{notice}</p> : null}
      <QueryView query={inbox} isEmpty={(d) => d.serviceCorrectionInbox.length === 0} empty={<Empty title={m.none} />}>
        {(d) => (
          <ul className="org-cards" data-testid="corrections">
            {d.serviceCorrectionInbox.map((c) => (
              <Request
                key={c.id}
                c={c}
                onDone={(message) => {
                  setNotice(message);
                  void inbox.refetch();
                }}
              />
            ))}
          </ul>
        )}
      </QueryView>
    </Page>
  );
}

import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from '../../api/hooks';
import { Button } from '../../components/Button';
import { SelectField, TextAreaField } from '../../components/ChoiceFields';
import { ErrorBox } from '../../components/ErrorBox';
import { QueryView } from '../../components/QueryView';
import { OrganizerElderContactDocument, OrganizerRecordAttemptDocument, type AttemptMode, type AttemptReason } from '../../gql/graphql';
import { format, useLang, useT } from '../../i18n';
import { enumLabel } from './labels';
import { formatDateTime } from './util';
import './messages';

/* GraphQL */ `
  query OrganizerElderContact($id: String!) {
    elder(id: $id) {
      id
      lastContactAt
      lostSince
      attemptsSinceContact { id attemptedAt mode reason note releasedSlot }
    }
  }
  mutation OrganizerRecordAttempt($elderId: String!, $mode: AttemptMode!, $reason: AttemptReason!, $note: String) {
    recordContactAttempt(elderId: $elderId, mode: $mode, reason: $reason, note: $note) {
      attempt { id }
    }
  }
`;

const MODES: AttemptMode[] = ['PHONE', 'IN_PERSON', 'VIDEO'];
const REASONS: AttemptReason[] = ['NO_ANSWER', 'NOT_AT_HOME', 'TURNED_AWAY', 'WRONG_NUMBER', 'IN_HOSPITAL'];

/**
 * 联系情况 — when the elder was last reached, since when they count as lost (失联), the attempts
 * that failed since, and a form for the office to record one more (a call from the desk that
 * nobody answered). A successful contact is a visit record, not an attempt.
 */
export function ContactCard({ elderId }: { elderId: string }) {
  const t = useT();
  const tc = t.organizer.contact;
  const { lang } = useLang();
  const contact = useQuery(OrganizerElderContactDocument, { id: elderId });
  const [record, recorded] = useMutation(OrganizerRecordAttemptDocument);
  const [open, setOpen] = useState(false);
  const [mode, setMode] = useState<AttemptMode>('PHONE');
  const [reason, setReason] = useState<AttemptReason>('NO_ANSWER');
  const [note, setNote] = useState('');

  async function submit(e: FormEvent) {
    e.preventDefault();
    const done = await record({ elderId, mode, reason, note: note.trim() || null });
    if (done) {
      setOpen(false);
      setNote('');
      await contact.refetch();
    }
  }

  return (
    <section className="org-card" aria-labelledby="contact-title" data-testid="contact-card">
      <h2 id="contact-title" className="org-h2">
        {tc.title}
      </h2>
      <QueryView query={contact}>
        {(d) =>
          d.elder ? (
            <>
              <p>
                {tc.lastContact}：{d.elder.lastContactAt ? formatDateTime(d.elder.lastContactAt) : tc.never}
              </p>
              {d.elder.lostSince ? (
                <p className="org-badge org-badge-danger" data-testid="lost-since">
                  {format(tc.lostSince, { at: formatDateTime(d.elder.lostSince) })}
                </p>
              ) : null}
              {d.elder.attemptsSinceContact.length === 0 ? (
                <p className="org-muted">{tc.noAttempts}</p>
              ) : (
                <>
                  <h3 className="org-h3">{format(tc.attempts, { n: d.elder.attemptsSinceContact.length })}</h3>
                  <ul className="org-list" data-testid="attempts">
                    {d.elder.attemptsSinceContact.map((a) => (
                      <li key={a.id}>
                        {formatDateTime(a.attemptedAt)} · {enumLabel(lang, 'AttemptMode', a.mode)} · {enumLabel(lang, 'AttemptReason', a.reason)}
                        {a.note ? <span className="org-muted"> · {a.note}</span> : null}
                        {a.releasedSlot ? <span className="org-muted"> · {tc.released}</span> : null}
                      </li>
                    ))}
                  </ul>
                </>
              )}
            </>
          ) : null
        }
      </QueryView>
      {open ? (
        <form className="org-form" onSubmit={(e) => void submit(e)} noValidate>
          <SelectField label={tc.mode} name="mode" value={mode} onChange={(e) => setMode(e.target.value as AttemptMode)} error={recorded.error}>
            {MODES.map((m) => (
              <option key={m} value={m}>
                {enumLabel(lang, 'AttemptMode', m)}
              </option>
            ))}
          </SelectField>
          <SelectField label={tc.reason} name="reason" value={reason} onChange={(e) => setReason(e.target.value as AttemptReason)} error={recorded.error}>
            {REASONS.map((r) => (
              <option key={r} value={r}>
                {enumLabel(lang, 'AttemptReason', r)}
              </option>
            ))}
          </SelectField>
          <TextAreaField label={tc.note} name="note" value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} error={recorded.error} />
          {recorded.error ? <ErrorBox error={recorded.error} fieldNames={['mode', 'reason', 'note']} /> : null}
          <div className="org-toolbar">
            <Button type="submit" busy={recorded.loading}>
              {tc.save}
            </Button>
            <Button variant="secondary" onClick={() => setOpen(false)}>
              {t.organizer.cancel}
            </Button>
          </div>
        </form>
      ) : (
        <Button variant="secondary" onClick={() => setOpen(true)}>
          {tc.record}
        </Button>
      )}
    </section>
  );
}

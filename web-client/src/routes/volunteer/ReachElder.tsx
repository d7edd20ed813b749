import { useState } from 'react';
import { useMutation } from '../../api/hooks';
import { Button } from '../../components/Button';
import { ErrorBox } from '../../components/ErrorBox';
import { type AttemptMode, type AttemptReason, VolunteerContactAttemptDocument, VolunteerSlotContactDocument } from '../../gql/graphql';
import { localMessage, useLang, useT } from '../../i18n';
import './messages';

/* GraphQL */ `
  query VolunteerSlotContact($slotId: String!) {
    slotContact(slotId: $slotId) {
      slotId
      elderName
      phone
      address
      emergencyContactName
      emergencyContactRelation
      emergencyContactPhone
    }
  }
  mutation VolunteerContactAttempt($elderId: String!, $slotId: String!, $mode: AttemptMode!, $reason: AttemptReason!, $note: String, $releaseSlot: Boolean) {
    recordContactAttempt(elderId: $elderId, slotId: $slotId, mode: $mode, reason: $reason, note: $note, releaseSlot: $releaseSlot) {
      attempt {
        id
        reason
        releasedSlot
      }
      slot {
        id
        status
      }
    }
  }
`;

const REASONS: AttemptReason[] = ['NO_ANSWER', 'NOT_AT_HOME', 'TURNED_AWAY', 'WRONG_NUMBER', 'IN_HOSPITAL'];

interface Props {
  slotId: string;
  elderId: string;
  /** The slot allows a phone or video visit (else in person). */
  byPhone: boolean;
  onChanged: () => void;
}

/** Field errors in the visitor's words, else the error box. */
function Problem({ error }: { error: NonNullable<ReturnType<typeof useMutation>[1]['error']> }) {
  const { lang } = useLang();
  return (
    <div className="v-inline-error" role="alert" data-field-error="slotId">
      {error.fields.length > 0
        ? error.fields.map((f) => <p key={f.field + f.code}>{localMessage(f.message, lang)}</p>)
        : <ErrorBox error={error} />}
    </div>
  );
}

/**
 * 联系老人 / 未联系上 — on a claimed slot: reveal how to reach the elder (a `tel:` link; each
 * showing is audited by the server, so it is fetched only on a tap), and record a contact that
 * did not happen, optionally giving the slot back.
 */
export function ReachElder({ slotId, elderId, byPhone, onChanged }: Props) {
  const t = useT();
  const [reveal, shown] = useMutation(VolunteerSlotContactDocument);
  const [record, recorded] = useMutation(VolunteerContactAttemptDocument);
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState<AttemptReason>('NO_ANSWER');
  const [note, setNote] = useState('');
  const [release, setRelease] = useState(false);
  const contact = shown.data?.slotContact;
  const done = recorded.data?.recordContactAttempt;
  const tel = (phone: string) => <a className="v-tel" href={`tel:${phone}`}>{phone}</a>;

  return (
    <div className="v-reach" data-testid="reach-elder">
      {contact ? (
        <div className="v-reach-contact" data-testid="slot-contact">
          {contact.phone ? <p><span className="v-muted">{t.volunteer.reach.phone}</span> {tel(contact.phone)}</p> : null}
          {contact.address ? <p><span className="v-muted">{t.volunteer.elderAddress}</span> {contact.address}</p> : null}
          {contact.emergencyContactPhone ? (
            <p>
              <span className="v-muted">{t.volunteer.reach.emergencyContact}</span>{' '}
              {contact.emergencyContactName}（{contact.emergencyContactRelation}） {tel(contact.emergencyContactPhone)}
            </p>
          ) : null}
        </div>
      ) : (
        <Button variant="secondary" busy={shown.loading} onClick={() => void reveal({ slotId })}>
          {byPhone ? t.volunteer.reach.showPhone : t.volunteer.reach.showAddress}
        </Button>
      )}
      {shown.error ? <Problem error={shown.error} /> : null}
      {done ? (
        <p className="v-meta" role="status">
          {done.attempt.releasedSlot ? t.volunteer.reach.recordedReleased : t.volunteer.reach.recorded}
        </p>
      ) : open ? (
        <form
          className="v-reach-form"
          onSubmit={(e) => {
            e.preventDefault();
            const mode: AttemptMode = byPhone ? 'PHONE' : 'IN_PERSON';
            void record({ elderId, slotId, mode, reason, note: note.trim() || null, releaseSlot: release }).then(
              (r) => r && onChanged(),
            );
          }}
        >
          <fieldset>
            <legend>{t.volunteer.reach.reasonLegend}</legend>
            {REASONS.map((r) => (
              <label key={r} className="v-radio">
                <input type="radio" name={`reason-${slotId}`} checked={reason === r} onChange={() => setReason(r)} />
                {t.volunteer.reach.reasons[r]}
              </label>
            ))}
          </fieldset>
          <label className="v-field">
            <span>{t.volunteer.reach.note}</span>
            <input value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} />
          </label>
          <label className="v-check">
            <input type="checkbox" checked={release} onChange={(e) => setRelease(e.target.checked)} />
            {t.volunteer.reach.release}
          </label>
          <div className="v-slot-actions">
            <Button type="submit" busy={recorded.loading}>{t.volunteer.reach.submit}</Button>
            <Button variant="link" onClick={() => setOpen(false)}>{t.volunteer.reach.cancel}</Button>
          </div>
        </form>
      ) : (
        <Button variant="secondary" onClick={() => setOpen(true)}>{t.volunteer.reach.notReached}</Button>
      )}
      {recorded.error ? <Problem error={recorded.error} /> : null}
    </div>
  );
}

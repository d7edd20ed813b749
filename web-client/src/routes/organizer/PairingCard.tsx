import { useState, type FormEvent } from 'react';
import { useRole } from '../../api/auth';
import { toApiError, type ApiError } from '../../api/errors';
import { openPage } from '../../api/files';
import { useMutation, useQuery } from '../../api/hooks';
import { Button } from '../../components/Button';
import { SelectField } from '../../components/ChoiceFields';
import { ErrorBox } from '../../components/ErrorBox';
import { Field } from '../../components/Field';
import { QueryView } from '../../components/QueryView';
import { DeskPairElderDocument, DeskResponsibleContactDocument, type Role } from '../../gql/graphql';
import { format, useT } from '../../i18n';
import { elderPrintPath } from '../forms/forms';
import { useActiveAccounts } from './deskAccounts';
import './messages';

/* GraphQL */ `
  query DeskResponsibleContact($elderId: String!) {
    responsibleContact(elderId: $elderId) { userId name role phoneMasked paired note }
  }

  mutation DeskPairElder($elderId: String!, $contactUserId: String!, $note: String) {
    pairElder(elderId: $elderId, contactUserId: $contactUserId, note: $note) { userId name }
  }
`;

/** Who may be paired (service::pairings::pair): active village staff, town organizers and visitors of the area. */
const CONTACT_ROLES: Role[] = ['VILLAGE_STAFF', 'TOWN_ORGANIZER', 'VISITOR'];

/**
 * 结对联系人 — the elder's responsible contact, pairing another by picking a person of the
 * area from a list, and 打印书面告知: the written notice for the elder and their family.
 */
export function PairingCard({ elderId }: { elderId: string }) {
  const t = useT();
  const d = t.organizer.desk;
  const contact = useQuery(DeskResponsibleContactDocument, { elderId });
  // Pairing picks from the area's accounts, a list open to town organizers (village staff
  // see the contact and print the notice).
  const organizer = useRole() === 'TOWN_ORGANIZER';
  const candidates = useActiveAccounts(CONTACT_ROLES, !organizer);
  const [chosen, setChosen] = useState('');
  const [note, setNote] = useState('');
  const [localError, setLocalError] = useState<string | null>(null);
  const [pair, paired] = useMutation(DeskPairElderDocument);
  const [reason, setReason] = useState('');
  const [printing, setPrinting] = useState(false);
  const [printError, setPrintError] = useState<ApiError | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!chosen) {
      setLocalError(d.chooseRequired);
      return;
    }
    setLocalError(null);
    if (await pair({ elderId, contactUserId: chosen, note: note.trim() || null })) {
      setChosen('');
      setNote('');
      void contact.refetch();
    }
  };
  const print = async () => {
    setPrintError(null);
    setPrinting(true);
    try {
      await openPage(elderPrintPath(elderId, 'notice', reason));
    } catch (e) {
      setPrintError(toApiError(e));
    } finally {
      setPrinting(false);
    }
  };
  const people = candidates.data ?? [];
  return (
    <section className="org-card" aria-labelledby="pair-title" data-testid="pairing-card">
      <h2 id="pair-title">{d.pairTitle}</h2>
      <p className="org-muted org-small">{d.pairHint}</p>
      <QueryView query={contact}>
        {(data) => {
          const c = data.responsibleContact;
          return (
            <dl className="org-dl" data-testid="responsible-contact">
              <dt>{d.current}</dt>
              <dd>
                {c ? (
                  <>
                    {c.name}（{t.roles[c.role]}） <span className="mono">{c.phoneMasked ?? '—'}</span>{' '}
                    <span className="org-badge">{c.paired ? d.pairedBadge : d.byDefault}</span>
                    {c.note ? <span className="org-muted"> · {c.note}</span> : null}
                  </>
                ) : (
                  d.noContact
                )}
              </dd>
            </dl>
          );
        }}
      </QueryView>
      {organizer ? (
        <form onSubmit={submit} noValidate>
          <SelectField
            label={d.choose}
            name="contactUserId"
            value={chosen}
            onChange={(e) => setChosen(e.target.value)}
            error={paired.error}
            localError={localError}
            hint={people.length === 0 && candidates.data ? d.noCandidates : d.chooseHint}
          >
            <option value="">{d.choosePlaceholder}</option>
            {CONTACT_ROLES.map((role) => {
              const group = people.filter((p) => p.role === role);
              return group.length === 0 ? null : (
                <optgroup key={role} label={t.roles[role]}>
                  {group.map((p) => (
                    <option key={p.id} value={p.id}>{p.displayName}</option>
                  ))}
                </optgroup>
              );
            })}
          </SelectField>
          <Field label={d.note} name="note" value={note} maxLength={200} onChange={(e) => setNote(e.target.value)} error={paired.error} />
          <ErrorBox error={paired.error ?? candidates.error} fieldNames={['contactUserId', 'note']} />
          <Button type="submit" busy={paired.loading}>{d.pairSubmit}</Button>
          {paired.data ? <p role="status" className="org-note">{format(d.paired, { name: paired.data.pairElder.name })}</p> : null}
        </form>
      ) : (
        <p className="org-muted org-small">{d.pairedByTown}</p>
      )}
      <h3>{d.printNotice}</h3>
      <p className="org-muted org-small">{d.noticeHint}</p>
      <Field label={d.noticeReason} name="reason" value={reason} maxLength={200} onChange={(e) => setReason(e.target.value)} error={printError} />
      <div className="org-toolbar">
        <Button variant="secondary" busy={printing} onClick={() => void print()} data-testid="print-notice">{d.printNotice}</Button>
      </div>
      <ErrorBox error={printError} fieldNames={['reason']} />
    </section>
  );
}

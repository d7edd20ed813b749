import { useQuery } from '../../api/hooks';
import { ErrorBox } from '../../components/ErrorBox';
import { Loading } from '../../components/Loading';
import { VolunteerCoVisitorChoicesDocument, VolunteerWhoAmIDocument } from '../../gql/graphql';
import { format, useT } from '../../i18n';
import { useCachedQuery } from './cache';
import './messages';

/* GraphQL */ `
  query VolunteerWhoAmI {
    me {
      id
      isMinor
    }
  }
  query VolunteerCoVisitorChoices($slotId: String!) {
    coVisitorChoices(slotId: $slotId) {
      id
      maskedName
      sameSchool
      visitorKind
      phoneMasked
    }
  }
`;

/** Whether the signed-in visitor is a minor (under 18): an in-person visit needs an adult with them. */
export function useIsMinor(): boolean {
  const me = useCachedQuery('who', VolunteerWhoAmIDocument);
  return me.data?.me.isMinor ?? false;
}

/**
 * 同行成年人 — a minor picks the adult who goes with them to an in-person slot, from the adults
 * the server offers (their school's, and approved adults serving where the slot is): names
 * masked, never an account id on screen.
 */
export function CoVisitorPicker({ slotId, value, onChange }: { slotId: string; value: string | null; onChange: (id: string) => void }) {
  const t = useT();
  const choices = useQuery(VolunteerCoVisitorChoicesDocument, { slotId });
  const name = `co-visitor-${slotId}`;
  if (choices.error) return <ErrorBox error={choices.error} onRetry={() => void choices.refetch()} />;
  if (!choices.data) return <Loading />;
  const list = choices.data.coVisitorChoices;
  if (list.length === 0) return <p className="v-meta" role="status">{t.volunteer.coVisitorNone}</p>;
  return (
    <fieldset className="v-grade v-co-visitor" aria-label={t.volunteer.coVisitor}>
      <legend>{t.volunteer.coVisitor}</legend>
      <div className="v-choices v-choices-column">
        {list.map((c) => (
          <label key={c.id} className="v-choice">
            <input type="radio" name={name} checked={value === c.id} onChange={() => onChange(c.id)} />
            <span>
              <strong>{c.maskedName}</strong>
              {' · '}
              {c.sameSchool ? t.volunteer.coVisitorSameSchool : t.volunteer.coVisitorNearby}
              {c.visitorKind ? ` · ${t.volunteer.visitorKinds[c.visitorKind]}` : ''}
              {c.phoneMasked ? ` · ${format(t.volunteer.coVisitorPhone, { phone: c.phoneMasked })}` : ''}
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

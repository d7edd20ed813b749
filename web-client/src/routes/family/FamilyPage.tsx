import { Empty } from '../../components/Empty';
import { Page } from '../../components/Page';
import { QueryView } from '../../components/QueryView';
import { useQuery } from '../../api/hooks';
import { FamilyPageDocument, type FamilyPageQuery } from '../../gql/graphql';
import { format, useT } from '../../i18n';
import { formatDateTime } from '../organizer/util';
import './messages';
import '../volunteer/messages';

/* GraphQL */ `
  query FamilyPage {
    myElder {
      name
      visits {
        visitNo
        startedAt
        mode
        status
        visitorName
      }
      contact {
        name
        roleLabel
        paired
        phone
        phoneMasked
      }
    }
  }
`;

type Elder = NonNullable<FamilyPageQuery['myElder']>;

function ContactCard({ contact }: { contact: Elder['contact'] }) {
  const t = useT();
  return (
    <section className="family-card" aria-labelledby="family-contact">
      <h2 id="family-contact">{t.family.contactTitle}</h2>
      {contact ? (
        <div data-testid="family-contact">
          <p>
            {t.family.contactHint}
            <strong>{contact.name}</strong>（{contact.paired ? t.family.contactPaired : t.family.contactDefault}）
          </p>
          {contact.phone ? (
            <a className="family-tel" href={`tel:${contact.phone}`} aria-label={`${t.family.call} ${contact.name}`}>
              {t.family.call} {contact.phone}
            </a>
          ) : (
            <p>{contact.phoneMasked ?? t.family.noPhone}</p>
          )}
        </div>
      ) : (
        <p>{t.family.noContact}</p>
      )}
    </section>
  );
}

function History({ visits }: { visits: Elder['visits'] }) {
  const t = useT();
  return (
    <section className="family-card" aria-labelledby="family-history">
      <h2 id="family-history">{t.family.historyTitle}</h2>
      <p className="family-hint">{t.family.historyHint}</p>
      {visits.length === 0 ? (
        <Empty title={t.family.noVisits} />
      ) : (
        <ol className="family-visits" data-testid="family-visits">
          {visits.map((v) => (
            <li key={`${v.visitNo}-${v.startedAt}`}>
              <div className="family-visit-head">
                <strong>{formatDateTime(v.startedAt)}</strong>
                <span>{t.volunteer.modes[v.mode]}</span>
              </div>
              <div className="family-visit-meta">
                {format(t.family.visitNo, { n: v.visitNo })} · {format(t.family.visitor, { name: v.visitorName })} ·{' '}
                {t.family.statuses[v.status]}
              </div>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** 家属 — the visits the elder agreed to share, and who to call. */
export function FamilyPage() {
  const t = useT();
  const query = useQuery(FamilyPageDocument, {});
  return (
    <Page title={t.family.title}>
      <QueryView query={query}>
        {(data) =>
          data.myElder ? (
            <div className="family">
              <p className="family-elder">
                {t.family.elder}：<strong>{data.myElder.name}</strong>
              </p>
              <ContactCard contact={data.myElder.contact} />
              <History visits={data.myElder.visits} />
            </div>
          ) : (
            <Empty title={t.family.notShared} />
          )
        }
      </QueryView>
    </Page>
  );
}

import { useQuery } from '../../api/hooks';
import { QueryView } from '../../components/QueryView';
import { MyNoShowsDocument } from '../../gql/graphql';
import { format, useT } from '../../i18n';
import './messages';

/* GraphQL */ `
  query MyNoShows {
    myNoShows {
      inPeriod limit days capacityPerMonth reducedFrom reducedForNoShows reducedForDays
      noShows { windowTo village elder label }
    }
  }
`;

/** 我的未到 — my own no-shows, the district's rule, and why my capacity was halved. */
export function MyNoShows() {
  const t = useT();
  const n = t.volunteer.record.noShows;
  const mine = useQuery(MyNoShowsDocument);
  return (
    <section className="v-card" data-testid="my-no-shows" aria-labelledby="my-no-shows-title">
      <h2 id="my-no-shows-title">{n.title}</h2>
      <QueryView query={mine}>
        {({ myNoShows: m }) => (
          <>
            {m.reducedFrom != null ? (
              <div className="v-training-note" role="status">
                <p>
                  {format(n.reduced, {
                    days: m.reducedForDays ?? m.days,
                    n: m.reducedForNoShows ?? m.inPeriod,
                    from: m.reducedFrom,
                    to: m.capacityPerMonth ?? '',
                  })}
                </p>
                <p>{n.restore}</p>
              </div>
            ) : null}
            {m.noShows.length === 0 ? (
              <p className="v-muted">{n.none}</p>
            ) : (
              <>
                <p>{format(n.count, { days: m.days, n: m.inPeriod })}</p>
                <ul className="v-list">
                  {m.noShows.map((s, i) => (
                    <li key={`${s.windowTo}-${i}`}>{format(n.item, { day: s.windowTo, village: s.village, elder: s.elder, label: s.label })}</li>
                  ))}
                </ul>
              </>
            )}
            <p className="v-muted">{format(n.rule, { days: m.days, limit: m.limit })}</p>
          </>
        )}
      </QueryView>
    </section>
  );
}

import { useQuery } from '../../api/hooks';
import { QueryView } from '../../components/QueryView';
import { VolunteerMyRecordDocument } from '../../gql/graphql';
import { format, useT } from '../../i18n';
import './messages';

/* GraphQL */ `
  query VolunteerMyRecord {
    myVolunteerRecord {
      trainingRequired trained
      trainings { id topic heldOn minutes place office }
      commendations { id title awardedOn reason office }
      evaluations { id period gradeLabel comment office }
    }
  }
`;

/** 培训、表彰、评价 — what my volunteer record holds besides my hours. */
export function MyTrainingRecord() {
  const t = useT();
  const tr = t.volunteer.training;
  const record = useQuery(VolunteerMyRecordDocument);
  return (
    <section className="v-card" data-testid="my-training-record" aria-labelledby="my-training-title">
      <h2 id="my-training-title">{tr.title}</h2>
      <QueryView query={record}>
        {(d) => {
          const r = d.myVolunteerRecord;
          return (
            <>
              {!r.trained ? <p className={r.trainingRequired ? 'v-training-note' : 'v-muted'}>{r.trainingRequired ? tr.required : tr.none}</p> : null}
              {r.trainings.length > 0 ? (
                <>
                  <h3>{tr.trainings}</h3>
                  <ul className="v-list">
                    {r.trainings.map((s) => (
                      <li key={s.id}>{s.heldOn} · {s.topic} · {format(tr.minutes, { n: s.minutes })} · {s.place} · {s.office}</li>
                    ))}
                  </ul>
                </>
              ) : null}
              {r.commendations.length > 0 ? (
                <>
                  <h3>{tr.commendations}</h3>
                  <ul className="v-list">
                    {r.commendations.map((c) => (
                      <li key={c.id}>{c.awardedOn} · {c.title}{c.reason ? `（${c.reason}）` : ''} · {c.office}</li>
                    ))}
                  </ul>
                </>
              ) : null}
              {r.evaluations.length > 0 ? (
                <>
                  <h3>{tr.evaluations}</h3>
                  <ul className="v-list">
                    {r.evaluations.map((e) => (
                      <li key={e.id}>{e.period} · {e.gradeLabel}{e.comment ? `（${e.comment}）` : ''} · {e.office}</li>
                    ))}
                  </ul>
                </>
              ) : null}
            </>
          );
        }}
      </QueryView>
    </section>
  );
}

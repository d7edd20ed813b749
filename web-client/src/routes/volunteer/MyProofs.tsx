import { useState } from 'react';
import { openPage } from '../../api/files';
import { toApiError, type ApiError } from '../../api/errors';
import { useQuery } from '../../api/hooks';
import { Button } from '../../components/Button';
import { ErrorBox } from '../../components/ErrorBox';
import { QueryView } from '../../components/QueryView';
import { MyServiceProofsDocument } from '../../gql/graphql';
import { format, useT } from '../../i18n';
import { hours } from '../../components/hours';
import './messages';

/* GraphQL */ `
  query MyServiceProofs {
    myServiceProofs { id number periodFrom periodTo content minutes printUrl }
  }
`;

/** 我的证明 — the 志愿服务记录证明 offices issued to me, each printable. */
export function MyProofs() {
  const t = useT();
  const p = t.volunteer.record.proofs;
  const proofs = useQuery(MyServiceProofsDocument);
  const [error, setError] = useState<ApiError | null>(null);
  return (
    <section className="v-card" data-testid="my-proofs" aria-labelledby="my-proofs-title">
      <h2 id="my-proofs-title">{p.title}</h2>
      <QueryView query={proofs} isEmpty={(d) => d.myServiceProofs.length === 0} empty={<p className="v-muted">{p.none}</p>}>
        {(d) => (
          <ul className="v-list">
            {d.myServiceProofs.map((proof) => (
              <li key={proof.id} className="v-proof">
                <strong>{proof.number}</strong>
                <span>{format(p.item, { from: proof.periodFrom, to: proof.periodTo, content: proof.content, h: hours(proof.minutes) })}</span>
                <Button variant="secondary" onClick={() => void openPage(proof.printUrl).catch((e: unknown) => setError(toApiError(e)))}>
                  {p.print}
                </Button>
              </li>
            ))}
          </ul>
        )}
      </QueryView>
      {error ? <ErrorBox error={error} /> : null}
    </section>
  );
}

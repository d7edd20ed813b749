import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useQuery } from '../../api/hooks';
import { Button } from '../../components/Button';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { VolunteerAccountStatusDocument } from '../../gql/graphql';
import { useT } from '../../i18n';

/* GraphQL */ `
  query VolunteerAccountStatus {
    me {
      id
      status
    }
  }
`;

/**
 * 待审核 — a visitor whose registration the town has not approved yet sees who approves and
 * what they may do meanwhile, instead of screens that would each answer 无权执行此操作. Any
 * other status, or no answer (offline: the outbox and cached slots must still work), shows
 * the screens.
 */
export function PendingGate({ children }: { children: ReactNode }) {
  const t = useT();
  const me = useQuery(VolunteerAccountStatusDocument, {});
  if (me.data === undefined && me.loading) return <Loading />;
  if (me.data?.me?.status !== 'PENDING') return <>{children}</>;
  return (
    <Page title={t.volunteer.pendingTitle}>
      <div className="v-pending" role="status" data-testid="pending-state">
        <p className="v-pending-lead">{t.volunteer.pendingLead}</p>
        <p>{t.volunteer.pendingWho}</p>
        <p>{t.volunteer.pendingMeanwhile}</p>
        <ul>
          <li>
            <Link to="/v/settings">{t.volunteer.pendingSettings}</Link>
          </li>
          <li>{t.volunteer.pendingAsk}</li>
        </ul>
        <Button variant="secondary" busy={me.loading} onClick={() => void me.refetch()}>
          {t.volunteer.pendingCheck}
        </Button>
      </div>
    </Page>
  );
}

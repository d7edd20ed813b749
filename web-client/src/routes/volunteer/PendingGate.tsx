import { useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { fetchMe, useSession } from '../../api/auth';
import { Button } from '../../components/Button';
import { Page } from '../../components/Page';
import { useT } from '../../i18n';
import './messages';

/**
 * 待审核 — a visitor whose registration the town has not approved yet sees who approves and
 * what they may do meanwhile, instead of screens that would each answer 无权执行此操作. It reads
 * the status the session keeps (from sign-in, refreshed by the "who am I" call every role
 * screen makes on opening), so the slot list does not wait for a round trip of its own. Any
 * other status, or none (offline: the outbox and cached slots must still work), shows the
 * screens.
 */
export function PendingGate({ children }: { children: ReactNode }) {
  const t = useT();
  const status = useSession()?.account.status;
  const [checking, setChecking] = useState(false);
  if (status !== 'PENDING') return <>{children}</>;
  const check = async () => {
    setChecking(true);
    try {
      await fetchMe();
    } catch {
      // Offline or refused: the page stays as it is.
    } finally {
      setChecking(false);
    }
  };
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
        <Button variant="secondary" busy={checking} onClick={() => void check()}>
          {t.volunteer.pendingCheck}
        </Button>
      </div>
    </Page>
  );
}

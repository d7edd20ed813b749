import { format, useT } from '../../i18n';
import { useOnline } from './online';
import { shortBeijing } from './time';
import './messages';

/** Says so when the phone is offline (and, for cached screens, as of when). */
export function OfflineNote({ cachedAt }: { cachedAt?: string | null }) {
  const t = useT();
  const online = useOnline();
  if (online && !cachedAt) return null;
  return (
    <p className="v-offline" role="status" data-testid="offline-note">
      {t.volunteer.offline}
      {cachedAt ? ` ${format(t.volunteer.cachedAt, { at: shortBeijing(cachedAt) })}` : ''}
    </p>
  );
}

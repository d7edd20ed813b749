import { Placeholder } from '../../components/Placeholder';
import { useT } from '../../i18n';

export function SchedulePage() {
  const t = useT();
  return <Placeholder title={t.volunteer.schedule} />;
}

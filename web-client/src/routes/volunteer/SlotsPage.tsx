import { Placeholder } from '../../components/Placeholder';
import { useT } from '../../i18n';

export function SlotsPage() {
  const t = useT();
  return <Placeholder title={t.volunteer.slots} />;
}

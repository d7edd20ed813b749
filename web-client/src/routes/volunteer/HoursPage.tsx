import { Placeholder } from '../../components/Placeholder';
import { useT } from '../../i18n';

export function HoursPage() {
  const t = useT();
  return <Placeholder title={t.volunteer.hours} />;
}

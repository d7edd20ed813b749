import { Placeholder } from '../../components/Placeholder';
import { useT } from '../../i18n';

export function OverviewPage() {
  const t = useT();
  return <Placeholder title={t.organizer.overview} />;
}

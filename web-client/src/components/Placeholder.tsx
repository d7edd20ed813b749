import { useT } from '../i18n';
import { Empty } from './Empty';
import { Page } from './Page';

/** A screen that is not built yet. */
export function Placeholder({ title }: { title: string }) {
  const t = useT();
  return (
    <Page title={title}>
      <Empty title={t.app.comingSoon} />
    </Page>
  );
}

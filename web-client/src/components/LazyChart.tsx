import { lazy, Suspense } from 'react';
import type { ChartProps } from './Chart';
import { Loading } from './Loading';

export type { ChartOption, ChartProps } from './Chart';

const Chart = lazy(() => import('./Chart'));

/** A chart whose ECharts code is fetched the first time one is shown (organizer screens only). */
export function LazyChart(props: ChartProps) {
  return (
    <Suspense fallback={<Loading />}>
      <Chart {...props} />
    </Suspense>
  );
}

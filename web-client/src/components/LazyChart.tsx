import { Suspense } from 'react';
import { preloadable } from '../preloadable';
import type { ChartProps } from './Chart';
import { Loading } from './Loading';

export type { ChartOption, ChartProps } from './Chart';

const chart = preloadable(() => import('./Chart'));
const Chart = chart.Component;

/** Starts fetching the ECharts code before the first chart is shown: a page that will show one calls it when it opens, so the code downloads beside the page's data. */
export function preloadChart(): void {
  chart.load().catch(() => undefined); // shown, or retried, when the chart renders
}

/** A chart whose ECharts code is fetched the first time one is shown (organizer screens only). */
export function LazyChart(props: ChartProps) {
  return (
    <Suspense fallback={<Loading />}>
      <Chart {...props} />
    </Suspense>
  );
}

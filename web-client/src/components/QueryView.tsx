import type { ReactNode } from 'react';
import type { QueryState } from '../api/hooks';
import { Empty } from './Empty';
import { ErrorBox } from './ErrorBox';
import { Loading } from './Loading';

export interface QueryViewProps<T> {
  query: QueryState<T>;
  /** True when the data has nothing to show; then `empty` (default: `<Empty />`) is shown. */
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  children: (data: T) => ReactNode;
}

/** The loading, error and empty states of a query, then its data. */
export function QueryView<T>({ query, isEmpty, empty, children }: QueryViewProps<T>) {
  const { data, error, loading, refetch } = query;
  if (error && data === undefined) return <ErrorBox error={error} onRetry={() => void refetch()} />;
  if (data === undefined) return loading ? <Loading /> : null;
  return (
    <>
      {error ? <ErrorBox error={error} onRetry={() => void refetch()} /> : null}
      {isEmpty?.(data) ? (empty ?? <Empty />) : children(data)}
    </>
  );
}

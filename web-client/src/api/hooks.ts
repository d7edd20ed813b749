import { useCallback, useEffect, useRef, useState } from 'react';
import type { TypedDocumentString } from '../gql/graphql';
import { request, type VarsArg } from './client';
import { ApiError, toApiError } from './errors';

export interface QueryState<TResult> {
  loading: boolean;
  data: TResult | undefined;
  error: ApiError | undefined;
  /** Runs the query again, keeping the current data while it loads. */
  refetch: () => Promise<void>;
}

export interface QueryOptions {
  /** Don't run (yet), e.g. until a required variable is known. */
  skip?: boolean;
}

/**
 * Runs a query on mount and whenever its variables change (compared by value).
 * `useQuery(ElderDocument, { id })`, `useQuery(MeDocument)`.
 */
export function useQuery<TResult, TVars>(
  doc: TypedDocumentString<TResult, TVars>,
  vars?: TVars,
  options: QueryOptions = {},
): QueryState<TResult> {
  // The document and the variables' value stand for the request.
  const key = `${doc.toString()}\n${JSON.stringify(vars ?? {})}`;
  return useLoad(() => request(doc, ...([vars] as VarsArg<TVars>)), key, options);
}

/**
 * Like `useQuery`, for data that takes more than one request: `load` runs on mount and
 * whenever `key` (standing for its inputs) changes, e.g. `allPages` of a paged list.
 */
export function useLoad<T>(load: () => Promise<T>, key: string, options: QueryOptions = {}): QueryState<T> {
  const [state, setState] = useState<Omit<QueryState<T>, 'refetch'>>({
    loading: !options.skip,
    data: undefined,
    error: undefined,
  });
  const latest = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  const run = useCallback(async () => {
    const id = ++latest.current;
    setState((s) => ({ ...s, loading: true, error: undefined }));
    try {
      const data = await loadRef.current();
      if (id === latest.current) setState({ loading: false, data, error: undefined });
    } catch (e) {
      if (id === latest.current) setState((s) => ({ ...s, loading: false, error: toApiError(e) }));
    }
    // `key` stands for the inputs of `load`; the latest `load` is read from the ref.
  }, [key]);

  useEffect(() => {
    if (options.skip) return;
    void run();
    return () => {
      latest.current++; // ignore answers for the old inputs
    };
  }, [run, options.skip]);

  return { ...state, refetch: run };
}

export interface MutationState<TResult> {
  loading: boolean;
  data: TResult | undefined;
  error: ApiError | undefined;
  reset: () => void;
}

/**
 * A mutation to run from an event handler. `mutate` resolves to the result, or to undefined
 * when it failed; the error (with `fieldError(name)`) is in the state.
 */
export function useMutation<TResult, TVars>(
  doc: TypedDocumentString<TResult, TVars>,
): [(...args: VarsArg<TVars>) => Promise<TResult | undefined>, MutationState<TResult>] {
  const [state, setState] = useState<Omit<MutationState<TResult>, 'reset'>>({
    loading: false,
    data: undefined,
    error: undefined,
  });
  const mutate = useCallback(
    async (...args: VarsArg<TVars>) => {
      setState({ loading: true, data: undefined, error: undefined });
      try {
        const data = await request(doc, ...args);
        setState({ loading: false, data, error: undefined });
        return data;
      } catch (e) {
        setState({ loading: false, data: undefined, error: toApiError(e) });
        return undefined;
      }
    },
    [doc],
  );
  const reset = useCallback(() => setState({ loading: false, data: undefined, error: undefined }), []);
  return [mutate, { ...state, reset }];
}

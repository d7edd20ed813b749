import { useEffect, useMemo } from 'react';
import { useQuery, type QueryState } from '../../api/hooks';
import { getSession } from '../../api/session';
import type { TypedDocumentString } from '../../gql/graphql';

const PREFIX = 'tanfang.v.cache.';

interface Cached<T> {
  at: string;
  user: string;
  data: T;
}

function keyOf(name: string): string {
  return PREFIX + name;
}

export function readCache<T>(name: string): Cached<T> | null {
  try {
    const raw = localStorage.getItem(keyOf(name));
    if (!raw) return null;
    const cached = JSON.parse(raw) as Cached<T>;
    // Another account's data is never shown.
    return cached.user === getSession()?.account.id ? cached : null;
  } catch {
    return null;
  }
}

export function writeCache<T>(name: string, data: T): void {
  try {
    const user = getSession()?.account.id;
    if (user) localStorage.setItem(keyOf(name), JSON.stringify({ at: new Date().toISOString(), user, data }));
  } catch {
    // storage full: the screen still works online
  }
}

/**
 * `useQuery`, remembering the last answer on the phone: without a connection the screen shows
 * what it showed last time (`cachedAt` says when) instead of an error.
 */
export function useCachedQuery<TResult, TVars>(
  name: string,
  doc: TypedDocumentString<TResult, TVars>,
  vars?: TVars,
): QueryState<TResult> & { cachedAt: string | null } {
  const query = useQuery(doc, vars);
  useEffect(() => {
    if (query.data !== undefined) writeCache(name, query.data);
  }, [name, query.data]);
  return useMemo(() => {
    if (query.data !== undefined || !query.error || query.error.code !== 'NETWORK') return { ...query, cachedAt: null };
    const cached = readCache<TResult>(name);
    if (!cached) return { ...query, cachedAt: null };
    return { ...query, data: cached.data, error: undefined, cachedAt: cached.at };
  }, [name, query]);
}

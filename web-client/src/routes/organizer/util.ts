import { useEffect, useState } from 'react';
import { useSession } from '../../api/auth';
import { refreshSession } from '../../api/client';
import { ApiError, NETWORK } from '../../api/errors';
import { getSession } from '../../api/session';

/** The district's time zone: months and days are counted in Beijing time, as the server does. */
const TZ = 'Asia/Shanghai';

/** `2026-11`: the current month in district time. */
export function currentMonth(now: Date = new Date()): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit' }).formatToParts(now);
  const y = parts.find((p) => p.type === 'year')?.value ?? '1970';
  const m = parts.find((p) => p.type === 'month')?.value ?? '01';
  return `${y}-${m}`;
}

/** `2026-11-18`: today in district time. */
export function districtToday(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** A visit rate (0–1) as a percentage with one decimal (`12.5%`); `—` when there is none. */
export function formatRate(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || Number.isNaN(rate)) return '—';
  return `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
}

/**
 * An area's two monthly rates, each after its label: `月探访率 80.0%　探访覆盖率 95.0%`
 * (月探访率: every requirement met on time; 探访覆盖率: at least one accepted contact).
 */
export function formatBothRates(
  labels: { visitRate: string; contactRate: string },
  rates: { visitRate: number | null | undefined; contactRate: number | null | undefined },
): string {
  return `${labels.visitRate} ${formatRate(rates.visitRate)}\u3000${labels.contactRate} ${formatRate(rates.contactRate)}`;
}

/** A date-time in district time, `2026-11-30 17:45`. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '—';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: TZ,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(d);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

/** The signed-in organizer's area (town for town organizers, village for village staff). */
export function useAreaCode(): string | null {
  return useSession()?.account.areaCode ?? null;
}

/**
 * GET a path that needs the bearer token (photos, printable forms) as a Blob; refreshes the
 * token once on 401. Throws an ApiError.
 */
export async function fetchAuthorized(path: string): Promise<Blob> {
  const get = async (token: string | undefined) => {
    try {
      return await fetch(path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    } catch (e) {
      throw new ApiError(NETWORK, e instanceof Error ? e.message : String(e));
    }
  };
  let response = await get(getSession()?.accessToken);
  if (response.status === 401 && (await refreshSession())) response = await get(getSession()?.accessToken);
  if (!response.ok) {
    let message = `HTTP ${response.status}`;
    let code = response.status === 403 ? 'FORBIDDEN' : response.status === 404 ? 'NOT_FOUND' : 'UNKNOWN';
    try {
      const body = (await response.json()) as { error?: { code?: string; message?: string }; message?: string; code?: string };
      message = body.error?.message ?? body.message ?? message;
      code = body.error?.code ?? body.code ?? code;
    } catch {
      // not JSON
    }
    throw new ApiError(code, message);
  }
  return response.blob();
}

/** An object URL for an authorized resource, revoked when the component unmounts or `path` changes. */
export function useAuthorizedObjectUrl(path: string | null): { url?: string; error?: ApiError; loading: boolean } {
  const [state, setState] = useState<{ url?: string; error?: ApiError; loading: boolean }>({ loading: !!path });
  useEffect(() => {
    if (!path) return;
    let url: string | undefined;
    let cancelled = false;
    setState({ loading: true });
    fetchAuthorized(path).then(
      (blob) => {
        if (cancelled) return;
        url = URL.createObjectURL(blob);
        setState({ url, loading: false });
      },
      (e: unknown) => {
        if (!cancelled) setState({ loading: false, error: e instanceof ApiError ? e : new ApiError('UNKNOWN', String(e)) });
      },
    );
    return () => {
      cancelled = true;
      if (url) URL.revokeObjectURL(url);
    };
  }, [path]);
  return state;
}

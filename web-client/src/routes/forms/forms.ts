import type { Role } from '../../gql/graphql';

/**
 * 报表 — what the forms page and the print buttons need to know of a district's forms: the
 * server's name of a form in its paths, the periods an export covers, the hand-ins of the
 * pack's months, and the paths to fetch.
 */

/** `YUBEI1` (the API's form code) → `yubei-1` (the form's name in the export and print paths). */
export function formSlug(code: string): string {
  return code.toLowerCase().replace(/(\d+)$/, '-$1');
}

/** A period of an export: a month `2026-11` or a half-year `2026-H2`. */
export type PeriodKind = 'month' | 'halfYear';

/** The half-year holding a month: `2026-11` → `2026-H2`. */
export function halfYearOf(month: string): string {
  const [year, m] = month.split('-');
  return `${year}-H${Number(m) <= 6 ? 1 : 2}`;
}

/** The `n` half-years up to the one holding `month`, latest first. */
export function recentHalfYears(month: string, n: number): string[] {
  const [year = 0, half = 1] = halfYearOf(month).split('-H').map(Number);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const index = year * 2 + (half - 1) - i;
    out.push(`${Math.floor(index / 2)}-H${(index % 2) + 1}`);
  }
  return out;
}

/** Templates of a period's name: `{year}年{month}月`, `{year}年上半年`, `{year}年下半年`. */
export interface PeriodWords {
  month: string;
  firstHalf: string;
  secondHalf: string;
}

/** A period's name in words: `2026-11` → 2026年11月, `2026-H2` → 2026年下半年. */
export function periodLabel(period: string, words: PeriodWords): string {
  const half = /^(\d{4})-H([12])$/.exec(period);
  if (half) return (half[2] === '1' ? words.firstHalf : words.secondHalf).replace('{year}', half[1] ?? '');
  const month = /^(\d{4})-(\d{2})$/.exec(period);
  if (month) return words.month.replace('{year}', month[1] ?? '').replace('{month}', String(Number(month[2])));
  return period;
}

/** One hand-in of the pack: the month it is handed in and the half-year it covers. */
export interface HandInOccasion {
  /** `2026-12`. */
  month: string;
  /** `2026-H2`. */
  period: string;
}

/**
 * The hand-ins of a pack that hands in in `months` (yubei: 6 and 12), latest first: the next
 * one due from `today`'s month, then the `n - 1` before it. Each covers the half-year of its
 * month. None when the pack names no month.
 */
export function handInOccasions(months: readonly number[], currentMonth: string, n: number): HandInOccasion[] {
  const sorted = [...new Set(months)].filter((m) => m >= 1 && m <= 12).sort((a, b) => a - b);
  if (sorted.length === 0) return [];
  const [year = 0, month = 1] = currentMonth.split('-').map(Number);
  // Start at the next hand-in (this month counts), counting back from there.
  let y = year;
  let i = sorted.findIndex((m) => m >= month);
  if (i < 0) {
    i = 0;
    y += 1;
  }
  const out: HandInOccasion[] = [];
  while (out.length < n) {
    const m = `${y}-${String(sorted[i] ?? 1).padStart(2, '0')}`;
    out.push({ month: m, period: halfYearOf(m) });
    i -= 1;
    if (i < 0) {
      i = sorted.length - 1;
      y -= 1;
    }
  }
  return out;
}

/** Roles that may show numbers in full (with a reason), as the server grants `Unmask`. */
const UNMASKERS: readonly Role[] = ['DISTRICT_ADMIN', 'TOWN_ORGANIZER', 'VILLAGE_STAFF'];

export function mayUnmask(role: Role | null | undefined): boolean {
  return role != null && UNMASKERS.includes(role);
}

/** What is wrong with a reason to unmask, before sending: none, missing, or under 4 characters. */
export function reasonProblem(reason: string): 'required' | 'tooShort' | null {
  const text = reason.trim();
  if (!text) return 'required';
  return Array.from(text).length < 4 ? 'tooShort' : null;
}

function query(params: Record<string, string | null | undefined>): string {
  const parts = Object.entries(params)
    .filter((entry): entry is [string, string] => entry[1] != null && entry[1] !== '')
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`);
  return parts.length ? `?${parts.join('&')}` : '';
}

/**
 * `/exports/{form}?area=…[&period=…][&reason=…][&format=…]` — one export of an area; `html`
 * asks for the page to print (打印预览).
 */
export function exportPath(
  form: string,
  area: string,
  period?: string | null,
  reason?: string | null,
  format?: 'html' | null,
): string {
  return `/exports/${encodeURIComponent(form)}${query({ area, period, reason: reason?.trim(), format })}`;
}

/** The forms that are one flat table (台帐, 统计表, 汇总表): the server prints them as a page. */
const FLAT_TABLES: readonly string[] = ['yubei-1', 'linzi-1', 'jiangmen-1', 'ningbo-2'];

/** Whether the server offers the page to print (`format=html`) of a form (its slug). */
export function hasPrintView(slug: string): boolean {
  return FLAT_TABLES.includes(slug);
}

/** `/elders/{id}/print/{form}[?reason=…]` — an elder's registration form. */
export function elderPrintPath(elderId: string, form: string, reason?: string | null): string {
  return `/elders/${encodeURIComponent(elderId)}/print/${encodeURIComponent(form)}${query({ reason: reason?.trim() })}`;
}

/** `/records/{id}/print/{form}` — a visit record on the district's record form. */
export function recordPrintPath(recordId: string, form: string): string {
  return `/records/${encodeURIComponent(recordId)}/print/${encodeURIComponent(form)}`;
}

import type { FactField } from '../../gql/graphql';

/**
 * 事实时间线: how the elder page orders and labels the spans of an elder's facts and the
 * changes as recorded (`elderFactTimeline`). Pure; the page renders what this returns.
 */

/** One fact with its value in words, as the API gives it (`label` 能力程度, `value` 重度失能). */
export interface FactValue {
  field: FactField;
  label: string;
  value: string;
}

export interface FactSpanIn {
  from: string;
  until?: string | null;
  tier?: string | null;
  values: FactValue[];
  changed: FactField[];
}

export interface FactChangeIn {
  effectiveFrom: string;
  recordedAt: string;
  recordedBy: string;
  reason?: string | null;
  backdated: boolean;
  values: FactValue[];
}

/** The fact fields in the schema's order (the order the API lists a span's values in). */
export const FACT_ORDER: readonly FactField[] = [
  'BIRTH_DATE',
  'URBAN_RURAL',
  'ABILITY_LEVEL',
  'HAS_DEMENTIA',
  'HAS_SERIOUS_ILLNESS',
  'DISABILITY_GRADE',
  'ECONOMIC_STATUS',
  'HARDSHIP_SUPPORT',
  'LIVING_ARRANGEMENT',
  'CATEGORIES',
  'CHILDREN_AWAY',
  'RISK_LEVEL',
  'HOUSEHOLD',
];

/**
 * Decision: the values shown for the facts a file was opened with (建档时), the others being
 * behind 查看全部 — the ones the file card shows too and most tiers of the packs read.
 */
export const MAIN_FIELDS: readonly FactField[] = ['CATEGORIES', 'ABILITY_LEVEL', 'LIVING_ARRANGEMENT', 'ECONOMIC_STATUS', 'RISK_LEVEL'];

/** `values` in the schema's order of their fields (fields this build does not know last, as given). */
export function inFactOrder<T extends { field: FactField }>(values: readonly T[]): T[] {
  const rank = (f: FactField) => {
    const i = FACT_ORDER.indexOf(f);
    return i < 0 ? FACT_ORDER.length : i;
  };
  return values
    .map((v, i) => ({ v, i }))
    .sort((a, b) => rank(a.v.field) - rank(b.v.field) || a.i - b.i)
    .map(({ v }) => v);
}

/** The main values of a list (see MAIN_FIELDS), in the schema's order. */
export function mainValues(values: readonly FactValue[]): FactValue[] {
  return inFactOrder(values.filter((v) => MAIN_FIELDS.includes(v.field)));
}

/** One span as the page shows it. */
export interface SpanEntry {
  from: string;
  until: string | null;
  tier: string | null;
  /** The earliest span: the facts the file was opened with (建档时). */
  first: boolean;
  /** Takes effect after today: a planned change (计划生效). */
  planned: boolean;
  /** What the entry lists: the fields that changed in the span, or the main values of the first. */
  shown: FactValue[];
  /** Every fact in effect in the span, when `shown` leaves some out (behind 查看全部); else empty. */
  more: FactValue[];
}

/** The spans newest first, each with what to list; `today` is `YYYY-MM-DD` in district time. */
export function spanEntries(spans: readonly FactSpanIn[], today: string): SpanEntry[] {
  const earliest = spans.reduce<string | null>((min, s) => (min === null || s.from < min ? s.from : min), null);
  return [...spans]
    .sort((a, b) => (a.from < b.from ? 1 : a.from > b.from ? -1 : 0))
    .map((s) => {
      const first = s.from === earliest;
      const all = inFactOrder(s.values);
      const shown = first ? mainValues(all) : all.filter((v) => s.changed.includes(v.field));
      return {
        from: s.from,
        until: s.until ?? null,
        tier: s.tier ?? null,
        first,
        planned: s.from > today,
        shown,
        more: shown.length < all.length ? all : [],
      };
    });
}

/** One recorded change as the page shows it. */
export interface ChangeEntry extends FactChangeIn {
  /** The first recorded change: the one the file was opened with (建档). */
  opening: boolean;
  /** Recorded back-dated (回溯): takes effect before the day it was recorded; never the opening. */
  backdated: boolean;
  /** Takes effect after today (计划生效). */
  planned: boolean;
  shown: FactValue[];
  more: FactValue[];
}

/**
 * The changes newest recorded first. Decision: the change that opened the file is marked 建档,
 * not 回溯, though its facts take effect from the day the elder entered service (before the
 * file was entered): it corrects nothing. Its main values are listed, the rest behind 查看全部.
 */
export function changeEntries(changes: readonly FactChangeIn[], today: string): ChangeEntry[] {
  const byRecorded = changes
    .map((c, i) => ({ c, i, at: Date.parse(c.recordedAt) }))
    .sort((a, b) => a.at - b.at || a.i - b.i);
  const opening = byRecorded[0]?.c;
  return byRecorded
    .reverse()
    .map(({ c }) => {
      const isOpening = c === opening;
      const all = inFactOrder(c.values);
      const shown = isOpening ? mainValues(all) : all;
      return {
        ...c,
        recordedBy: recorderName(c.recordedBy),
        opening: isOpening,
        backdated: c.backdated && !isOpening,
        planned: c.effectiveFrom > today,
        shown,
        more: shown.length < all.length ? all : [],
      };
    });
}

/**
 * Who recorded a change, as a person reads it: the API gives an account as `user:<username>`
 * (and the system as 系统); the prefix is no word of anyone's, so the username is shown.
 */
export function recorderName(label: string): string {
  return label.startsWith('user:') ? label.slice('user:'.length) : label;
}

/** `能力程度：重度失能` (Chinese colon: the labels and values are the API's Chinese words). */
export function factText(v: FactValue): string {
  return `${v.label}：${v.value}`;
}

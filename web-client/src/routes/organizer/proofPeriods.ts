import { recentTerms, termOf } from '../school/term';

/** The first and last day (`YYYY-MM-DD`) of a school term (`2026-spring`: Feb–Jul; `2026-autumn`: Aug–Jan). */
export function termBounds(term: string): { from: string; to: string } {
  const [yearText, season] = term.split('-');
  const year = Number(yearText);
  return season === 'autumn' ? { from: `${year}-08-01`, to: `${year + 1}-01-31` } : { from: `${year}-02-01`, to: `${year}-07-31` };
}

export type Preset = 'thisYear' | 'thisTerm' | 'lastTerm' | 'custom';

/**
 * The period a preset means on `today`: this year and this term run to today (a proof cannot
 * cover days to come); the last term is whole. `null` for a custom period.
 */
export function presetPeriod(preset: Preset, today: string): { from: string; to: string } | null {
  const current = termOf(today);
  switch (preset) {
    case 'thisYear':
      return { from: `${today.slice(0, 4)}-01-01`, to: today };
    case 'thisTerm':
      return { from: termBounds(current).from, to: today };
    case 'lastTerm':
      return termBounds(recentTerms(current, 2)[1] ?? current);
    case 'custom':
      return null;
  }
}

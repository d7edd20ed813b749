/** School terms: spring is February–July (`2026-spring`), autumn August–January (`2026-autumn`, named by its first year). */

export { todayInChina } from '../district/dates';

/** The term containing a day (`YYYY-MM-DD`). */
export function termOf(day: string): string {
  const year = Number(day.slice(0, 4));
  const month = Number(day.slice(5, 7));
  if (month === 1) return `${year - 1}-autumn`;
  return month >= 8 ? `${year}-autumn` : `${year}-spring`;
}

/** The current term and the `count - 1` before it, newest first. */
export function recentTerms(current: string, count = 6): string[] {
  const out: string[] = [];
  let [yearText, season] = current.split('-');
  let year = Number(yearText);
  for (let i = 0; i < count; i++) {
    out.push(`${year}-${season}`);
    if (season === 'autumn') season = 'spring';
    else {
      season = 'autumn';
      year -= 1;
    }
  }
  return out;
}

/** `2026-autumn` → 2026年秋季学期 / Autumn 2026. */
export function termLabel(term: string, lang: 'zh' | 'en'): string {
  const [year, season] = term.split('-');
  if (lang === 'en') return `${season === 'autumn' ? 'Autumn' : 'Spring'} ${year}`;
  return `${year}年${season === 'autumn' ? '秋季' : '春季'}学期`;
}

/** Minutes as hours with one decimal: 90 → "1.5". */
export function hoursOf(minutes: number): string {
  return (Math.round((minutes / 60) * 10) / 10).toString();
}

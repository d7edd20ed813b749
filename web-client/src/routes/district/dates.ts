/** Today's date in district time (China), `YYYY-MM-DD`. */
export function todayInChina(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** `2026-11` of a day. */
export function monthOf(day: string): string {
  return day.slice(0, 7);
}

/** A day plus `n` days (`YYYY-MM-DD`, calendar arithmetic in UTC). */
export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** The first day of the month after `day`'s. */
export function firstOfNextMonth(day: string): string {
  const d = new Date(`${day.slice(0, 7)}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + 1);
  return d.toISOString().slice(0, 10);
}

/** The pack choice in force on `day`: the latest whose `effectiveFrom` is not after it. */
export function inForce<T extends { effectiveFrom: string }>(history: readonly T[], day: string): T | undefined {
  let found: T | undefined;
  for (const choice of history) {
    if (choice.effectiveFrom <= day && (!found || choice.effectiveFrom >= found.effectiveFrom)) found = choice;
  }
  return found;
}

/** A rate 0–1 as a percentage with one decimal; `—` when there is none. */
export function percent(rate: number | null | undefined): string {
  return rate == null ? '—' : `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
}

/** An instant as `YYYY-MM-DD HH:MM` in district time (China). */
export function dateTimeInChina(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(d);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

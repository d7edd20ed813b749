/**
 * District time. The districts are in China (UTC+8, no daylight saving); a visit's times are
 * written and shown in Beijing time whatever the phone's own time zone.
 */
const OFFSET_MS = 8 * 3600 * 1000;

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** `YYYY-MM-DDTHH:MM` in Beijing time, for a `datetime-local` input. */
export function toBeijingInput(date: Date): string {
  const b = new Date(date.getTime() + OFFSET_MS);
  return `${b.getUTCFullYear()}-${pad(b.getUTCMonth() + 1)}-${pad(b.getUTCDate())}T${pad(b.getUTCHours())}:${pad(b.getUTCMinutes())}`;
}

/** RFC 3339 with the +08:00 offset, to the second: `2026-11-30T17:05:09+08:00`. */
export function toBeijingRfc3339(date: Date): string {
  const b = new Date(date.getTime() + OFFSET_MS);
  return `${b.getUTCFullYear()}-${pad(b.getUTCMonth() + 1)}-${pad(b.getUTCDate())}T${pad(b.getUTCHours())}:${pad(b.getUTCMinutes())}:${pad(b.getUTCSeconds())}+08:00`;
}

/** A `datetime-local` value read as Beijing time; null when empty or malformed. */
export function fromBeijingInput(value: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m;
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0));
  return Number.isNaN(utc) ? null : new Date(utc - OFFSET_MS);
}

/** Today in Beijing, `YYYY-MM-DD`. */
export function beijingToday(now: Date = new Date()): string {
  return toBeijingInput(now).slice(0, 10);
}

/** `MM-DD HH:MM` of an RFC 3339 instant, in Beijing time (short labels). */
export function shortBeijing(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return toBeijingInput(d).slice(5).replace('T', ' ');
}

/**
 * 关账 — how a closed month's figures and its corrections (更正) read: the moment the
 * figures are known at, the areas' names, an elder's result as reported and now.
 */
import type { Lang, Messages } from '../i18n';

type Words = Messages['closedMonth'];

/** The district's time zone: deadlines and record times are read in Beijing time. */
const TZ = 'Asia/Shanghai';

/**
 * An instant as `YYYY-MM-DD HH:MM` in district time. An exact midnight is written as `24:00`
 * of the day before, as deadlines are (截至 2026-11-05 24:00: the end of the 5th).
 */
export function districtTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const parts = (at: Date) => {
    const all = new Intl.DateTimeFormat('en-CA', {
      timeZone: TZ,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    }).formatToParts(at);
    const get = (type: string) => all.find((p) => p.type === type)?.value ?? '';
    return { day: `${get('year')}-${get('month')}-${get('day')}`, hour: get('hour'), minute: get('minute'), second: get('second') };
  };
  const p = parts(d);
  if (p.hour === '00' && p.minute === '00' && p.second === '00' && d.getMilliseconds() === 0) {
    return `${parts(new Date(d.getTime() - 1)).day} 24:00`;
  }
  return `${p.day} ${p.hour}:${p.minute}`;
}

/** An area's code and name, as the coverage lists them. */
export interface Named {
  code: string;
  name: string;
}

/** The names of every area the lists hold, by code (the reported lists and those of now). */
export function areaNames(...lists: (readonly Named[] | Named | null | undefined)[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const list of lists) {
    if (!list) continue;
    for (const area of Array.isArray(list) ? (list as readonly Named[]) : [list as Named]) {
      if (area.name) names.set(area.code, area.name);
    }
  }
  return names;
}

/** The result words the server writes (达标, 未达标, 不计入), by their key in the dictionary. */
const OUTCOMES: Record<string, keyof Words['outcome']> = { 达标: 'MET', 未达标: 'NOT_MET', 不计入: 'NOT_COUNTED' };

/** An elder's result in the current language; an unknown word is shown as the server wrote it. */
export function outcomeText(words: Words, result: string): string {
  const key = OUTCOMES[result];
  return key ? words.outcome[key] : result;
}

/** `达标 → 未达标`: the elder's result as reported, then as it would be now. */
export function outcomeChange(words: Words, reported: string, now: string): string {
  return `${outcomeText(words, reported)} → ${outcomeText(words, now)}`;
}

/** How the month closed, in the current language (the server writes it in Chinese). */
export function howText(words: Words, lang: Lang, how: string): string {
  if (lang === 'zh') return how;
  const key = (Object.keys(words.how) as (keyof Words['how'])[]).find((k) => HOW_ZH[k] === how);
  return key ? words.how[key] : how;
}
const HOW_ZH: Record<keyof Words['how'], string> = { DEADLINE: '报送截止自动关账', ADMIN: '区级管理员关账' };

/** A correction's kind in the current language: the server's label in Chinese. */
export function kindText(words: Words, lang: Lang, c: { kind: keyof Words['kind']; kindLabel: string }): string {
  return lang === 'zh' ? c.kindLabel : (words.kind[c.kind] ?? c.kindLabel);
}

/** One elder's corrections: their result as reported → now, and what was recorded, oldest first. */
export interface ElderCorrections<C> {
  elderId: string;
  elderName: string;
  villageCode: string;
  reported: string;
  now: string;
  items: C[];
}

/**
 * The corrections by elder, in the order their first one was recorded (the server lists them
 * oldest first): an elder's result changed once, whatever changed it.
 */
export function byElder<C extends { elderId: string; elderName: string; villageCode: string; reported: string; now: string }>(
  corrections: readonly C[],
): ElderCorrections<C>[] {
  const groups = new Map<string, ElderCorrections<C>>();
  for (const c of corrections) {
    const group = groups.get(c.elderId);
    if (group) group.items.push(c);
    else groups.set(c.elderId, { elderId: c.elderId, elderName: c.elderName, villageCode: c.villageCode, reported: c.reported, now: c.now, items: [c] });
  }
  return [...groups.values()];
}

/** How many elders' corrections are shown at first, and how many more each 显示更多 adds. */
export const FIRST_SHOWN = 20;
export const MORE_SHOWN = 50;

/** How many elders to show after `clicks` presses of 显示更多, never more than there are. */
export function shownCount(total: number, clicks: number): number {
  return Math.min(total, FIRST_SHOWN + clicks * MORE_SHOWN);
}

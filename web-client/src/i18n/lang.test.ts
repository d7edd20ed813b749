import { describe, expect, it } from 'vitest';
import { en } from './en';
import { format, htmlLang, loadLang, localMessage } from './lang';
import type { PartName } from './types';
import { zh } from './zh';

function keys(o: object, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) =>
    typeof v === 'object' && v !== null ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

/** Every part's module pair (`registerPart`): the whole dictionary in both languages. */
const PARTS = {
  volunteer: ['../routes/volunteer/messages', '../routes/volunteer/messages.en'],
  organizer: ['../routes/organizer/messages', '../routes/organizer/messages.en'],
  school: ['../routes/school/messages', '../routes/school/messages.en'],
  city: ['../routes/city/messages', '../routes/city/messages.en'],
  district: ['../routes/district/messages', '../routes/district/messages.en'],
  forms: ['../routes/forms/messages', '../routes/forms/messages.en'],
  family: ['../routes/family/messages', '../routes/family/messages.en'],
  signUp: ['../routes/signup/messages', '../routes/signup/messages.en'],
  deadLetters: ['../components/deadLettersMessages', '../components/deadLettersMessages.en'],
  settings: ['../components/notificationSettingsMessages', '../components/notificationSettingsMessages.en'],
  surgeBanner: ['../components/surgeBannerMessages', '../components/surgeBannerMessages.en'],
  closedMonth: ['../components/closedMonthMessages', '../components/closedMonthMessages.en'],
  organisation: ['../routes/organisation/messages', '../routes/organisation/messages.en'],
} satisfies Record<PartName, [string, string]>;

async function whole(): Promise<[object, object]> {
  const zhAll: Record<string, unknown> = { ...zh };
  const enAll: Record<string, unknown> = { ...en };
  for (const [part, [zhModule, enModule]] of Object.entries(PARTS)) {
    zhAll[part] = (await import(zhModule))[`${part}Zh`];
    enAll[part] = (await import(enModule))[`${part}En`];
  }
  return [zhAll, enAll];
}

describe('dictionaries', () => {
  it('have the same keys, every part included (the types enforce it; this guards against casts)', async () => {
    const [zhAll, enAll] = await whole();
    expect(keys(zhAll).length).toBeGreaterThan(1000);
    expect(keys(enAll).sort()).toEqual(keys(zhAll).sort());
  });
  it('have no empty strings', async () => {
    for (const d of await whole()) for (const k of keys(d)) expect(k.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], d)).not.toBe('');
  });
});

describe('localMessage', () => {
  it('picks the half of a bilingual server message', () => {
    const m = '登录已失效，请重新登录 (invalid or expired token)';
    expect(localMessage(m, 'zh')).toBe('登录已失效，请重新登录');
    expect(localMessage(m, 'en')).toBe('invalid or expired token');
  });
  it('leaves Chinese-only messages alone', () => {
    expect(localMessage('月份格式应为 2026-11', 'en')).toBe('月份格式应为 2026-11');
    expect(localMessage('姓名（必填）', 'en')).toBe('姓名（必填）');
  });
});

describe('lang', () => {
  it('defaults to Chinese', () => {
    expect(loadLang({ getItem: () => null })).toBe('zh');
    expect(loadLang({ getItem: () => 'fr' })).toBe('zh');
    expect(loadLang({ getItem: () => 'en' })).toBe('en');
    expect(htmlLang('zh')).toBe('zh-CN');
  });
  it('formats placeholders', () => {
    expect(format('共 {n} 位老人', { n: 3 })).toBe('共 3 位老人');
    expect(format('{missing}', {})).toBe('{missing}');
  });
});

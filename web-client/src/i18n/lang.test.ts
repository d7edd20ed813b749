import { describe, expect, it } from 'vitest';
import { en } from './en';
import { format, htmlLang, loadLang, localMessage } from './lang';
import { zh } from './zh';

function keys(o: object, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) =>
    typeof v === 'object' && v !== null ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

describe('dictionaries', () => {
  it('have the same keys (the type enforces it; this guards against casts)', () => {
    expect(keys(en).sort()).toEqual(keys(zh).sort());
  });
  it('have no empty strings', () => {
    for (const d of [zh, en]) for (const k of keys(d)) expect(k.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], d)).not.toBe('');
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

import type { Lang } from './types';

const KEY = 'tanfang.lang';

/** The saved language; Chinese unless the user switched. */
export function loadLang(storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): Lang {
  return storage?.getItem(KEY) === 'en' ? 'en' : 'zh';
}

export function saveLang(lang: Lang, storage: Pick<Storage, 'setItem'> | undefined = globalThis.localStorage): void {
  storage?.setItem(KEY, lang);
}

/** The BCP 47 tag for `<html lang>`. */
export function htmlLang(lang: Lang): string {
  return lang === 'zh' ? 'zh-CN' : 'en';
}

/**
 * The server writes many messages as `中文 (english)`; keep the half for the language.
 * A message without an English half is returned as is.
 */
export function localMessage(message: string, lang: Lang): string {
  const m = /^(.*\S)\s*\(([\x20-\x7e]+)\)$/s.exec(message);
  if (!m) return message;
  return (lang === 'en' ? m[2] : m[1]) ?? message;
}

/** Replaces `{name}` placeholders. */
export function format(template: string, vars: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in vars ? String(vars[name]) : whole,
  );
}

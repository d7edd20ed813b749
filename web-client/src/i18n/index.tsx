import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { htmlLang, loadLang, saveLang } from './lang';
import type { Lang, Messages } from './types';
import { zh } from './zh';

export type { Lang, Messages } from './types';
export { format, localMessage } from './lang';

/**
 * The dictionaries loaded so far. Chinese is in the entry; English (every screen's text again)
 * is a chunk of its own, loaded when chosen, so that the first page a volunteer opens on a slow
 * phone network does not download a language they do not read.
 */
const DICTS: Partial<Record<Lang, Messages>> = { zh };

function loadDict(lang: Lang): Promise<Messages> {
  const loaded = DICTS[lang];
  if (loaded) return Promise.resolve(loaded);
  return import('./en').then(({ en }) => (DICTS.en = en));
}

interface I18n {
  lang: Lang;
  t: Messages;
  setLang: (lang: Lang) => void;
}

const I18nContext = createContext<I18n>({ lang: 'zh', t: zh, setLang: () => undefined });

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(loadLang);
  // The dictionary shown: Chinese until the chosen one has loaded.
  const [t, setT] = useState<Messages>(() => DICTS[lang] ?? zh);
  const setLang = useCallback((next: Lang) => {
    saveLang(next);
    setLangState(next);
  }, []);
  useEffect(() => {
    let current = true;
    void loadDict(lang).then((dict) => {
      if (current) setT(dict);
    });
    return () => {
      current = false;
    };
  }, [lang]);
  useEffect(() => {
    document.documentElement.lang = htmlLang(lang);
    document.title = t.app.name;
  }, [lang, t]);
  const value = useMemo(() => ({ lang, t, setLang }), [lang, t, setLang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

/** The current dictionary: `const t = useT(); t.login.title`. */
export function useT(): Messages {
  return useContext(I18nContext).t;
}

/** The current language and its setter, for the switch and for formatting. */
export function useLang(): Pick<I18n, 'lang' | 'setLang'> {
  const { lang, setLang } = useContext(I18nContext);
  return { lang, setLang };
}

import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { en } from './en';
import { htmlLang, loadLang, saveLang } from './lang';
import type { Lang, Messages } from './types';
import { zh } from './zh';

export type { Lang, Messages } from './types';
export { format, localMessage } from './lang';

const DICTS: Record<Lang, Messages> = { zh, en };

interface I18n {
  lang: Lang;
  t: Messages;
  setLang: (lang: Lang) => void;
}

const I18nContext = createContext<I18n>({ lang: 'zh', t: zh, setLang: () => undefined });

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(loadLang);
  const setLang = useCallback((next: Lang) => {
    saveLang(next);
    setLangState(next);
  }, []);
  useEffect(() => {
    document.documentElement.lang = htmlLang(lang);
    document.title = DICTS[lang].app.name;
  }, [lang]);
  const value = useMemo(() => ({ lang, t: DICTS[lang], setLang }), [lang, setLang]);
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

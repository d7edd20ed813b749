import { createContext, useContext, useEffect, useMemo, useSyncExternalStore, type ReactNode } from 'react';
import { htmlLang } from './lang';
import { setLang, shownNow, subscribe } from './parts';
import type { Lang, Messages } from './types';

export type { Lang, Messages } from './types';
export { format, localMessage } from './lang';
export { registerPart } from './parts';

/**
 * The dictionary: the core in the entry, each screen's part with its screens, English loaded
 * when chosen (`parts.ts`), so that the first page a volunteer opens on a slow phone network
 * downloads neither the other roles' text nor a language they do not read.
 */
interface I18n {
  lang: Lang;
  t: Messages;
  setLang: (lang: Lang) => void;
}

const choose = (next: Lang) => void setLang(next).catch(() => undefined);
const I18nContext = createContext<I18n>({ ...shownNow(), setLang: choose });

export function I18nProvider({ children }: { children: ReactNode }) {
  // The dictionary shown (a new object when a language or a part's English comes in) and its language.
  const { lang, t } = useSyncExternalStore(subscribe, shownNow);
  useEffect(() => {
    document.documentElement.lang = htmlLang(lang);
    document.title = t.app.name;
  }, [lang, t]);
  const value = useMemo(() => ({ lang, t, setLang: choose }), [lang, t]);
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

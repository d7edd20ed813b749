import { useLang, useT } from '../i18n';

/** Switches between 中文 and English; the choice is remembered on this device. */
export function LanguageSwitch() {
  const { lang, setLang } = useLang();
  const t = useT();
  const next = lang === 'zh' ? 'en' : 'zh';
  return (
    <button
      type="button"
      className="lang-switch"
      lang={next === 'zh' ? 'zh-CN' : 'en'}
      aria-label={`${t.app.language}: ${t.app.switchTo}`}
      onClick={() => setLang(next)}
      data-testid="lang-switch"
    >
      {t.app.switchTo}
    </button>
  );
}

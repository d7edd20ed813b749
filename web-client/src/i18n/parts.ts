import { loadLang, saveLang } from './lang';
import type { Core, Lang, Messages, PartName, Parts, Widen } from './types';
import { zh } from './zh';

/**
 * The dictionary in use, assembled from parts.
 *
 * The core (`zh.ts`) is in the entry. Each screen's text is a part in a module beside the
 * screen that registers it when it is evaluated (`registerPart`), so it comes with the chunk
 * of the screens that show it: the volunteer's phone downloads the volunteer's Chinese, not
 * every role's. English, the core's and each registered part's, is loaded when chosen; until it
 * is in, the Chinese is shown.
 *
 * A module that reads `t.<part>` imports the part's module (`src/i18n/parts.test.ts` checks
 * it), so the part is registered before anything that reads it renders.
 */
interface Part {
  zh: unknown;
  en?: unknown;
  loadEn: () => Promise<unknown>;
}

const parts = new Map<PartName, Part>();
let enCore: Core | undefined;
let lang: Lang = loadLang();
let shown: Shown = { lang, t: assemble() };
const listeners = new Set<() => void>();

/** The dictionary of `lang` with the parts registered so far (Chinese where English is not in yet). */
function assemble(): Messages {
  const en = lang === 'en' ? enCore : undefined;
  const d: Record<string, unknown> = { ...(en ?? zh) };
  for (const [name, part] of parts) d[name] = (en && part.en) || part.zh;
  // Parts not registered yet are absent; only a module that imported a part reads it.
  return d as unknown as Messages;
}

function changed() {
  shown = { lang, t: assemble() };
  listeners.forEach((listener) => listener());
}

let loading: Promise<void> | undefined;

/**
 * Loads the English of the core and of every registered part not loaded yet, then shows it. A
 * failed load (no connection) leaves the Chinese up; choosing English again tries again.
 */
function loadEnglish(): Promise<void> {
  if (loading) return loading;
  const work = Promise.all([
    enCore ? undefined : import('./en').then((m) => void (enCore = m.en)),
    ...[...parts.values()].filter((p) => !p.en).map((p) => p.loadEn().then((en) => void (p.en = en))),
  ])
    .finally(() => {
      loading = undefined;
    })
    .then(() => {
      if (lang !== 'en') return;
      changed();
      // A part registered while these loaded.
      if ([...parts.values()].some((p) => !p.en)) return loadEnglish();
    });
  loading = work;
  return work;
}

/**
 * Adds a screen's part to the dictionary: its Chinese at once (the module is evaluated before
 * the screens that import it render), its English (`loadEn`) when English is or becomes the
 * language.
 */
export function registerPart<K extends PartName>(name: K, zhPart: Parts[K], loadEn: () => Promise<Widen<Parts[K]>>): void {
  if (parts.has(name)) return;
  parts.set(name, { zh: zhPart, loadEn });
  // Into the dictionary already handed out, too: a screen rendering now reads it from there.
  (shown.t as unknown as Record<string, unknown>)[name] = zhPart;
  if (lang === 'en') loadEnglish().catch(() => undefined);
}

/** The language and the dictionary shown. */
export interface Shown {
  lang: Lang;
  t: Messages;
}

/** What is shown; a new object each time the language or its text changes (`subscribe`). */
export function shownNow(): Shown {
  return shown;
}

/** Switches the language (and saves the choice); resolves once its text is shown. */
export function setLang(next: Lang): Promise<void> {
  saveLang(next);
  if (next !== lang) {
    lang = next;
    changed();
  }
  return next === 'en' ? loadEnglish() : Promise.resolve();
}

export function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

// Chosen before: load it with the page.
if (lang === 'en') loadEnglish().catch(() => undefined);

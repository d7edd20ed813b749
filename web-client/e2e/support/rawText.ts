/**
 * No code, key, path or UUID on a person's screen (issue #19): the visible text of a page is
 * checked against the shapes machine text takes. Every spec runs it before each screenshot it
 * writes and at its end (support/test.ts). Text a person is meant to copy (a calendar feed's
 * address) sits in an element marked `data-raw-ok`, which is skipped.
 */
import type { Page } from '@playwright/test';

export const RAW_SHAPES: { what: string; re: RegExp }[] = [
  { what: 'a UUID', re: /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/i },
  { what: 'a snake_case code', re: /\b[a-z]+(?:_[a-z0-9]+)+\b/ },
  { what: 'an ENUM_CODE', re: /\b[A-Z]+(?:_[A-Z]+)+\b/ },
  { what: 'a camelCase key', re: /\b[a-z]+(?:[A-Z][a-z]+)+\b/ },
  { what: 'a dotted key with its value', re: /\b[a-z]+\.[a-z][A-Za-z]*\s*[=:：]/ },
  { what: 'a file path', re: /\bseeds\/|\.(?:txt|toml|rs)\b/ },
  { what: 'a 12-digit area code', re: /(?<![\d*])\d{12}(?![\d*])/ },
  { what: 'a term code', re: /\b\d{4}-(?:spring|autumn)\b/ },
  { what: 'a rule in the pack language', re: /\b(?:age\s*[<>=]=?\s*\d+|\w+ or \w+_\w+)/ },
];

/** The raw shapes found in `text`, each with the text around it. */
export function rawShapesIn(text: string): string[] {
  const found: string[] = [];
  for (const { what, re } of RAW_SHAPES) {
    const m = re.exec(text);
    if (m) {
      const at = m.index;
      found.push(`${what}: “…${text.slice(Math.max(0, at - 30), at + m[0].length + 30).replace(/\s+/g, ' ')}…”`);
    }
  }
  return found;
}

/** The visible text of the page, without the parts marked `data-raw-ok`; null off the app. */
export async function visibleText(page: Page): Promise<string | null> {
  if (page.isClosed()) return null;
  const url = page.url();
  if (!/^https?:/.test(url) || /\/(graphiql|health|graphql)\b/.test(new URL(url).pathname)) return null;
  return page.evaluate(() => {
    const body = document.body;
    if (!body) return '';
    const clone = body.cloneNode(true) as HTMLElement;
    clone.querySelectorAll('[data-raw-ok], script, style, noscript, [hidden], [aria-hidden="true"]').forEach((e) => e.remove());
    // innerText needs layout: measure the clone off screen.
    clone.style.position = 'absolute';
    clone.style.left = '-99999px';
    document.documentElement.appendChild(clone);
    const text = clone.innerText;
    clone.remove();
    return text;
  });
}

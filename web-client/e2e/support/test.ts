/**
 * `test` and `expect` for every spec: Playwright's, with the browser on the tests' clock
 * (./clock, the server's time). The web client reads today and this month from `Date`, and
 * the server's tokens expire by its own clock, so each browser context gets the clock
 * installed before any page opens; it then runs on at the wall clock's pace. A context a test
 * makes itself (`browser.newContext()`) needs `installClock` too.
 *
 * Every page is also checked for machine text (./rawText): before each screenshot a spec
 * writes, and once more when the test ends.
 */
import { test as base, expect, type BrowserContext, type Page } from '@playwright/test';
import { now } from './clock';
import { rawShapesIn, visibleText } from './rawText';

/** Puts a browser context on the tests' clock (before its first page opens). */
export async function installClock(context: BrowserContext): Promise<void> {
  await context.clock.install({ time: now() });
}

/** Fails with what was found if the page shows a code, key, path or UUID. */
export async function expectNoRawText(page: Page, when: string): Promise<void> {
  const text = await visibleText(page);
  if (text === null) return;
  const found = rawShapesIn(text);
  expect(found, `machine text on ${new URL(page.url()).pathname} (${when})`).toEqual([]);
}

export const test = base.extend({
  context: async ({ context }, use) => {
    await installClock(context);
    await use(context);
  },
  page: async ({ page }, use) => {
    const screenshot = page.screenshot.bind(page);
    page.screenshot = async (options) => {
      await expectNoRawText(page, `screenshot ${options?.path ?? ''}`);
      return screenshot(options);
    };
    await use(page);
    if (test.info().status === 'passed') await expectNoRawText(page, 'end of the test');
  },
});

export { expect };

/**
 * `test` and `expect` for every spec: Playwright's, with the browser on the tests' clock
 * (./clock, the server's time). The web client reads today and this month from `Date`, and
 * the server's tokens expire by its own clock, so each browser context gets the clock
 * installed before any page opens; it then runs on at the wall clock's pace. A context a test
 * makes itself (`browser.newContext()`) needs `installClock` too.
 */
import { test as base, expect, type BrowserContext } from '@playwright/test';
import { now } from './clock';

/** Puts a browser context on the tests' clock (before its first page opens). */
export async function installClock(context: BrowserContext): Promise<void> {
  await context.clock.install({ time: now() });
}

export const test = base.extend({
  context: async ({ context }, use) => {
    await installClock(context);
    await use(context);
  },
});

export { expect };

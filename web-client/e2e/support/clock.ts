/**
 * The tests' clock: the instant the server was started at (`TANFANG_NOW`), running on at the
 * wall clock's pace — the same time the server sees. Visit times, slot days and "today" are
 * read from here, never from the wall clock, so the suite does not depend on when it runs
 * (the first minutes of a Beijing day, the 1st of a month: set TANFANG_E2E_NOW).
 *
 * The global setup chooses the instant and publishes it through the environment, which the
 * Playwright workers inherit (they start after it).
 */

/** The instant to run at when TANFANG_E2E_NOW does not say: mid-month, mid-morning in Beijing. */
export const DEFAULT_NOW = '2026-11-18T10:00:00+08:00';

/** Published by the global setup: the instant (RFC 3339) the server's clock read… */
export const CLOCK_INSTANT_ENV = 'TANFANG_E2E_CLOCK_INSTANT';
/** …at this wall-clock time (ms since the epoch). */
export const CLOCK_STARTED_ENV = 'TANFANG_E2E_CLOCK_STARTED_MS';

/** The instant asked for: TANFANG_E2E_NOW, else [`DEFAULT_NOW`]. Throws on a time that does not parse. */
export function chosenInstant(): string {
  const asked = process.env.TANFANG_E2E_NOW?.trim() || DEFAULT_NOW;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i.test(asked) || Number.isNaN(Date.parse(asked))) {
    throw new Error(`TANFANG_E2E_NOW=${asked}: not an RFC 3339 time such as 2026-11-18T00:02:00+08:00`);
  }
  return asked;
}

/** Publishes the clock: it reads `instant` at wall-clock time `startedMs` (the global setup). */
export function publishClock(instant: string, startedMs: number): void {
  process.env[CLOCK_INSTANT_ENV] = instant;
  process.env[CLOCK_STARTED_ENV] = String(startedMs);
}

/** The current instant, as the server's clock reads it. */
export function now(): Date {
  const instant = process.env[CLOCK_INSTANT_ENV];
  const started = Number(process.env[CLOCK_STARTED_ENV]);
  if (!instant || !Number.isFinite(started)) {
    throw new Error(`${CLOCK_INSTANT_ENV} / ${CLOCK_STARTED_ENV} are not set: the tests' clock is published by e2e/global-setup.ts`);
  }
  return new Date(Date.parse(instant) + (Date.now() - started));
}


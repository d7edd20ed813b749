// How long each desk page takes to answer (issue #19: ≤ 1 s on the demo, median of 5) — measured,
// not a timed test.
//
// Starts nothing itself: point it at a running `tanfang serve` that serves the built client on a
// demo database:
//
//   DESK_BASE_URL=http://127.0.0.1:8080 node scripts/desk.mjs
//
// Signed in as the demo town organizer at 1366 × 900, each page is opened DESK_RUNS times
// (default 5) in a fresh browser context (empty cache: a first visit, the harder case), and timed
// from the start of navigation until its heading is shown, no loading indicator is left
// (`.state-loading`) and its last request has finished (nothing more for 300 ms); then the
// median per page. No network
// throttling: offices work on a wired or office Wi-Fi line. The baseline in the same run is the
// server's `/health` answered over the same HTTP stack (the floor a page cannot beat).
import { chromium } from 'playwright-core';
import { median, session, signedInContext } from './measure.mjs';

const BASE = process.env.DESK_BASE_URL?.replace(/\/$/, '');
const RUNS = Number(process.env.DESK_RUNS ?? 5);
const USER = process.env.DESK_USER ?? 'town.organizer';
const PASSWORD = process.env.DESK_PASSWORD ?? 'tanfang-demo-2026';

/** [path, heading] — the organizer's pages, as its side navigation lists them. */
const PAGES = [
  ['/o', '概览'],
  ['/o/elders', '老人档案'],
  ['/o/plans', '方案'],
  ['/o/review', '审核'],
  ['/o/risks', '风险'],
  ['/o/forms', null],
  ['/o/volunteers', '志愿者'],
];

async function once(browser, path, heading) {
  const signedIn = await session(BASE, USER, PASSWORD);
  const context = await signedInContext(browser, signedIn, { viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
  const page = await context.newPage();
  let inFlight = 0;
  let lastChange = 0;
  page.on('request', () => {
    inFlight++;
    lastChange = Date.now();
  });
  const settle = () => {
    inFlight--;
    lastChange = Date.now();
  };
  page.on('requestfinished', settle);
  page.on('requestfailed', settle);
  const start = Date.now();
  await page.goto(`${BASE}${path}`, { waitUntil: 'commit' });
  for (;;) {
    const shown = await page.evaluate((h) => {
      const title = document.querySelector('main h1');
      return Boolean(title && (h === null || title.textContent?.includes(h)) && !document.querySelector('.state-loading'));
    }, heading);
    // Answered: shown, and the last request finished 300 ms ago (its end is the time taken).
    if (shown && inFlight <= 0 && Date.now() - lastChange >= 300) {
      await context.close();
      return lastChange - start;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function main() {
  if (!BASE) {
    console.error('set DESK_BASE_URL to a running tanfang server with the built client');
    process.exit(2);
  }
  const health = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await (await fetch(`${BASE}/health`)).text();
    health.push(performance.now() - start);
  }
  console.log(`${BASE}: ${USER}, ${RUNS} cold loads per page at 1366 × 900; /health median ${median(health).toFixed(1)} ms`);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run'],
  });
  try {
    for (const [path, heading] of PAGES) {
      const times = [];
      for (let i = 0; i < RUNS; i++) times.push(await once(browser, path, heading));
      console.log(`${path.padEnd(16)} median ${String(Math.round(median(times))).padStart(5)} ms   runs: ${times.map((t) => Math.round(t)).join(', ')} ms`);
    }
  } finally {
    await browser.close();
  }
}

await main();

// Time to interactive of the volunteer slot list (issue: measured, not a timed test).
//
// Starts nothing itself: point it at a running `tanfang serve` that serves the built client
// (`npm run build`; `--web-dir dist`) on a demo database:
//
//   TTI_BASE_URL=http://127.0.0.1:8080 node scripts/tti.mjs
//
// For each profile it opens /v 5 times, each in a fresh browser context (empty HTTP cache, no
// service worker: a volunteer's first visit), signed in as the demo `volunteer`, and reports the
// time from the start of navigation (performance.timeOrigin) until the first slot's 认领 button
// is in the page and enabled; then the median.
//
// Slow 4G, applied through CDP Network.emulateNetworkConditions (Lighthouse's mobile profile):
//   latency  150 ms × 3.75      = 562.5 ms round trip
//   download 1.4 Mbit/s × 0.9   = 1,260,000 bit/s = 157,500 bytes/s
//   upload   675 kbit/s × 0.9   =   607,500 bit/s =  75,937.5 bytes/s
// CPU is not throttled. The baseline is the same without network throttling.
//
// TTI_WATERFALL=1 also prints each slow-4G run's requests (from the CDP Network events): when each
// was sent, its first byte, its end, the bytes received (compressed) and the connection it used.
//
// Settings: TTI_BASE_URL (required), TTI_RUNS (default 5), CHROMIUM_PATH (default /usr/bin/chromium),
// TTI_USER / TTI_PASSWORD (default volunteer / tanfang-demo-2026). When the volunteer sees no
// open slot, the town organizer generates this month's slots first (idempotent).
import { chromium } from 'playwright-core';
import { gql as measureGql, median, session as newSession, signedInContext } from './measure.mjs';

const BASE = process.env.TTI_BASE_URL?.replace(/\/$/, '');
const RUNS = Number(process.env.TTI_RUNS ?? 5);
const USER = process.env.TTI_USER ?? 'volunteer';
const PASSWORD = process.env.TTI_PASSWORD ?? 'tanfang-demo-2026';
const ORGANIZER = process.env.TTI_ORGANIZER ?? 'town.organizer';

export const SLOW_4G = {
  offline: false,
  latency: 150 * 3.75,
  downloadThroughput: (1.4 * 1000 * 1000 * 0.9) / 8,
  uploadThroughput: (675 * 1000 * 0.9) / 8,
};

const gql = (query, variables, token) => measureGql(BASE, query, variables, token);
const session = (username) => newSession(BASE, username, PASSWORD);

async function ensureSlots(token) {
  const { openSlotsNearMe } = await gql('{ openSlotsNearMe(days: 14) { slot { id } } }', {}, token);
  if (openSlotsNearMe.length > 0) return openSlotsNearMe.length;
  const organizer = await session(ORGANIZER);
  const month = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 7);
  await gql('mutation($m: String!, $a: String!) { generateSlots(month: $m, areaCode: $a) { wanted } }', { m: month, a: organizer.account.areaCode }, organizer.accessToken);
  console.log(`(no open slots: ${ORGANIZER} generated ${month}'s slots for ${organizer.account.areaCode})`);
  return (await gql('{ openSlotsNearMe(days: 14) { slot { id } } }', {}, token)).openSlotsNearMe.length;
}

async function once(browser, throttle) {
  // A fresh session per run: a refresh token is usable once.
  const context = await signedInContext(browser, await session(USER), {
    viewport: { width: 360, height: 740 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    serviceWorkers: 'block',
  });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  if (throttle) await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
  const requests = WATERFALL && throttle ? waterfall(cdp) : undefined;
  await page.goto(`${BASE}/v`, { waitUntil: 'commit', timeout: 120_000 });
  const handle = await page.waitForFunction(
    () => {
      const button = document.querySelector('[data-testid="first-slot"] button');
      return button && !button.disabled ? performance.now() : false;
    },
    undefined,
    { polling: 'raf', timeout: 120_000 },
  );
  const ms = await handle.jsonValue();
  if (requests) printWaterfall(requests, await page.evaluate(() => performance.timeOrigin), ms);
  await context.close();
  return ms;
}

const WATERFALL = process.env.TTI_WATERFALL === '1';

/** The page's requests by id, filled in from the Network events as they come. */
function waterfall(cdp) {
  const requests = new Map();
  cdp.on('Network.requestWillBeSent', ({ requestId, request, wallTime, timestamp }) =>
    requests.set(requestId, { url: request.url, method: request.method, wallTime, start: timestamp, bytes: 0 }),
  );
  cdp.on('Network.responseReceived', ({ requestId, timestamp, response }) => {
    const r = requests.get(requestId);
    if (r) Object.assign(r, { firstByte: timestamp, connection: response.connectionId, reused: response.connectionReused });
  });
  cdp.on('Network.loadingFinished', ({ requestId, timestamp, encodedDataLength }) => {
    const r = requests.get(requestId);
    if (r) Object.assign(r, { end: timestamp, bytes: encodedDataLength });
  });
  return requests;
}

function printWaterfall(requests, timeOrigin, interactive) {
  const all = [...requests.values()].sort((a, b) => a.start - b.start);
  // CDP timestamps are monotonic seconds; wallTime (of the request's send) ties them to the clock.
  const first = all[0];
  const at = (t) => (t === undefined ? '—' : String(Math.round((t - first.start) * 1000 + (first.wallTime * 1000 - timeOrigin))).padStart(5));
  console.log(`  sent  first byte   end   bytes  conn  request`);
  for (const r of all) {
    const path = new URL(r.url).pathname + (r.method === 'POST' ? ' (POST)' : '');
    console.log(`  ${at(r.start)}  ${at(r.firstByte)}  ${at(r.end)}  ${String(r.bytes).padStart(6)}  ${String(r.connection ?? '').padStart(4)}  ${path}`);
  }
  console.log(`  interactive at ${Math.round(interactive)} ms`);
}

async function main() {
  if (!BASE) {
    console.error('set TTI_BASE_URL to a running tanfang server with the built client, e.g. http://127.0.0.1:8080');
    process.exit(2);
  }
  const volunteer = await session(USER);
  const open = await ensureSlots(volunteer.accessToken);
  console.log(`${BASE}: ${open} open slots for ${USER}; ${RUNS} cold loads of /v per profile`);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run'],
  });
  try {
    for (const [name, throttle] of [['slow 4G', true], ['no throttling', false]]) {
      const times = [];
      for (let i = 0; i < RUNS; i++) times.push(await once(browser, throttle));
      console.log(
        `${name.padEnd(14)} median ${Math.round(median(times))} ms   runs: ${times.map((t) => Math.round(t)).join(', ')} ms`,
      );
    }
  } finally {
    await browser.close();
  }
  console.log(
    `slow 4G = latency ${SLOW_4G.latency} ms, download ${SLOW_4G.downloadThroughput} B/s (1.4 Mbit/s × 0.9), upload ${SLOW_4G.uploadThroughput} B/s (675 kbit/s × 0.9); CPU not throttled`,
  );
}

await main();

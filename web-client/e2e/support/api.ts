/**
 * What every spec's set-up shares: the demo password, GraphQL calls and tokens through the API,
 * sign-in through the page, district (Beijing) dates, and distinct images to upload.
 */
import { randomBytes } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { expect, type APIRequestContext, type Page } from '@playwright/test';
import { now } from './clock';

/** The password of every demo account. */
export const PASSWORD = 'tanfang-demo-2026';

/** Runs one GraphQL operation that must succeed; returns `data`, else throws with the GraphQL errors. */
export async function gql<T = Record<string, unknown>>(
  request: APIRequestContext,
  token: string | null,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<T> {
  const response = await request.post('/graphql', {
    headers: token ? { authorization: `Bearer ${token}` } : {},
    data: { query, variables },
  });
  const text = await response.text();
  let body: { data?: T; errors?: unknown[] };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    throw new Error(`GraphQL HTTP ${response.status()}: ${text}\n${query}`);
  }
  if (body.errors) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}\n${query}`);
  if (!response.ok()) throw new Error(`GraphQL HTTP ${response.status()}: ${text}\n${query}`);
  return body.data as T;
}

/**
 * Every open slot of an area's month with the given fields (`id` among them): `visitSlots`
 * a page of 500 (the server's largest) at a time, `after` the last slot seen.
 */
export async function openSlots<T extends { id: string }>(
  request: APIRequestContext,
  token: string,
  month: string,
  areaCode: string,
  fields: string,
): Promise<T[]> {
  const query = `query($m: String!, $a: String!, $after: String) {
    visitSlots(month: $m, areaCode: $a, status: OPEN, first: 500, after: $after) { ${fields} } }`;
  const slots: T[] = [];
  let after: string | null = null;
  for (;;) {
    const page: T[] = (await gql<{ visitSlots: T[] }>(request, token, query, { m: month, a: areaCode, after })).visitSlots;
    slots.push(...page);
    const last: T | undefined = page[page.length - 1];
    if (page.length < 500 || !last) return slots;
    after = last.id;
  }
}

/** Signs a demo account in through the API; its access token. */
export async function tokenOf(request: APIRequestContext, username: string): Promise<string> {
  const data = await gql<{ login: { accessToken: string } }>(
    request,
    null,
    'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { accessToken } }',
    { u: username, p: PASSWORD },
  );
  return data.login.accessToken;
}

/** Signs in through the sign-in page, signed out and in Chinese first. */
export async function signIn(page: Page, username: string, password = PASSWORD): Promise<void> {
  // Clear the stored session on a page of the same origin that runs none of the app's code:
  // on '/' the app's own "who am I" answer could write the session back after the clearing.
  await page.goto('/health');
  await page.evaluate(() => localStorage.clear());
  await page.goto('/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
}

/** The page must not scroll sideways (tables scroll inside their own box). */
export async function expectNoSideScroll(page: Page, what = 'the page'): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, `${what} scrolls sideways`).toBeLessThanOrEqual(0);
}

/** Today (`YYYY-MM-DD`) and this month (`YYYY-MM`) in district (Beijing) time, by the tests' clock (./clock). */
export function beijingToday(at: Date = now()): { day: string; month: string } {
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
  return { day, month: day.slice(0, 7) };
}

/** The first instant of `day` (`YYYY-MM-DD`) in district (Beijing) time. */
export function beijingMidnight(day: string): Date {
  return new Date(`${day}T00:00:00+08:00`);
}

/**
 * When a visit of `minutes` that ended `endedMinutesAgo` minutes ago (by the tests' clock)
 * took place, for a slot whose window opens on `windowFrom` (the server wants the visit to
 * start inside the window): it starts no earlier than that day's midnight, district time, so
 * in the first minutes of the window it is shorter and ends sooner (at most a minute after
 * midnight, never after now).
 */
export function visitTimes(windowFrom: string, endedMinutesAgo: number, minutes: number): { start: Date; end: Date } {
  const t = now().getTime();
  const opens = beijingMidnight(windowFrom).getTime();
  const end = Math.max(t - endedMinutesAgo * 60_000, Math.min(opens + 60_000, t));
  const start = Math.max(end - minutes * 60_000, opens);
  return { start: new Date(start), end: new Date(end) };
}

/** `t` as RFC 3339 with the +08:00 offset, as the record format wants. */
export function beijingIso(t: Date): string {
  const shifted = new Date(t.getTime() + 8 * 3600_000);
  return `${shifted.toISOString().slice(0, 19)}+08:00`;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

/**
 * A small RGB PNG: a coloured gradient with a random band, so every call is a new image
 * (the server flags a photo used by two records).
 */
export function makePng(width = 160, height = 120, hue: [number, number, number] = [47, 125, 91]): Buffer {
  const noise = randomBytes(width);
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x++) {
      const band = y > height * 0.7 && y < height * 0.8;
      row[1 + x * 3] = band ? noise[x]! : Math.min(255, hue[0] + (x * 128) / width);
      row[2 + x * 3] = band ? noise[(x * 7) % width]! : Math.min(255, hue[1] + (y * 100) / height);
      row[3 + x * 3] = band ? 255 - noise[x]! : hue[2];
    }
    rows.push(row);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
}

export interface Uploaded {
  ref: string;
  sha256: string;
  contentType: string;
}

/** Uploads a PNG (`POST /photos`) as the token's account. */
export async function uploadPng(request: APIRequestContext, token: string, png: Buffer): Promise<Uploaded> {
  const response = await request.post('/photos', {
    data: png,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'image/png' },
  });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as Uploaded;
}

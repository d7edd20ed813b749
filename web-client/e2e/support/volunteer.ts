import { randomUUID } from 'node:crypto';
import { expect, type APIRequestContext, type BrowserContext, type Page } from '@playwright/test';
import { beijingIso, beijingMidnight, beijingToday, gql, makePng, tokenOf, uploadPng, visitTimes } from './api';
import { now } from './clock';

export interface OpenSlot {
  id: string;
  elderId: string;
  windowFrom: string;
  windowTo: string;
  needsProfessional: boolean;
  modes: string[];
}

/**
 * Set-up: the town organizer generates this month's slots for the demo volunteer's town
 * (idempotent), and the open slots the volunteer sees are returned in the screen's order
 * (openSlotsNearMe, 14 days, every mode).
 */
export async function openSlotsForVolunteer(request: APIRequestContext): Promise<{ volunteer: string; organizer: string; slots: OpenSlot[] }> {
  const organizer = await tokenOf(request, 'town.organizer');
  const volunteer = await tokenOf(request, 'volunteer');
  const me = await gql<{ me: { areaCode: string } }>(request, organizer, '{ me { areaCode } }');
  await gql(request, organizer, 'mutation($m: String!, $a: String!) { generateSlots(month: $m, areaCode: $a) { wanted } }', {
    m: beijingToday().month,
    a: me.me.areaCode,
  });
  const data = await gql<{ openSlotsNearMe: { slot: OpenSlot }[] }>(
    request,
    volunteer,
    '{ openSlotsNearMe(days: 14) { slot { id elderId windowFrom windowTo needsProfessional modes } } }',
  );
  return { volunteer, organizer, slots: data.openSlotsNearMe.map((n) => n.slot) };
}

/** Slots a demo volunteer can record a visit for today: window running, no professional needed. */
export function claimableToday(slots: OpenSlot[]): OpenSlot[] {
  const { day: today } = beijingToday();
  return slots.filter((s) => !s.needsProfessional && s.windowFrom <= today && today <= s.windowTo);
}

export interface MineRecord {
  id: string;
  slotId: string | null;
  submissionId: string;
  version: number;
  status: string;
}

/** The volunteer's own records (`visitRecords(mine: true)`). */
export async function myRecords(request: APIRequestContext, volunteer: string): Promise<MineRecord[]> {
  const data = await gql<{ visitRecords: { edges: { node: MineRecord }[] } }>(
    request,
    volunteer,
    '{ visitRecords(mine: true, first: 100) { edges { node { id slotId submissionId version status } } } }',
  );
  return data.visitRecords.edges.map((e) => e.node);
}

/** One `submitVisitRecord` a page sent that reached the server. */
export interface Submission {
  submissionId: string;
  slotId: string | null;
  /** The record JSON as sent. */
  record: string;
  /** The server's answer: `created`, `repeat` (`created: false`), or the error code. */
  answer: string;
  /** False when the answer was dropped on its way back to the page. */
  delivered: boolean;
}

/**
 * Every visit record the browser's pages send, as the server saw it: the pages' `/graphql`
 * `submitVisitRecord` calls go to the real server through here, one by one, so a client that
 * sends a record twice, or never, shows in `sent`. `loseAnswers(n)` lets the next n reach the
 * server and drops the answer (the page sees a network failure after the server committed);
 * `setOffline(true)` takes the browser offline and lets nothing through.
 */
export class Submissions {
  readonly sent: Submission[] = [];
  private losing = 0;
  private offline = false;

  private constructor(private readonly context: BrowserContext) {}

  static async watch(context: BrowserContext): Promise<Submissions> {
    const watch = new Submissions(context);
    await context.route('**/graphql', async (route) => {
      const body = route.request().postDataJSON() as { query?: string; variables?: { record?: unknown } } | null;
      if (!body?.query?.includes('submitVisitRecord')) return route.fallback();
      if (watch.offline) return route.abort('internetdisconnected');
      const record = String(body.variables?.record ?? '');
      const { submissionId, slotId } = JSON.parse(record) as { submissionId: string; slotId?: string };
      const response = await route.fetch();
      const answer = (await response.json()) as {
        data?: { submitVisitRecord?: { created: boolean } } | null;
        errors?: { extensions?: { code?: string } }[];
      };
      const lose = watch.losing > 0;
      if (lose) watch.losing -= 1;
      watch.sent.push({
        submissionId,
        slotId: slotId ?? null,
        record,
        answer: answer.errors?.[0]?.extensions?.code ?? (answer.data?.submitVisitRecord?.created ? 'created' : 'repeat'),
        delivered: !lose,
      });
      return lose ? route.abort('failed') : route.fulfill({ response });
    });
    return watch;
  }

  /** The next `n` submissions reach the server; their answers never reach the page. */
  loseAnswers(n = 1): void {
    this.losing += n;
  }

  async setOffline(offline: boolean): Promise<void> {
    this.offline = offline;
    await this.context.setOffline(offline);
  }

  forSlot(slotId: string): Submission[] {
    return this.sent.filter((s) => s.slotId === slotId);
  }
}

/** Waits until the service worker controls the page and holds the shell, so the app opens offline. */
export async function waitForOfflineShell(page: Page): Promise<void> {
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  await expect
    .poll(() => page.evaluate(async () => (await caches.open('tanfang-assets-v1').then((c) => c.keys())).length))
    .toBeGreaterThan(1);
}

/**
 * Another phone of the same volunteer records the visit of `slot` (a held slot) through the
 * API: a 20-minute visit that ended a minute ago, with the elder's signature. Returns its submissionId.
 */
export async function recordVisitByApi(request: APIRequestContext, volunteer: string, slot: OpenSlot): Promise<string> {
  const { me } = await gql<{ me: { id: string; displayName: string } }>(request, volunteer, '{ me { id displayName } }');
  const signature = await uploadPng(request, volunteer, makePng(200, 80, [230, 230, 230]));
  // Ended a minute ago, not starting before the slot's window opens.
  const { start, end } = visitTimes(slot.windowFrom, 1, 20);
  const person = { id: me.id, name: me.displayName };
  const submissionId = randomUUID();
  const record = {
    formatVersion: '1.1.0',
    submissionId,
    elderId: slot.elderId,
    slotId: slot.id,
    startedAt: beijingIso(start),
    endedAt: beijingIso(end),
    mode: (slot.modes[0] ?? 'IN_PERSON').toLowerCase(),
    visitor: person,
    confirmation: {
      visitor: { confirmedAt: beijingIso(end) },
      elder: {
        method: 'signature',
        confirmedAt: beijingIso(end),
        signature: { ref: signature.ref, sha256: signature.sha256, contentType: 'image/png' },
      },
      enteredBy: { person, enteredAt: beijingIso(end) },
    },
  };
  await gql(request, volunteer, 'mutation($r: String!) { submitVisitRecord(record: $r) { created } }', { r: JSON.stringify(record) });
  return submissionId;
}

/** The elder signs with a finger: a stroke across the pad. */
export async function sign(page: Page) {
  const pad = page.getByTestId('signature-pad');
  await pad.scrollIntoViewIfNeeded();
  const box = (await pad.boundingBox())!;
  await page.mouse.move(box.x + 20, box.y + 60);
  await page.mouse.down();
  for (let i = 1; i <= 10; i++) await page.mouse.move(box.x + 20 + i * 25, box.y + 60 + (i % 2 ? 40 : -20));
  await page.mouse.up();
  await expect(pad).toHaveAttribute('data-signed', 'true');
}

/** `t` plus `hours`, as the form's Beijing-time input (`YYYY-MM-DDTHH:MM`). */
export function beijingInput(t: number, hours = 0): string {
  return new Date(t + (8 + hours) * 3600_000).toISOString().slice(0, 16);
}

/**
 * Some minutes ago by the tests' clock, as the form's Beijing-time start, but no earlier than
 * a minute after the slot's window opens (midnight of `windowFrom`, Beijing).
 */
export function startedMinutesAgo(minutes: number, windowFrom: string): string {
  const start = Math.max(now().getTime() - minutes * 60_000, beijingMidnight(windowFrom).getTime() + 60_000);
  return beijingInput(start);
}


/** The demo volunteer's visit today, accepted by the town: its record id. */
export async function acceptedVisit(request: APIRequestContext): Promise<string> {
  const { volunteer, organizer, slots } = await openSlotsForVolunteer(request);
  const today = claimableToday(slots);
  const slot = today[Math.floor(Math.random() * today.length)];
  if (!slot) throw new Error('no slot the volunteer can visit today');
  await gql(request, volunteer, 'mutation($s: String!) { claimSlot(slotId: $s) { id } }', { s: slot.id });
  const submissionId = await recordVisitByApi(request, volunteer, slot);
  const record = (await myRecords(request, volunteer)).find((r) => r.submissionId === submissionId);
  if (!record) throw new Error('the visit was not recorded');
  // A short visit is flagged for review: the reviewer says how it was checked.
  const review = 'mutation($id: String!, $v: Int!, $c: String) { reviewVisitRecord(id: $id, decision: ACCEPT, comment: $c, version: $v) { status } }';
  await gql(request, organizer, review, { id: record.id, v: record.version, c: '已电话回访老人核实' });
  return record.id;
}
